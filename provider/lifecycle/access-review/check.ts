// AccessReview's check: the inputs' shape, the due date, the review folder's rows (rules/review-check.ts), and each
// revoke in a group code declares with `members` refused while that list still names the person: code stays the one
// source of its groups' members, so the fix is in code (the list passed through the review's `kept`, or the person
// removed by hand), which `up` then applies through the Group.
import { AccessReviewInputs, type AccessReviewArgs } from "./args";
import { untilMs } from "../../rules/acceptances";
import { AccessReviewProgram, programOf } from "../../rules/program-context";
import { ReviewFolder } from "../../rules/review";
import { checkReviewFolder, groupRevokes, problemText } from "../../rules/review-check";
import type { CheckFailure } from "../../runtime/types";

/** Every failure of the inputs; empty when the review may go ahead. Values unknown at preview pass. */
export function checkAccessReview(news: AccessReviewArgs, isUnknown: (v: unknown) => boolean): CheckFailure[] {
  const parsed = AccessReviewInputs.safeParse(news);
  const given = news as unknown as Record<string, unknown>;
  // A value unknown at preview (an Output not resolved yet) is checked again at up, when it is known.
  const issues = (parsed.error?.issues ?? []).filter((i) => !isUnknown(given[String(i.path[0])]));
  if (issues.length) return issues.map((i) => ({ property: String(i.path[0] ?? ""), reason: i.message }));
  if (!parsed.success) return [];
  const failures: CheckFailure[] = [];
  const { name, due, folder } = parsed.data;
  if (due !== undefined && !isUnknown(due) && (typeof due !== "string" || untilMs(due) === undefined))
    failures.push({
      property: "due",
      reason: `due ${JSON.stringify(due)} is not a date: write YYYY-MM-DD (due through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2026-12-31".`,
    });
  if (isUnknown(news.review)) return failures;
  const review = ReviewFolder.safeParse(news.review);
  if (!review.success) {
    failures.push({
      property: "folder",
      reason: `the rows of ${folder} did not reach the provider in the shape the AccessReview class sends (${review.error.issues[0].message}): pass folder and let the class read it.`,
    });
    return failures;
  }
  const r = review.data;
  if (!isUnknown(name) && r.manifest.name !== name)
    failures.push({
      property: "name",
      reason: `name "${name}" is not the review in ${folder} (its manifest.json names "${r.manifest.name}"): set name to "${r.manifest.name}", or point folder at the review "${name}".`,
    });
  for (const p of checkReviewFolder(r)) failures.push({ property: "folder", reason: problemText(folder, p) });
  // Code's groups: a revoke while the Group's members still name the person is refused, with the code change to make.
  const declared = programOf(AccessReviewProgram, news).groups ?? [];
  const byName = new Map(declared.map((g) => [g.name.toLowerCase(), g]));
  for (const v of groupRevokes(r)) {
    const g = byName.get(v.row.group.toLowerCase());
    const email = v.row.email.toLowerCase();
    if (!g || !g.members.includes(email)) continue;
    failures.push({
      property: "folder",
      reason: `${folder}/${v.file} line ${v.line}: ${v.row.email} is revoked from "${v.row.group}" (reason: ${v.reason}), but Group "${g.resource}" still declares them in its members, which code owns: pass that Group's members through the AccessReview (\`members: review.kept("${v.row.group}", [...])\`, which drops whom the review revoked), or remove "${v.row.email}" from them in code, in the same pull request; \`pulumi up\` then removes the member (blast radius applies).`,
    });
  }
  return failures;
}
