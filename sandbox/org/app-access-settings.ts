// App access settings (experimental in the 2026-07-22 spec): which email domains may self-join which product, with
// what role and whether an admin approves. The mutations record one audit event per product they change.
//
// Sandbox choices (the spec is silent): a domain is stored lower-case (`ANYONE` exactly, meaning any address); a role
// is a product role ARI `ari:cloud:identity::role/product/<name>`, default `.../member`; a domain is `enabled` while it
// applies to at least one product; the spec has no delete, so PUT with `products: []` is how a domain stops applying;
// a change that changes nothing records no event. Audit actions (REALITY.md): user_access_settings_domain_added for a
// domain added (no site) and each product set (its site as the container), user_access_settings_domain_removed for a
// product removed, user_access_settings_domain_updated (assumed) for admin notifications.
import { emittedAction, orgObject, siteObject } from "./audit-shapes";
import type { Actor, AppAccessDomain, Store } from "../store";
import { problem } from "../problems";
import { ORG_ERRORS } from "./errors";

export const ANYONE = "ANYONE";
export const DEFAULT_APP_ROLE = "ari:cloud:identity::role/product/member";
const ROLE_ARI = /^ari:cloud:identity::role\/product\/[a-z][a-z-]*$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export type AppProduct = AppAccessDomain["products"][number];

export function appAccessTable(store: Store): AppAccessDomain[] {
  return (store.world.org.appAccess ??= []);
}

/** `ANYONE`, or the domain lower-cased; anything else is a 400. */
export function normalizeDomain(raw: unknown): string {
  if (raw === ANYONE) return ANYONE;
  const d = typeof raw === "string" ? raw.trim().toLowerCase() : "";
  if (!DOMAIN.test(d)) {
    throw problem(
      ORG_ERRORS.appAccessInvalid,
      `domain must be an email domain like example.com, or ANYONE; got ${JSON.stringify(raw)}.`,
    );
  }
  return d;
}

export function findDomain(store: Store, domain: string): AppAccessDomain | undefined {
  return appAccessTable(store).find((d) => d.domain === domain);
}

export function getDomain(store: Store, raw: string): AppAccessDomain {
  const d = findDomain(store, raw === ANYONE ? ANYONE : raw.toLowerCase());
  if (!d) throw problem(ORG_ERRORS.appAccessDomainNotFound, `No app access settings found for domain ${raw}.`);
  return d;
}

/** One product entry of a body, checked: a product instance of this org, a product role ARI, a boolean. */
export function parseProduct(store: Store, raw: unknown, at: string): AppProduct {
  const p = (raw ?? {}) as Record<string, unknown>;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw problem(ORG_ERRORS.appAccessInvalid, `${at} must be an object with productId.`);
  }
  if (typeof p.productId !== "string" || !store.world.org.workspaces.some((w) => w.id === p.productId)) {
    throw problem(
      ORG_ERRORS.appAccessInvalid,
      `${at}.productId must be the ARI of a product in this organization; got ${JSON.stringify(p.productId)}.`,
    );
  }
  const role = p.role ?? DEFAULT_APP_ROLE;
  if (typeof role !== "string" || !ROLE_ARI.test(role)) {
    throw problem(
      ORG_ERRORS.appAccessInvalid,
      `${at}.role must be a product role ARI like ${DEFAULT_APP_ROLE}; got ${JSON.stringify(p.role)}.`,
    );
  }
  const approval = p.adminApprovalRequired ?? false;
  if (typeof approval !== "boolean") {
    throw problem(ORG_ERRORS.appAccessInvalid, `${at}.adminApprovalRequired must be true or false.`);
  }
  return { productId: p.productId, role, adminApprovalRequired: approval };
}

