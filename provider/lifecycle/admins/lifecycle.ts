// Admins: who may hold org admin and site admin. Observes and reports (`undeclared-admin`) by default; with enforce,
import { ADMINS_SETTINGS, type AdminsArgs, type AdminsOutputs } from "./args";
import { carriedInputs, changedSettings, sameFlag } from "../../runtime/settings";
export type { AdminsArgs, AdminsOutputs } from "./args";
// grants the declared roles and revokes the undeclared ones, each write sent once and settled by reading.
import type { Lifecycle } from "../../runtime/types";
import { context } from "../context";
import { compact } from "../../runtime/values";
import { snapshotView } from "../../org/snapshot";
import { settledWrite } from "../../runtime/settle";
import { announce } from "../../runtime/announce";
import { carryCauses } from "../ownership-split/lifecycle";
import { checkAdmins } from "./check";
import { adminsSodFailures } from "./sod";
import { adminApi, adminHoldings, forgetAdminHoldings, orgScope } from "./roles";
import {
  adminFindings,
  heldView,
  holdingKey,
  missingTargets,
  planAdmins,
  undeclaredHoldings,
  ORG_ADMIN,
  type AdminHolding,
  type AdminTarget,
  type DeclaredAdmins,
} from "../../rules/admins";
import type { Finding } from "../../rules/findings";

const declaredOf = (a: AdminsArgs): DeclaredAdmins => compact({ orgAdmins: a.orgAdmins, siteAdmins: a.siteAdmins });

const argsOf = (a: Partial<AdminsArgs>): AdminsArgs => carriedInputs(a, ADMINS_SETTINGS);

/** Holders, findings (the audit log read only when something is undeclared) and what is missing. */
async function evaluate(args: AdminsArgs, previous?: Partial<AdminsOutputs>): Promise<AdminsOutputs> {
  const held = await adminHoldings();
  const d = declaredOf(args);
  let findings: Finding[] = [];
  if (undeclaredHoldings(d, held).length) {
    const view = await snapshotView();
    findings = carryCauses(adminFindings(d, held, view, Boolean(args.enforce)), previous?.findings);
    announce("Admins", findings);
  }
  return {
    ...argsOf(args),
    held: heldView(held),
    missing: missingTargets(d, held).map(holdingKey),
    findings,
  };
}

/** Account ids of the declared emails, before any write (check refused unknown ones at preview; this is `up`'s guard). */
async function accountsOf(emails: string[]): Promise<Map<string, string>> {
  const found = emails.length ? await adminApi().org.searchDirectoryUsers({ emails }) : [];
  const byEmail = new Map(found.filter((u) => u.email).map((u) => [u.email!.toLowerCase(), u.accountId]));
  const missing = emails.filter((e) => !byEmail.has(e));
  if (missing.length)
    throw new Error(
      `Admins: no Atlassian account has the email ${missing.join(", ")}; nothing was granted or revoked.`,
    );
  return byEmail;
}

/** Polls the holders until `settled` says the writes are visible (role changes are eventually consistent, ~30 s). */
async function untilVisible(settled: (held: AdminHolding[]) => boolean, what: string): Promise<AdminHolding[]> {
  const { roleConsistencyTimeoutMs, pollIntervalMs } = context().config;
  const deadline = Date.now() + roleConsistencyTimeoutMs;
  let delay = pollIntervalMs;
  for (;;) {
    forgetAdminHoldings();
    const held = await adminHoldings();
    if (settled(held)) return held;
    if (Date.now() > deadline)
      throw new Error(
        `Admins: Atlassian accepted ${what} but reads still disagree after ${roleConsistencyTimeoutMs} ms (a role held through a group is not revoked by a direct revoke); re-run \`pulumi up\`.`,
      );
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, pollIntervalMs * 16);
  }
}

const has = (held: AdminHolding[], t: AdminTarget) => held.some((h) => holdingKey(h) === holdingKey(t));

/** One role write, sent once; a lost answer is settled by reading whether it landed. */
async function write(op: "assign" | "revoke", accountId: string, t: AdminTarget, resourceId: string): Promise<void> {
  const { access } = adminApi();
  const send = () =>
    t.role === ORG_ADMIN
      ? op === "assign"
        ? access.assignOrgRole(accountId)
        : access.revokeOrgRole(accountId)
      : op === "assign"
        ? access.assignUserRole(accountId, { role: t.role, resource: resourceId })
        : access.revokeUserRole(accountId, { role: t.role, resource: resourceId });
  await settledWrite(send, async () => {
    forgetAdminHoldings();
    return has(await adminHoldings(), t) === (op === "assign");
  });
  forgetAdminHoldings();
}

