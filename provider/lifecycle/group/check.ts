// Group's check of its own inputs, without the API: types, Atlassian's name rules, members only on code's groups, and
// the owner against the program's OwnershipSplit (hints the Group class passes in).
import type { CheckFailure } from "../../runtime/types";
import { GroupInputs, type GroupArgs } from "./args";
import { isUnknown } from "../../runtime/values";
import { splitOwnerRefusal } from "../../rules/ownership";
import { caseClash, groupNameProblems } from "../../rules/group-name";
import { maxDurationProblem, memberEntryProblems } from "../../rules/temporary";
import { GroupProgram, programOf } from "../../rules/program-context";

export function checkGroupArgs(news: GroupArgs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const parsed = GroupInputs.safeParse(news);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      if (isUnknown((news as unknown as Record<string, unknown>)[String(i.path[0])])) continue;
      failures.push({ property: String(i.path[0] ?? "name"), reason: i.message });
    }
    return failures;
  }
  if (!isUnknown(news.name)) {
    for (const reason of groupNameProblems(news.name)) failures.push({ property: "name", reason });
    const twin = programOf(GroupProgram, news).sameNameAs;
    if (twin && !isUnknown(twin) && typeof twin.name === "string" && !isUnknown(twin.name)) {
      const clash = caseClash(news.name, twin.name, `Group "${twin.resource}" of this program`);
      failures.push({
        property: "name",
        reason:
          clash ??
          `Group "${twin.resource}" of this program already declares group "${twin.name}"; one Atlassian group declared twice has two owners. Declare it once.`,
      });
    }
  }
  if (news.members !== undefined && news.owner !== "pulumi" && !isUnknown(news.members)) {
    failures.push({
      property: "members",
      reason: `members can only be declared on a group owned by "pulumi"; group "${news.name}" is owned by "${news.owner}", whose membership only ${news.owner === "scim" ? "the identity provider" : "SailPoint ISC"} changes. Remove members, or change owner to "pulumi".`,
    });
  }
  if (Array.isArray(news.members) && !isUnknown(news.members))
    failures.push(...memberEntryProblems(news.members, (v) => isUnknown(v)));
  failures.push(...maxDurationFailures(news));
  if (news.adopt && news.owner === "scim") {
    failures.push({
      property: "adopt",
      reason: "adopt applies to groups code will own; a SCIM-owned group is only verified, never adopted.",
    });
  }
  failures.push(...checkSplitLanes(news));
  return failures;
}

/**
 * The owner against the program's OwnershipSplit, which the Group class reads in the program (check sees only its own
 * inputs) and passes in its `program` input. Unknown values (preview) and an absent claim are let through.
 */
function checkSplitLanes(news: GroupArgs): CheckFailure[] {
  const claim = programOf(GroupProgram, news).split;
  if (!claim || isUnknown(news.name) || isUnknown(news.owner)) return [];
  const reason = splitOwnerRefusal(news.name, news.owner, claim);
  return reason ? [{ property: "owner", reason }] : [];
}

/** maxDuration: a usable ISO-8601 duration, and only on a group whose membership code owns. */
function maxDurationFailures(news: GroupArgs): CheckFailure[] {
  if (news.maxDuration === undefined || isUnknown(news.maxDuration)) return [];
  const problem = maxDurationProblem(news.maxDuration);
  if (problem) return [{ property: "maxDuration", reason: problem }];
  if (news.owner === "pulumi" || isUnknown(news.owner)) return [];
  return [
    {
      property: "maxDuration",
      reason: `maxDuration bounds the members code declares; group "${news.name}" is owned by "${news.owner}", whose membership code does not change. Remove maxDuration, or set the bound in ${news.owner === "scim" ? "the identity provider" : "SailPoint ISC (an access profile's duration)"}.`,
    },
  ];
}
