// Self-signup (app access settings: which email domains may join which product, with what role, whether an admin
// approves): the input rules AppAccessSettings checks, and the findings about it: a door open to a domain code does not
// declare (`open-self-signup`, the OwnershipSplit's) and a declared setting changed by hand (the resource's). Pure.
import { ACTIONS } from "./audit-actions";
import { byActor, causeFrom } from "./attribution";
import { makeFinding, type Finding } from "./findings";
import type { SnapDomainSetting, SnapSelfSignupProduct, SnapshotView } from "./snapshot";

/** The spec's domain for "any email address at all". */
export const ANYONE = "ANYONE";

/** Product role ARIs: the API's `role` on a self-signup product. */
export const SELF_SIGNUP_ROLE_ARI = "ari:cloud:identity::role/product/";

/**
 * The roles a domain may self-join a product with. The 2026-07-22 spec names one, `member` (the default, "the product's
 * member role"), and publishes no list of others; code offers only that one rather than guess.
 */
export const SELF_SIGNUP_ROLES = ["member"] as const;
export const DEFAULT_SELF_SIGNUP_ROLE = "member";

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `ANYONE` exactly, or the domain lower-cased and trimmed (the API compares domains ignoring case). */
export const normalizeDomain = (d: string): string => (d === ANYONE ? ANYONE : d.trim().toLowerCase());

/** Why `domain` is not an email domain nor `ANYONE`, or undefined. */
export function domainProblem(domain: string): string | undefined {
  if (domain === ANYONE) return undefined;
  if (domain.trim().toUpperCase() === ANYONE)
    return `domain ${JSON.stringify(domain)}: write ANYONE in capitals for any email address (the API's spelling).`;
  const d = normalizeDomain(domain);
  if (d.includes("@"))
    return `domain ${JSON.stringify(domain)} is an email address; give only the part after the @ (e.g. "${d.split("@").pop()}").`;
  if (!DOMAIN.test(d))
    return `domain ${JSON.stringify(domain)} is not an email domain like example.com (letters, digits and hyphens, dot-separated, ending in a top-level domain), nor ANYONE.`;
  return undefined;
}

/** The role's ARI for a short name (`member`) or an ARI as given. */
export const roleAri = (role: string | undefined): string =>
  role === undefined
    ? `${SELF_SIGNUP_ROLE_ARI}${DEFAULT_SELF_SIGNUP_ROLE}`
    : role.startsWith("ari:")
      ? role
      : `${SELF_SIGNUP_ROLE_ARI}${role}`;

/** The short name of a role ARI (`member`), or the ARI itself when it is not a product role ARI. */
export const roleName = (ari: string): string =>
  ari.startsWith(SELF_SIGNUP_ROLE_ARI) ? ari.slice(SELF_SIGNUP_ROLE_ARI.length) : ari;

/** Why `role` is not one self-signup offers, or undefined. */
export function selfSignupRoleProblem(role: string): string | undefined {
  if ((SELF_SIGNUP_ROLES as readonly string[]).includes(roleName(role))) return undefined;
  return `role ${JSON.stringify(role)} is not a role self-signup offers: the app access settings API (experimental, 2026-07-22 spec) lets a domain join a product only as ${SELF_SIGNUP_ROLES.map((r) => `"${r}"`).join(", ")} (${SELF_SIGNUP_ROLE_ARI}member, the default). Remove role, or set "member".`;
}

/** Why a setting for `ANYONE` is refused without its flag: any address on the internet could join. */
export function anyoneRefusal(products: string[]): string {
  return (
    `domain "ANYONE" lets anyone with any email address join ${products.join(", ")}: set allowAnyDomain: true to ` +
    `declare that on purpose, or name your email domain instead of ANYONE.`
  );
}

/** One product of a domain, as findings and plans name it: `<host>/<product>`. */
const productLabel = (view: SnapshotView, p: { resourceId: string }) => view.siteLabel(p.resourceId);

const who = (domain: string) => (domain === ANYONE ? "Anyone with any email address" : `People at ${domain}`);

/**
 * Actions of the app access settings audit events (audit-actions.ts; REALITY.md). The catalogue has
 * USER_ACCESS_SETTINGS_DOMAIN_ADDED/_REMOVED: a domain added names no product, a product set or removed names its site;
 * `_updated` (admin notifications) is assumed.
 */
export const SELF_SIGNUP_EVENTS = {
  productSet: ACTIONS.selfSignupAdded[0],
  productRemoved: ACTIONS.selfSignupRemoved[0],
  domainCreated: ACTIONS.selfSignupAdded[0],
  domainUpdated: ACTIONS.selfSignupUpdated[0],
} as const;
const PRODUCT_EVENTS = [...ACTIONS.selfSignupAdded, ...ACTIONS.selfSignupRemoved];

/** The audit index key of one domain's product (attribution.ts indexes events by it). */
export const selfSignupKey = (domain: string, resourceId?: string) =>
  resourceId ? `selfsignup:${domain}/${resourceId}` : `selfsignup:${domain}`;