/**
 * Enforce: refuse before any write (see planAdmins), grant what is missing and wait until it shows, then revoke what is
 * undeclared in a fresh read, the last-org-admin guard applied again to that read.
 */
async function enforce(args: AdminsArgs, starting: boolean): Promise<void> {
  const d = declaredOf(args);
  const held = await adminHoldings();
  const revoking = undeclaredHoldings(d, held).length > 0;
  // The account code's key acts as: the actor id of the events the audit log attributes to code.
  const view = revoking ? await snapshotView() : undefined;
  const selfAccounts = new Set(
    (view?.snap.events ?? []).filter((e) => view!.actor(e) === "pulumi").map((e) => e.actor.id),
  );
  const plan = planAdmins(d, held, { starting, adopt: Boolean(args.adopt), selfAccounts });
  if (plan.refusals.length) throw new Error(`Admins: ${plan.refusals.join(" ")} Nothing was granted or revoked.`);
  const scope = await orgScope();
  const resourceOf = (t: AdminTarget) =>
    t.role === ORG_ADMIN ? scope.org : scope.sites.find((s) => s.host === t.site)!.resourceId;
  const accounts = await accountsOf([...new Set(plan.grants.map((g) => g.email))]);
  for (const g of plan.grants) {
    console.log(`[atlassian-access] Admins: granting ${holdingKey(g)}.`);
    await write("assign", accounts.get(g.email)!, g, resourceOf(g));
  }
  const afterGrants = plan.grants.length
    ? await untilVisible(
        (h) => plan.grants.every((g) => has(h, g)),
        `the grant of ${plan.grants.map(holdingKey).join(", ")}`,
      )
    : held;
  const again = planAdmins(d, afterGrants, { starting: false, adopt: true, selfAccounts });
  if (again.refusals.length) throw new Error(`Admins: ${again.refusals.join(" ")} Nothing was revoked.`);
  // Enforcement that starts revokes only what the refusal check saw (with adopt); a role granted since waits a run.
  const planned = new Set(plan.revokes.map(holdingKey));
  if (starting) again.revokes = again.revokes.filter((r) => planned.has(holdingKey(r)));
  for (const r of again.revokes) {
    console.log(`[atlassian-access] Admins: revoking ${holdingKey(r)} (undeclared).`);
    await write("revoke", r.accountId, r, r.resourceId);
  }
  if (again.revokes.length)
    await untilVisible(
      (h) => again.revokes.every((r) => !has(h, r)),
      `the revocation of ${again.revokes.map(holdingKey).join(", ")}`,
    );
}

export const adminsLifecycle: Lifecycle<AdminsArgs, AdminsOutputs> = {
  async check(olds, news) {
    const checked = await checkAdmins(news);
    // Separation of duties over the normalised inputs (sites as hosts): an enforced new admin holding both sides.
    const sod = checked.inputs ? await adminsSodFailures(olds ?? {}, checked.inputs) : [];
    return sod.length ? { failures: sod } : checked;
  },

  async diff(_id, olds, news) {
    const settings = changedSettings(olds, news, ADMINS_SETTINGS, { enforce: sameFlag, adopt: sameFlag });
    const changes =
      settings.length > 0 ||
      // Undeclared admins keep it changed (declaring them accepts them); under enforce so do declared roles not held.
      (olds.findings ?? []).length > 0 ||
      (Boolean(news.enforce) && (olds.missing ?? []).length > 0);
    return { changes };
  },

  async create(inputs) {
    if (inputs.enforce) await enforce(inputs, true);
    return { id: `admins:${context().config.orgId}`, outs: await evaluate(inputs) };
  },

  async read(id, props) {
    const inputs = argsOf(props);
    return { id, props: await evaluate(inputs, props), inputs };
  },

  async update(_id, olds, news) {
    if (news.enforce) await enforce(news, !olds.enforce);
    return { outs: await evaluate(news, olds) };
  },

  async delete() {
    // Forgotten, never revoked: destroying the resource leaves every admin role as it is.
  },
};
