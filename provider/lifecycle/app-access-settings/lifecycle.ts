// AppAccessSettings: one email domain's self-signup (the products its people may join, the role, whether an admin
import {
  APP_ACCESS_SETTINGS_SETTINGS,
  type SelfSignupProductArgs,
  type AppAccessSettingsArgs,
  type AppAccessSettingsOutputs,
} from "./args";
import { carriedInputs, changedSettings, sameFlag } from "../../runtime/settings";
export type { SelfSignupProductArgs, AppAccessSettingsArgs, AppAccessSettingsOutputs } from "./args";
// approves), through the org API's experimental app access settings endpoints. Code's lane; the domain's products are
// authoritative, like a code-owned Group's members.
import type { CheckFailure, Lifecycle } from "../../runtime/types";
import { compact, isUnknown } from "../../runtime/values";
import { snapshotView, workspaces } from "../../org/snapshot";
import { LookupError, resourceIdFor } from "../app-access/lifecycle";
import { settledWrite } from "../../runtime/settle";
import { announce } from "../../runtime/announce";
import { domainSetting, forgetSetting, patchSetting } from "../../org/settings";
import { context } from "../context";
import { checkSettingsArgs } from "./check";
import { settingCreator, existsReason, type SettingCreator } from "./origin";
import { isConflict } from "../../clients/errors";
import type { AppAccessSettingsProduct } from "../../clients/atlassian/access-schemas";
import type { Finding } from "../../rules/findings";
import type { SnapDomainSetting, SnapSelfSignupProduct } from "../../rules/snapshot";
import { ANYONE, normalizeDomain, roleAri, roleName, settingDrift } from "../../rules/self-signup";

const api = () => context().access;

/** The products with check's defaults, sorted by site and product: the form diff compares. */
export function canonicalProducts(products: SelfSignupProductArgs[]): Required<SelfSignupProductArgs>[] {
  return products
    .map((p) => ({
      site: p.site,
      product: p.product,
      role: roleName(roleAri(p.role)),
      adminApprovalRequired: p.adminApprovalRequired ?? true,
    }))
    .sort((a, b) => `${a.site}/${a.product}`.localeCompare(`${b.site}/${b.product}`));
}

const productsKey = (ps: SelfSignupProductArgs[] | undefined) => JSON.stringify(canonicalProducts(ps ?? []));

/** The declared products as the API takes them, each site × product resolved to its workspace ARI. */
async function resolve(products: Required<SelfSignupProductArgs>[]): Promise<SnapSelfSignupProduct[]> {
  return Promise.all(
    products.map(async (p) => ({
      resourceId: await resourceIdFor(p.site, p.product),
      role: roleAri(p.role),
      adminApprovalRequired: p.adminApprovalRequired,
    })),
  );
}

/** Live products in the resource's terms: site host and product name (an ARI the org no longer has stays as it is). */
async function observed(s: SnapDomainSetting | undefined): Promise<Required<SelfSignupProductArgs>[]> {
  const ws = await workspaces();
  return canonicalProducts(
    (s?.products ?? []).map((p) => {
      const w = ws.find((x) => x.id === p.resourceId);
      return {
        site: w?.host ?? p.resourceId,
        product: w?.product ?? "?",
        role: roleName(p.role),
        adminApprovalRequired: p.adminApprovalRequired,
      };
    }),
  );
}

const wire = (ps: SnapSelfSignupProduct[]): AppAccessSettingsProduct[] =>
  ps.map((p) => ({ productId: p.resourceId, role: p.role, adminApprovalRequired: p.adminApprovalRequired }));

const sameProducts = (a: SnapSelfSignupProduct[], b: SnapSelfSignupProduct[]) => {
  const key = (ps: SnapSelfSignupProduct[]) =>
    JSON.stringify(ps.map((p) => [p.resourceId, p.role, p.adminApprovalRequired]).sort());
  return key(a) === key(b);
};