/**
 * `open-self-signup`: a product that `ANYONE`, or a domain code does not declare, may join without an admin's approval.
 * `declared` holds the domains the program's AppAccessSettings declare (the split's hint); a declared domain's settings
 * are that resource's to keep (it reports their drift), so they are never this finding, `ANYONE` included (declaring it
 * needs allowAnyDomain). Absent settings (not read) give none.
 */
export function openSelfSignup(view: SnapshotView, declared: readonly string[] = []): Finding[] {
  const mine = new Set(declared.map(normalizeDomain));
  const out: Finding[] = [];
  for (const s of view.snap.appAccessSettings ?? []) {
    const domain = normalizeDomain(s.domain);
    if (mine.has(domain)) continue;
    for (const p of s.products) {
      if (p.adminApprovalRequired) continue;
      const where = productLabel(view, p);
      const [host, product] = [where.slice(0, where.lastIndexOf("/")), where.slice(where.lastIndexOf("/") + 1)];
      const e = view.index.latest(selfSignupKey(domain, p.resourceId), ACTIONS.selfSignupAdded);
      const cause = causeFrom(e, view.lanes);
      const declare =
        domain === ANYONE
          ? `declare it with new AppAccessSettings({ domain: "ANYONE", allowAnyDomain: true, adopt: true, products: [...] })`
          : `declare it with new AppAccessSettings({ domain: "${domain}", adopt: true, products: [...] })`;
      out.push(
        makeFinding(
          "open-self-signup",
          `${domain}@${where}`,
          "pulumi",
          `${who(domain)} can join ${product} on ${host} as ${roleName(p.role)} without an admin's approval (app access settings${e ? `, set by ${byActor(cause.actor)}` : ""}), and code declares no app access settings for ${domain === ANYONE ? "ANYONE" : domain}.`,
          `Turn it off or require admin approval in admin.atlassian.com (or code it closed: AppAccessSettings with products that require approval, or none); to keep it, ${declare}, or accept this finding with a reason.`,
          cause,
        ),
      );
    }
  }
  return out;
}

/** A declared product of a setting, with its site's ARI resolved. */
export type DeclaredProduct = SnapSelfSignupProduct;

const describeProduct = (p: SnapSelfSignupProduct) =>
  `${roleName(p.role)}, ${p.adminApprovalRequired ? "with admin approval" : "without approval"}`;

/**
 * `self-signup-changed-outside-code`: how a declared setting differs from the live one, per product (added, removed or
 * changed) and for admin notifications, each with the newest audit event about it. Empty when they agree.
 */
export function settingDrift(
  view: SnapshotView,
  declared: { domain: string; adminNotifications?: boolean; products: DeclaredProduct[] },
  live: SnapDomainSetting | undefined,
): Finding[] {
  const domain = normalizeDomain(declared.domain);
  const out: Finding[] = [];
  const liveProducts = new Map((live?.products ?? []).map((p) => [p.resourceId, p]));
  const want = new Map(declared.products.map((p) => [p.resourceId, p]));
  const ids = [...new Set([...want.keys(), ...liveProducts.keys()])];
  for (const id of ids) {
    const w = want.get(id);
    const l = liveProducts.get(id);
    if (w && l && w.role === l.role && w.adminApprovalRequired === l.adminApprovalRequired) continue;
    const where = productLabel(view, { resourceId: id });
    const e = view.index.latest(selfSignupKey(domain, id), PRODUCT_EVENTS);
    const cause = causeFrom(e, view.lanes);
    const by = byActor(cause.actor);
    const what = !l
      ? `removed ${where} (declared: ${describeProduct(w!)})`
      : !w
        ? `added ${where} (${describeProduct(l)}), which code does not declare,`
        : `changed ${where} to ${describeProduct(l)} (declared: ${describeProduct(w)})`;
    out.push(
      makeFinding(
        "self-signup-changed-outside-code",
        `${domain}@${where}`,
        "pulumi",
        `${by} ${what} in the app access settings of ${domain} outside code; code's AppAccessSettings owns them.`,
        `\`pulumi up\` restores the declared setting; to keep the change, declare it in the AppAccessSettings for ${domain}.`,
        cause,
      ),
    );
  }
  const notify = declared.adminNotifications;
  if (live && notify !== undefined && live.adminNotifications !== undefined && live.adminNotifications !== notify) {
    const e = view.index.latest(selfSignupKey(domain), ACTIONS.selfSignupUpdated);
    const cause = causeFrom(e, view.lanes);
    out.push(
      makeFinding(
        "self-signup-changed-outside-code",
        domain,
        "pulumi",
        `${byActor(cause.actor)} turned admin notifications ${live.adminNotifications ? "on" : "off"} for ${domain} outside code (declared ${notify ? "on" : "off"}).`,
        `\`pulumi up\` restores the declared setting; to keep the change, set adminNotifications: ${live.adminNotifications} on the AppAccessSettings for ${domain}.`,
        cause,
      ),
    );
  }
  return out;
}

/** Who made a domain's settings: the newest creation or product event about it in the window. */
export function settingOrigin(view: SnapshotView, domain: string) {
  const d = normalizeDomain(domain);
  return view.index.latest(selfSignupKey(d), PRODUCT_EVENTS);
}
