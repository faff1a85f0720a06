// `/v2/orgs/{orgId}/app-access-settings/domains…` (experimental; in the 2026-07-22 spec only, see spec-overlay.yaml):
// list, create, get, replace, and upsert one product. Mounted inside orgRoutes, after its key and org checks.
//
// Sandbox choices: list pages are offset cursors; `links.next`/`prev`/`self` are full URLs carrying `cursor` and
// `limit` (the spec's example), null where there is no such page; the 201 of a create carries `Location`. The rest
// (domain case, roles, enabled, no delete, events) is in sandbox/org/app-access-settings.ts.
import express, { type Request, type Router } from "express";
import type { SandboxHandle } from "../server";
import { problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";
import { parseLimit } from "./org-paging";
import {
  createDomain,
  getDomain,
  normalizeDomain,
  parseProduct,
  parseProducts,
  renderDomain,
  replaceDomain,
  sortedDomains,
  upsertProduct,
} from "../org/app-access-settings";

function offsetOf(cursor: unknown): number {
  if (cursor === undefined || cursor === "") return 0;
  const o = typeof cursor === "string" ? Number(Buffer.from(cursor, "base64url").toString("utf8")) : NaN;
  if (!Number.isInteger(o) || o < 0)
    throw problem(ORG_ERRORS.invalidCursor, `The cursor "${String(cursor)}" is not valid.`);
  return o;
}

function adminNotifications(body: Record<string, unknown>): boolean {
  if (typeof body.adminNotifications !== "boolean") {
    throw problem(ORG_ERRORS.appAccessInvalid, "adminNotifications is required (true or false).");
  }
  return body.adminNotifications;
}

export function appAccessSettingsRoutes(handle: SandboxHandle): Router {
  const r = express.Router({ mergeParams: true });
  const store = () => handle.store;
  const base = "/v2/orgs/:orgId/app-access-settings/domains";
  const listUrl = (req: Request) =>
    `${req.protocol}://${req.get("host")}/admin/v2/orgs/${store().world.org.id}/app-access-settings/domains`;

  r.get(base, (req, res) => {
    const limit = parseLimit(req.query.limit, 20, 100);
    const offset = offsetOf(req.query.cursor);
    const all = sortedDomains(store());
    const page = all.slice(offset, offset + limit);
    const at = (o: number) => `${listUrl(req)}?cursor=${Buffer.from(String(o)).toString("base64url")}&limit=${limit}`;
    res.json({
      data: page.map((d) => ({
        domain: d.domain,
        enabled: d.products.length > 0,
        numberOfProductsAppliesTo: d.products.length,
      })),
      links: {
        self: offset ? at(offset) : listUrl(req),
        next: offset + limit < all.length ? at(offset + limit) : null,
        prev: offset > 0 ? at(Math.max(0, offset - limit)) : null,
      },
    });
  });

  r.post(base, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const domain = normalizeDomain(body.domain);
    const d = createDomain(store(), res.locals.actor, {
      domain,
      adminNotifications: adminNotifications(body),
      products: parseProducts(store(), body.products),
    });
    res.setHeader(
      "Location",
      `/admin/v2/orgs/${store().world.org.id}/app-access-settings/domains/${encodeURIComponent(d.domain)}`,
    );
    res.status(201).json(renderDomain(d));
  });

  r.get(`${base}/:domain`, (req, res) => {
    res.json(renderDomain(getDomain(store(), req.params.domain)));
  });

  r.put(`${base}/:domain`, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const notify = adminNotifications(body);
    const products = parseProducts(store(), body.products);
    const d = getDomain(store(), req.params.domain);
    res.json(renderDomain(replaceDomain(store(), res.locals.actor, d, { adminNotifications: notify, products })));
  });

  r.post(`${base}/:domain/products`, (req, res) => {
    const product = parseProduct(store(), req.body, "body");
    const d = getDomain(store(), req.params.domain);
    res.json(renderDomain(upsertProduct(store(), res.locals.actor, d, product)));
  });

  return r;
}
