// Group's guards that need the org API: members resolved before any write, another lane's group refused, and the
// facts check can only learn from the API (a live group of another case, members without accounts).
import type { CheckFailure } from "../../runtime/types";
import type { ApiGroup, GroupApi, GroupArgs } from "./args";
import { isUnknown } from "../../runtime/values";
import { isEmail } from "../../rules/email";
import { isIscGoverned } from "../../org/isc-governed";
import { codeGroupRefusal, foreignLaneOf, isSynced, membershipRefusal } from "../../rules/ownership";
import { caseClash } from "../../rules/group-name";
import { context } from "../context";
import { accountsByEmail, orgState } from "../../org/snapshot";
import { isPlannedCaseRename } from "./replace";
import { knownEntries, wantedNow } from "./temporary";
import { emailOf } from "../../rules/temporary";

const noAccount = (missing: string[]) =>
  `No Atlassian account has the email ${missing.join(", ")}: members must be existing accounts (invite them, or let SCIM provision them first), or fix the typo.`;

/** Account ids by lower-case email (from the org state, see accountsByEmail), and the emails no account has. */
async function lookupAccounts(
  api: GroupApi,
  emails: string[],
): Promise<{ byEmail: Map<string, string>; missing: string[] }> {
  const byEmail = await accountsByEmail(emails, api);
  return { byEmail, missing: emails.filter((e) => !byEmail.has(e.toLowerCase())) };
}

/** Account ids of `emails`, before any write: a typo refuses the change instead of leaving half of it done. */
export async function accountIdsFor(emails: string[], api: GroupApi = context().org): Promise<Map<string, string>> {
  const { byEmail, missing } = await lookupAccounts(api, emails);
  if (missing.length) throw new Error(noAccount(missing));
  return byEmail;
}

/** Refuses, before any write, members on a group another lane owns: synced (SCIM), or governed by ISC. */
export async function refuseForeignMembers(g: ApiGroup, args: GroupArgs): Promise<void> {
  const owner = foreignLaneOf({ live: g }) ?? foreignLaneOf({ iscGoverned: await isIscGoverned(g) });
  if (!owner) return;
  const fix = `Remove members from this Group and declare it with owner "${owner.lane}"; its lane changes the membership.`;
  throw new Error(`Group "${args.name}": ${membershipRefusal(g.name, owner, fix)}`);
}

/** A code-owned Group on an existing group of another lane: synced (code cannot own it) or, with members, ISC's. */
async function foreignGroupFailures(g: ApiGroup, news: GroupArgs): Promise<CheckFailure[]> {
  const members = news.members !== undefined;
  const iscGoverned = !isSynced(g) && members ? await isIscGoverned(g) : false;
  const refusal = codeGroupRefusal(news.name, { live: g, iscGoverned, members });
  return refusal ? [refusal] : [];
}

/** What only the API knows, checked at preview: a live group whose name differs only in case, members without accounts. */
async function readLiveFailures(
  getApi: () => GroupApi,
  olds: Partial<GroupArgs>,
  news: GroupArgs,
): Promise<CheckFailure[]> {
  const api = getApi();
  const out: CheckFailure[] = [];
  if (!isUnknown(news.name)) {
    const found = (await orgState()).groupsNamedLike(news.name);
    for (const g of found) {
      if (g.name === news.name && news.owner === "pulumi") out.push(...(await foreignGroupFailures(g, news)));
      // This resource's own group (a case-only rename replaces it) is not a clash.
      if ((olds.name !== undefined && g.name === olds.name) || isPlannedCaseRename(g.name, news.name)) continue;
      const clash = caseClash(news.name, g.name, `the existing group (id ${g.id})`);
      if (clash) out.push({ property: "name", reason: clash });
    }
  }
  const entries = knownEntries(news.members);
  // Only members code wants now need an account: one past its until is not added (and may have left the org since).
  const members = entries && entries.every((e) => typeof emailOf(e) === "string" && isEmail(emailOf(e)));
  if (news.owner === "pulumi" && entries && members) {
    const found = await lookupAccounts(api, wantedNow(entries)).catch(() => undefined);
    if (found?.missing.length) out.push({ property: "members", reason: noAccount(found.missing) });
  }
  return out;
}

/** A lookup that fails (no context in a unit test, the API down) must not fail a check: create settles it. */
export const liveFailures = (
  getApi: () => GroupApi,
  olds: Partial<GroupArgs>,
  news: GroupArgs,
): Promise<CheckFailure[]> => readLiveFailures(getApi, olds, news).catch(() => []);