/** Whether the live setting is what a write asked for (settles a write whose answer was lost). */
async function holds(domain: string, want: SnapSelfSignupProduct[], notify: boolean | undefined): Promise<boolean> {
  forgetSetting(domain);
  const live = await domainSetting(domain);
  return (
    live !== undefined &&
    sameProducts(live.products, want) &&
    (notify === undefined || live.adminNotifications === notify)
  );
}

/** The domain's settings become exactly `want`: one PUT (POST when the domain has none yet), settled by reading. */
async function writeSetting(
  domain: string,
  live: SnapDomainSetting | undefined,
  want: SnapSelfSignupProduct[],
  notify: boolean | undefined,
): Promise<void> {
  const adminNotifications = notify ?? live?.adminNotifications ?? false;
  if (live && sameProducts(live.products, want) && live.adminNotifications === adminNotifications) return;
  let sent = 0;
  await settledWrite(
    async () => {
      sent++;
      const body = { adminNotifications, products: wire(want) };
      const answer = live
        ? await api().replaceAppAccessSettingsDomain(domain, body)
        : await api().createAppAccessSettingsDomain({ domain, ...body });
      patchSetting(answer);
    },
    async () => {
      const ok = await holds(domain, want, adminNotifications);
      if (ok) patchSetting({ domain, adminNotifications, products: wire(want) });
      return ok;
    },
    // A re-sent create that meets 409: an earlier send landed (holds() then says whether as asked).
    { alsoSettles: (err) => !live && sent > 1 && isConflict(err) },
  );
}

/** Drift of the declared setting, printed once: events are read only when there is a difference to explain. */
async function driftFindings(
  domain: string,
  declared: { adminNotifications?: boolean; products: SnapSelfSignupProduct[] },
  live: SnapDomainSetting | undefined,
): Promise<Finding[]> {
  const want = { domain, ...declared };
  if (settingDrift(await snapshotView({ events: false }), want, live).length === 0) return [];
  const findings = settingDrift(await snapshotView(), want, live);
  announce(`AppAccessSettings ${domain}`, findings);
  return findings;
}

async function outputs(
  args: AppAccessSettingsArgs,
  live: SnapDomainSetting | undefined,
  productIds: string[],
  adopted: boolean,
  findings: Finding[] = [],
): Promise<AppAccessSettingsOutputs> {
  return compact({
    ...args,
    domain: normalizeDomain(args.domain),
    products: await observed(live),
    declaredProducts: canonicalProducts(args.products),
    productIds,
    adopted,
    findings,
  });
}

/** The refusal of an existing domain's settings without adopt, unless code's own credential made them. */
async function refuseExisting(domain: string, live: SnapDomainSetting): Promise<SettingCreator | undefined> {
  const made = await settingCreator(domain);
  if (made?.actor === "pulumi") return made;
  const view = await snapshotView();
  throw new Error(existsReason(domain, live, made, (id) => view.siteLabel(id)));
}

