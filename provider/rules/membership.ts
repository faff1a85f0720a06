// Membership drift, reported on the Group: a code-owned group changed by anyone but code, an ISC-owned group changed
// outside ISC. Pure, over the org snapshot.
import { causeFrom, byActor, MEMBER_ADDED, MEMBER_REMOVED } from "./attribution";
import { makeFinding, sortFindings, type Finding } from "./findings";
import type { Lane } from "./ownership";
import type { SnapshotView, SnapUser } from "./snapshot";
import { expiredMemberFinding, type TemporaryMember } from "./temporary";

export interface DeclaredGroup {
  id: string;
  name: string;
  owner: Lane;
  /** Code's authoritative member emails (owner pulumi with `members`); undefined when code does not own the list. */
  members?: string[];
  /** Temporary members past their until (rules/temporary.ts endedMembers): code no longer wants them. */
  ended?: TemporaryMember[];
}

/** Membership of a code-owned group changed by anyone but code; of an ISC-owned group, outside ISC. */
export function groupFindings(view: SnapshotView, g: DeclaredGroup): Finding[] {
  const observed = view.membersOf(g.id);
  const observedEmails = new Map(observed.map((u) => [u.email.toLowerCase(), u]));
  const out: Finding[] = [];
  if (g.owner === "pulumi" && g.members) {
    const declared = new Set(g.members.map((m) => m.toLowerCase()));
    const ended = new Map((g.ended ?? []).map((m) => [m.email.toLowerCase(), m]));
    for (const [email, u] of observedEmails) {
      if (declared.has(email)) continue;
      const e = view.index.latest(`member:${g.id}/${u.accountId}`, MEMBER_ADDED);
      const cause = causeFrom(e, view.lanes);
      // Past its until: expired, whoever added it (code at the start of the access, or a person since).
      const temporary = ended.get(email);
      if (temporary) {
        // Who added it is named only when the audit window still holds the add (an expiry is often weeks later).
        out.push(expiredMemberFinding(g.name, temporary, "members", cause.actor === "unknown" ? undefined : cause));
        continue;
      }
      if (cause.actor === "pulumi") continue; // code added it and a later change removed it from code: a plain diff
      out.push(
        makeFinding(
          "code-group-member-added",
          `${g.name}/${email}`,
          "pulumi",
          `${email} was added to code-owned group "${g.name}" by ${byActor(cause.actor)}; code's members list does not have it.`,
          `\`pulumi up\` removes it; to keep it, add "${email}" to the Group's members.`,
          cause,
        ),
      );
    }
    for (const email of declared) {
      if (observedEmails.has(email)) continue;
      const u = view.usersByEmail.get(email);
      const e = u ? view.index.latest(`member:${g.id}/${u.accountId}`, MEMBER_REMOVED) : undefined;
      const cause = causeFrom(e, view.lanes);
      out.push(
        makeFinding(
          "code-group-member-removed",
          `${g.name}/${email}`,
          "pulumi",
          `${email} was removed from code-owned group "${g.name}" by ${byActor(cause.actor)}; code's members list has it.`,
          `\`pulumi up\` adds it back; to drop it, remove "${email}" from the Group's members.`,
          cause,
        ),
      );
    }
  }
  if (g.owner === "isc" && view.snap.isc) out.push(...iscGroupFindings(view, g, observedEmails));
  return sortFindings(out);
}

function iscGroupFindings(view: SnapshotView, g: DeclaredGroup, observed: Map<string, SnapUser>): Finding[] {
  const isc = view.snap.isc!;
  // ISC's record: accounts whose last aggregation (or its own provisioning) holds the group's entitlement.
  const holders = new Map<string, (typeof isc.accounts)[number]>();
  for (const a of isc.accounts)
    if (a.groups.includes(g.id)) holders.set(view.emailOf(a.nativeIdentity, a.name ?? undefined).toLowerCase(), a);
  const out: Finding[] = [];
  for (const [email, u] of observed) {
    if (holders.has(email)) continue;
    const e = view.index.latest(`member:${g.id}/${u.accountId}`, MEMBER_ADDED);
    const cause = causeFrom(e, view.lanes);
    if (cause.actor === "isc") continue; // ISC granted it; its account record catches up at the next aggregation
    out.push(
      makeFinding(
        "isc-group-member-added",
        `${g.name}/${email}`,
        "isc",
        `${email} is in ISC-owned group "${g.name}" but ISC granted no such entitlement; added by ${byActor(cause.actor)}.`,
        `Remove ${email} from "${g.name}" in Atlassian and request the access in ISC instead (ISC's next aggregation would otherwise record an ungoverned entitlement).`,
        cause,
      ),
    );
  }
  for (const [email, a] of holders) {
    if (observed.has(email)) continue;
    const u = view.usersByEmail.get(email);
    const e = u ? view.index.latest(`member:${g.id}/${u.accountId}`, MEMBER_REMOVED) : undefined;
    const cause = causeFrom(e, view.lanes);
    if (cause.actor === "isc") continue; // ISC revoked it; its record catches up at the next aggregation
    out.push(
      makeFinding(
        "isc-group-member-removed",
        `${g.name}/${email}`,
        "isc",
        `${email} holds the "${g.name}" entitlement in ISC but is not in the Atlassian group; removed by ${byActor(cause.actor)}.`,
        `Revoke the entitlement in ISC if the removal was intended; otherwise ISC re-provisions it, or add it back through an ISC access request.`,
        { ...cause, evidence: [...cause.evidence, `isc-account:${a.id}`] },
      ),
    );
  }
  return out;
}
