// `/__sandbox/*` controls for who can use what: a person using a product (last active, on the sandbox clock), an
// admin granting a role to a person directly, and an admin editing self-signup (app access settings) by hand.
import express, { type Router } from "express";
import type { SandboxHandle } from "../server";
import type { Store } from "../store";
import { SANDBOX_ERRORS, problem } from "../problems";
import { findUserByEmail } from "../org/ops";
import { platformSiteAri } from "../org/access-index";
import { assignUserRole, recordActivity, revokeUserRole } from "../org/user-roles";
import {
  ANYONE,
  DEFAULT_APP_ROLE,
  createDomain,
  findDomain,
  normalizeDomain,
  replaceDomain,
  upsertProduct,
} from "../org/app-access-settings";
import { adminActor, need, workspaceFor } from "./controls";

function account(store: Store, email: string) {
  const u = findUserByEmail(store, email);
  if (!u) throw problem(SANDBOX_ERRORS.notFound, `No account with email ${email}.`);
  return u;
}

/** The resource a role control names: the org for org admin, a site for site admin, else site × product. */
function roleTarget(store: Store, role: string, body: Record<string, unknown>): string | undefined {
  if (role === "atlassian/org-admin") return undefined;
  const site = need(body, "site");
  if (role === "atlassian/site-admin") {
    const ws = store.world.org.workspaces.find((w) => w.host === site);
    if (!ws) throw problem(SANDBOX_ERRORS.badRequest, `No site ${site}.`);
    return platformSiteAri(ws.cloudId);
  }
  return workspaceFor(store, site, need(body, "product")).id;
}

export function accessControlRoutes(handle: SandboxHandle): Router {
  const r = express.Router({ mergeParams: true });
  const s = () => handle.store;

  /** A person uses a product: its last active becomes the sandbox clock's now (or `at`, an ISO time). */
  r.post("/activity", (req, res) => {
    const body = req.body ?? {};
    const u = account(s(), need(body, "email"));
    const ws = workspaceFor(s(), need(body, "site"), need(body, "product"));
    const at = body.at === undefined ? s().nowIso() : String(body.at);
    if (Number.isNaN(Date.parse(at)))
      throw problem(SANDBOX_ERRORS.badRequest, `at must be an ISO-8601 time; got ${at}.`);
    const lastActive = recordActivity(s(), u.accountId, ws.id, new Date(at).toISOString());
    s().save();
    res.json({ email: u.email, resourceId: ws.id, lastActive });
  });

  /** A person in admin.atlassian.com grants or revokes a role on one account: product access, site or org admin. */
  r.post("/admin/user-role", (req, res) => {
    const body = req.body ?? {};
    const u = account(s(), need(body, "email"));
    const role = need(body, "role");
    const resource = roleTarget(s(), role, body);
    const op = body.op === "revoke" ? "revoke" : "assign";
    (op === "revoke" ? revokeUserRole : assignUserRole)(s(), adminActor(s(), body.actor), u.accountId, role, resource);
    s().save();
    res.json({ email: u.email, role, resourceId: resource ?? null, op });
  });

  /** A person lets a domain (or ANYONE) self-join one product, or stops it (`op: remove`). */
  r.post("/admin/app-access-setting", (req, res) => {
    const body = req.body ?? {};
    const actor = adminActor(s(), body.actor);
    const domain = body.domain === ANYONE ? ANYONE : normalizeDomain(need(body, "domain"));
    const ws = workspaceFor(s(), need(body, "site"), need(body, "product"));
    const product = {
      productId: ws.id,
      role: typeof body.role === "string" ? body.role : DEFAULT_APP_ROLE,
      adminApprovalRequired: body.adminApprovalRequired === true,
    };
    const d = findDomain(s(), domain);
    if (body.op === "remove") {
      if (d) {
        const products = d.products.filter((p) => p.productId !== ws.id);
        replaceDomain(s(), actor, d, { adminNotifications: d.adminNotifications, products });
      }
    } else if (!d) createDomain(s(), actor, { domain, adminNotifications: false, products: [product] });
    else upsertProduct(s(), actor, d, product);
    s().save();
    res.json({ domain, products: findDomain(s(), domain)?.products ?? [] });
  });

  return r;
}