export const appAccessSettingsLifecycle: Lifecycle<AppAccessSettingsArgs, AppAccessSettingsOutputs> = {
  async check(olds, news) {
    const failures: CheckFailure[] = checkSettingsArgs(news);
    if (failures.length) return { failures };
    let products = canonicalProducts(news.products);
    for (const [i, p] of products.entries()) {
      if (isUnknown(p.site) || isUnknown(p.product)) continue;
      try {
        const id = await resourceIdFor(p.site, p.product);
        // A site given as its workspace ARI is stored as its host, the form a refresh observes.
        p.site = (await workspaces()).find((w) => w.id === id)?.host || p.site;
      } catch (e) {
        if (!(e instanceof LookupError)) throw e;
        failures.push({ property: "products", reason: `products[${i}] (${p.site}/${p.product}): ${e.message}` });
      }
    }
    const domain = normalizeDomain(news.domain);
    // A new resource (or a new domain) on a domain someone else set up: refused at preview, naming who (create refuses
    // it again).
    if (failures.length === 0 && !news.adopt && olds?.domain !== domain && !isUnknown(news.domain)) {
      const live = await domainSetting(domain).catch(() => undefined);
      if (live && live.products.length > 0) {
        const refusal = await refuseExisting(domain, live).then(
          () => undefined,
          (e: Error) => e.message,
        );
        if (refusal) failures.push({ property: "domain", reason: refusal });
      }
    }
    if (failures.length) return { failures };
    products = canonicalProducts(products);
    return { inputs: compact({ ...news, domain, products }) };
  },

  async diff(_id, olds, news) {
    const settings = changedSettings(olds, news, APP_ACCESS_SETTINGS_SETTINGS, {
      domain: (old, now) => isUnknown(now) || normalizeDomain(now as string) === old,
      allowAnyDomain: sameFlag,
      adopt: sameFlag,
      deleteOnDestroy: sameFlag,
    });
    const replaces = settings.filter((k) => k === "domain");
    const changes =
      settings.length > 0 ||
      // The observed inputs, as declared: the products (in any order) and the notifications when given.
      isUnknown(news.products) ||
      productsKey(olds.products) !== productsKey(news.products) ||
      (news.adminNotifications !== undefined && olds.adminNotifications !== news.adminNotifications) ||
      (olds.findings ?? []).length > 0;
    return { changes, replaces };
  },

  async create(inputs) {
    const domain = normalizeDomain(inputs.domain);
    const products = canonicalProducts(inputs.products);
    const want = await resolve(products);
    const live = await domainSetting(domain);
    const existing = live !== undefined && live.products.length > 0;
    let takenOver = false;
    if (existing && !inputs.adopt) {
      const made = await refuseExisting(domain, live);
      console.log(
        `[atlassian-access] AppAccessSettings ${domain}: taken over: code's credential set them at ${made!.at} (audit event ${made!.eventId}) in a run that did not finish.`,
      );
      takenOver = true;
    }
    await writeSetting(domain, live, want, inputs.adminNotifications);
    const outs = await outputs(
      inputs,
      await domainSetting(domain),
      want.map((p) => p.resourceId),
      existing && !takenOver,
    );
    return { id: domain, outs };
  },

  async read(id, props) {
    const live = await domainSetting(props.domain ?? id);
    if (!live) return { id: "" };
    const declared = props.declaredProducts ?? props.products;
    const productIds = props.productIds ?? [];
    const want = canonicalProducts(declared).map((p, i) => ({
      resourceId: productIds[i] ?? p.site,
      role: roleAri(p.role),
      adminApprovalRequired: p.adminApprovalRequired,
    }));
    const findings = await driftFindings(
      props.domain,
      { adminNotifications: props.adminNotifications, products: want },
      live,
    );
    const outs = await outputs({ ...props, products: declared }, live, productIds, Boolean(props.adopted), findings);
    const inputs = compact({
      ...carriedInputs(props, APP_ACCESS_SETTINGS_SETTINGS),
      products: outs.products,
      adminNotifications: props.adminNotifications === undefined ? undefined : live.adminNotifications,
    }) as AppAccessSettingsArgs;
    return { id, props: outs, inputs };
  },

  async update(_id, olds, news) {
    const domain = olds.domain;
    const products = canonicalProducts(news.products);
    const want = await resolve(products);
    await writeSetting(domain, await domainSetting(domain), want, news.adminNotifications);
    const outs = await outputs(
      { ...news, domain },
      await domainSetting(domain),
      want.map((p) => p.resourceId),
      Boolean(olds.adopted),
    );
    return { outs };
  },

  async delete(id, props) {
    const domain = props.domain ?? id;
    if (props.adopted && !props.deleteOnDestroy) {
      console.log(
        `[atlassian-access] AppAccessSettings ${domain}: forgotten, not emptied: code adopted them, so they stay in Atlassian as they are. Set deleteOnDestroy: true (and run up) before destroying to remove every product from ${domain === ANYONE ? "ANYONE" : domain}.`,
      );
      return;
    }
    const live = await domainSetting(domain);
    // The API has no delete: a domain stops applying when its products are emptied (it stays listed, disabled).
    if (!live || live.products.length === 0) return;
    await writeSetting(domain, live, [], live.adminNotifications);
  },
};
