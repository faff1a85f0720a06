// Admins' check: its own inputs (types, emails, one Admins per program, never an empty orgAdmins under enforce), then
// what only the API knows, at preview: sites the org has, and an account for every declared email.
import { DuplicateProgram, programOf } from "../../rules/program-context";
import type { CheckFailure } from "../../runtime/types";
import { AdminsInputs, type AdminsArgs } from "./args";
import { isUnknown } from "../../runtime/values";
import { isEmail } from "../../rules/email";
import { adminApi, orgScope } from "./roles";
import { siteHost } from "../../rules/admins";

const hasUnknown = (a: AdminsArgs) =>
  isUnknown(a.orgAdmins) || Object.entries(a.siteAdmins ?? {}).some(([k, v]) => isUnknown(k) || isUnknown(v));

/** Every declared email, lower-case, once. */
export const declaredEmails = (a: AdminsArgs): string[] =>
  [
    ...new Set([...(a.orgAdmins ?? []), ...Object.values(a.siteAdmins ?? {}).flat()].map((e) => e.toLowerCase())),
  ].sort();

function staticFailures(news: AdminsArgs): CheckFailure[] {
  const parsed = AdminsInputs.safeParse(news);
  if (!parsed.success)
    return parsed.error.issues
      .filter((i) => !isUnknown((news as Record<string, unknown>)[String(i.path[0])]))
      .map((i) => ({ property: String(i.path[0] ?? "orgAdmins"), reason: i.message }));
  const out: CheckFailure[] = [];
  const { duplicateOf } = programOf(DuplicateProgram, news);
  if (duplicateOf)
    out.push({
      property: "orgAdmins",
      reason: `Admins "${duplicateOf}" of this program already declares the org's admins; one org has one list of admins. Declare one Admins resource.`,
    });
  const lists: [string, string[]][] = [
    ["orgAdmins", news.orgAdmins ?? []],
    ...Object.entries(news.siteAdmins ?? {}).map(([site, emails]): [string, string[]] => [
      `siteAdmins["${site}"]`,
      emails,
    ]),
  ];
  for (const [property, emails] of lists)
    for (const e of emails)
      if (!isUnknown(e) && !isEmail(e))
        out.push({
          property: property.split("[")[0],
          reason: `${property}: "${e}" is not an email address; admins are listed by email.`,
        });
  if (news.enforce && news.orgAdmins && news.orgAdmins.length === 0)
    out.push({
      property: "orgAdmins",
      reason:
        "orgAdmins is empty with enforce: true, which would revoke every org admin; an organization keeps at least one. List at least one account, or leave orgAdmins out so that org admins are not judged.",
    });
  return out;
}

/** The failures, or the inputs normalised: emails lower-case, sites as their hosts. */
export async function checkAdmins(news: AdminsArgs): Promise<{ inputs?: AdminsArgs; failures?: CheckFailure[] }> {
  const failures = staticFailures(news);
  if (failures.length) return { failures };
  if (hasUnknown(news)) return { inputs: news }; // checked again with the real values during `up`
  let live: { scope: Awaited<ReturnType<typeof orgScope>>; found: { email?: string | null; accountStatus?: string }[] };
  try {
    const emails = declaredEmails(news);
    const [scope, found] = await Promise.all([
      orgScope(),
      emails.length ? adminApi().org.searchDirectoryUsers({ emails }) : Promise.resolve([]),
    ]);
    live = { scope, found };
  } catch {
    return { inputs: news }; // a lookup that fails lets the input through; `up` resolves the accounts again
  }
  const { scope } = live;
  const siteAdmins: Record<string, string[]> = {};
  for (const [key, emails] of Object.entries(news.siteAdmins ?? {})) {
    const host = siteHost(key, scope);
    if (!host) {
      const known = scope.sites.map((s) => s.host).join(", ") || "none";
      failures.push({
        property: "siteAdmins",
        reason: `siteAdmins: "${key}" is not a site of this organization; its sites: ${known}.`,
      });
    } else if (siteAdmins[host]) {
      failures.push({
        property: "siteAdmins",
        reason: `siteAdmins: "${key}" names site ${host} again; list each site once.`,
      });
    } else siteAdmins[host] = [...new Set(emails.map((e) => e.toLowerCase()))].sort();
  }
  const emails = declaredEmails(news);
  const byEmail = new Map(live.found.filter((u) => u.email).map((u) => [u.email!.toLowerCase(), u]));
  const missing = emails.filter((e) => !byEmail.has(e));
  const inOrgList = new Set((news.orgAdmins ?? []).map((e) => e.toLowerCase()));
  if (missing.length)
    failures.push({
      property: missing.some((e) => inOrgList.has(e)) ? "orgAdmins" : "siteAdmins",
      reason: `No Atlassian account of this organization has the email ${missing.join(", ")}: admins must be existing accounts (invite them first), or fix the typo.`,
    });
  const inactive = news.enforce
    ? emails.filter((e) => byEmail.get(e) && byEmail.get(e)!.accountStatus !== "active")
    : [];
  if (inactive.length)
    failures.push({
      property: inactive.some((e) => inOrgList.has(e)) ? "orgAdmins" : "siteAdmins",
      reason: `The account of ${inactive.join(", ")} is not active, so enforce cannot grant it a role; reactivate it or remove it from the Admins resource.`,
    });
  if (failures.length) return { failures };
  const inputs: AdminsArgs = { ...news };
  if (news.orgAdmins) inputs.orgAdmins = [...new Set(news.orgAdmins.map((e) => e.toLowerCase()))].sort();
  if (news.siteAdmins)
    inputs.siteAdmins = Object.fromEntries(Object.entries(siteAdmins).sort(([a], [b]) => a.localeCompare(b)));
  return { inputs };
}
