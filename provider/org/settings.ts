// App access settings (self-signup by email domain) as this provider process knows them: read once per process, then
// patched by this process's own writes, like the org state (snapshot.ts).
//
// Cost per run: one list request per 100 configured domains, and one read of each domain that applies to a product
// (the list tells only how many products a domain has); an AppAccessSettings reads its own domain once, shared with
// the split. acme: 3 requests. The endpoints are experimental and only in the 2026-07-22 spec (later specs drop them):
// when the list answers 404 or 403 the settings are "not read", open-self-signup is not checked, and one line says so.
import { context, runPart, type Context } from "../lifecycle/context";
import { ApiError } from "../clients/errors";
import type { AppAccessSettingsDomainDetail } from "../clients/atlassian/access-schemas";
import { ANYONE, normalizeDomain, roleAri } from "../rules/self-signup";
import type { SnapDomainSetting } from "../rules/snapshot";

interface SettingsCache {
  ctx: Context;
  /** Domains that apply to a product, from the list; undefined when the list could not be read. */
  enabled?: Promise<string[] | undefined>;
  domains: Map<string, Promise<SnapDomainSetting | undefined>>;
  /** Domains this process wrote: they count as listed whatever the list said. */
  written: Set<string>;
  /** Bumped by every write this process makes, so views built over the settings know to rebuild. */
  version: number;
  /** Whether the line saying the settings could not be read was printed. */
  warned: boolean;
}

/** This run's settings (the run state's part). */
const runSettings = runPart("app access settings", (): SettingsCache => ({
  ctx: context(),
  domains: new Map(),
  written: new Set(),
  version: 0,
  warned: false,
}));

function current(): SettingsCache {
  context();
  return runSettings();
}

/** Bumped by every write this process makes, so views built over the settings know to rebuild. */
export const settingsVersion = (): number => current().version;

/** The API's answer as the rules read it: products with their defaults (role `member`, no approval) made explicit. */
export function snapSetting(d: AppAccessSettingsDomainDetail): SnapDomainSetting {
  return {
    domain: d.domain === ANYONE ? ANYONE : normalizeDomain(d.domain),
    adminNotifications: d.adminNotifications,
    products: d.products.map((p) => ({
      resourceId: p.productId,
      role: roleAri(p.role ?? undefined),
      adminApprovalRequired: p.adminApprovalRequired ?? false,
    })),
  };
}

/** Memoizes a read; a failed read is forgotten so the next caller retries it. */
function remember<T>(set: (p: Promise<T> | undefined) => void, p: Promise<T>): Promise<T> {
  set(p);
  p.catch(() => set(undefined));
  return p;
}

/** One domain's settings, read once per process; undefined when the domain has none. */
export function domainSetting(domain: string): Promise<SnapDomainSetting | undefined> {
  const c = current();
  const key = normalizeDomain(domain);
  const known = c.domains.get(key);
  if (known) return known;
  const read = c.ctx.access.findAppAccessSettingsDomain(key).then((d) => (d ? snapSetting(d) : undefined));
  return remember((p) => (p ? c.domains.set(key, p) : c.domains.delete(key)), read);
}

async function listEnabled(c: SettingsCache): Promise<string[] | undefined> {
  try {
    const list = await c.ctx.access.listAppAccessSettingsDomains();
    return list.filter((d) => (d.numberOfProductsAppliesTo ?? (d.enabled ? 1 : 0)) > 0).map((d) => d.domain);
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 403)) throw err;
    if (!c.warned)
      console.log(
        `[atlassian-access] app access settings could not be read (HTTP ${err.status} from the experimental /app-access-settings/domains endpoint): open-self-signup is not checked in this run.`,
      );
    c.warned = true;
    return undefined;
  }
}

/**
 * Every domain's settings that apply to some product (what the split's open-self-signup rule reads); undefined when
 * they cannot be read (the endpoint is not served).
 */
export async function appAccessSettings(): Promise<SnapDomainSetting[] | undefined> {
  const c = current();
  c.enabled ??= remember((p) => {
    c.enabled = p;
  }, listEnabled(c));
  const listed = await c.enabled;
  if (!listed) return undefined;
  const names = [...new Set([...listed.map(normalizeDomain), ...c.written])];
  const all = await Promise.all(names.map(domainSetting));
  return all.filter((s): s is SnapDomainSetting => s !== undefined && s.products.length > 0);
}

/** This process's write answered with the domain's new settings: later reads answer from it. */
export function patchSetting(d: AppAccessSettingsDomainDetail): SnapDomainSetting {
  const c = current();
  const s = snapSetting(d);
  c.domains.set(s.domain, Promise.resolve(s));
  c.written.add(s.domain);
  c.version++;
  return s;
}

/** A read that found the domain unset after all (a write of this process that did not land). */
export function forgetSetting(domain: string): void {
  const c = current();
  c.domains.delete(normalizeDomain(domain));
  c.version++;
}