export function parseProducts(store: Store, raw: unknown): AppProduct[] {
  if (!Array.isArray(raw)) throw problem(ORG_ERRORS.appAccessInvalid, "products must be an array.");
  const products = raw.map((p, i) => parseProduct(store, p, `products[${i}]`));
  const ids = products.map((p) => p.productId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw problem(ORG_ERRORS.appAccessInvalid, `products lists ${twice} twice.`);
  return products;
}

/** The domain as the event's context: the org with the email domain (REALITY.md: domain events name an `orgs` object). */
const domainContext = (store: Store, domain: string) => orgObject(store, domain);

/** The product as the event's container: its site, with the product, role and approval (assumed attributes). */
function productContainer(store: Store, p: AppProduct) {
  const ws = store.world.org.workspaces.find((w) => w.id === p.productId);
  return siteObject(ws ?? { cloudId: p.productId, host: p.productId, siteName: p.productId }, {
    product: ws?.product,
    role: p.role,
    adminApprovalRequired: p.adminApprovalRequired,
  });
}

const who = (domain: string) => (domain === ANYONE ? "anyone" : `people at ${domain}`);

function recordSet(store: Store, actor: Actor, domain: string, p: AppProduct): void {
  const ws = store.world.org.workspaces.find((w) => w.id === p.productId);
  const how = p.adminApprovalRequired ? "with admin approval" : "without approval";
  store.recordEvent(
    emittedAction("selfSignupAdded", actor),
    actor,
    [domainContext(store, domain)],
    `Let ${who(domain)} join ${ws?.product} on ${ws?.host} ${how}`,
    [productContainer(store, p)],
  );
}

function recordRemoved(store: Store, actor: Actor, domain: string, p: AppProduct): void {
  const ws = store.world.org.workspaces.find((w) => w.id === p.productId);
  store.recordEvent(
    emittedAction("selfSignupRemoved", actor),
    actor,
    [domainContext(store, domain)],
    `Stopped ${who(domain)} joining ${ws?.product} on ${ws?.host}`,
    [productContainer(store, p)],
  );
}

const same = (a: AppProduct, b: AppProduct) => a.role === b.role && a.adminApprovalRequired === b.adminApprovalRequired;

export function createDomain(
  store: Store,
  actor: Actor,
  input: { domain: string; adminNotifications: boolean; products: AppProduct[] },
): AppAccessDomain {
  if (findDomain(store, input.domain)) {
    throw problem(ORG_ERRORS.appAccessDomainExists, `A configuration for domain ${input.domain} already exists.`);
  }
  const d: AppAccessDomain = { domain: input.domain, adminNotifications: input.adminNotifications, products: [] };
  appAccessTable(store).push(d);
  store.recordEvent(
    emittedAction("selfSignupAdded", actor),
    actor,
    [domainContext(store, d.domain)],
    `Added app access settings for ${who(d.domain)}`,
  );
  for (const p of input.products) upsertProduct(store, actor, d, p);
  return d;
}

/** PUT: the domain's products become exactly `products` (others are removed). */
export function replaceDomain(
  store: Store,
  actor: Actor,
  d: AppAccessDomain,
  input: { adminNotifications: boolean; products: AppProduct[] },
): AppAccessDomain {
  if (d.adminNotifications !== input.adminNotifications) {
    d.adminNotifications = input.adminNotifications;
    store.recordEvent(
      emittedAction("selfSignupUpdated", actor),
      actor,
      [domainContext(store, d.domain)],
      `Turned admin notifications ${input.adminNotifications ? "on" : "off"} for ${who(d.domain)}`,
    );
  }
  const keep = new Set(input.products.map((p) => p.productId));
  for (const p of d.products.filter((x) => !keep.has(x.productId))) recordRemoved(store, actor, d.domain, p);
  d.products = d.products.filter((x) => keep.has(x.productId));
  for (const p of input.products) upsertProduct(store, actor, d, p);
  d.products = input.products.map((p) => ({ ...p })); // the body's order
  return d;
}

/** POST .../products: adds or replaces one product's settings, leaving the others. */
export function upsertProduct(store: Store, actor: Actor, d: AppAccessDomain, p: AppProduct): AppAccessDomain {
  const i = d.products.findIndex((x) => x.productId === p.productId);
  if (i >= 0 && same(d.products[i], p)) return d;
  if (i >= 0) d.products[i] = p;
  else d.products.push(p);
  recordSet(store, actor, d.domain, p);
  return d;
}

export function renderDomain(d: AppAccessDomain) {
  return {
    domain: d.domain,
    enabled: d.products.length > 0,
    adminNotifications: d.adminNotifications,
    products: d.products.map((p) => ({ ...p })),
  };
}

/** Alphabetical by domain, ignoring case (`ANYONE` among the a's). */
export function sortedDomains(store: Store): AppAccessDomain[] {
  return [...appAccessTable(store)].sort((a, b) => a.domain.toLowerCase().localeCompare(b.domain.toLowerCase()));
}
