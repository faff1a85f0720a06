// Group: check, diff, create, read, update, delete for an org group owned by code, SCIM or ISC.
import { GROUP_SETTINGS, type GroupArgs, type GroupOutputs, type GroupApi, type ApiGroup } from "./args";
import { carriedInputs, changedSettings, sameFlag, sameUnlessUnknown } from "../../runtime/settings";
export type { GroupArgs, GroupOutputs, GroupApi, ApiGroup } from "./args";
import type { Lifecycle } from "../../runtime/types";
import { context } from "../context";
import { compact, isUnknown, sameSet } from "../../runtime/values";
import { adoptedThisRun, orgState, startSnapshotReads, snapshotView } from "../../org/snapshot";
import { GroupProgram, programOf } from "../../rules/program-context";
import { dropGroupGrants } from "../../org/grants";
import { addMembership, removeMembership } from "../../runtime/memberships";
import { isConflict, isNotFound } from "../../clients/errors";
import { settledWrite } from "../../runtime/settle";
import { announce } from "../../runtime/announce";
import { groupFindings } from "../../rules/membership";
import type { Finding } from "../../rules/findings";
import { codeGroupRefusal, isSynced } from "../../rules/ownership";
import { accountIdsFor, liveFailures, refuseForeignMembers } from "./guards";
import { alreadyExistsReason, creationOf, takeoverLine } from "../../org/creations";
import { finishCreate } from "../../runtime/partial";
import { checkGroupArgs } from "./check";
import { groupSodFailures } from "./sod-check";
import {
  caseRenameOfAdopted,
  guardMemberRemoval,
  isPlannedReplacement,
  planCaseRename,
  planReplacement,
  replacementFailures,
  replacementPlan,
} from "./replace";
import { guardAccessLoss, lossFromGroup } from "../../runtime/access-loss";
import {
  announceExpiryLoss,
  knownEntries,
  printTemporaryPlan,
  temporaryFailures,
  temporaryKey,
  wantedNow,
} from "./temporary";
import { serverNow } from "../../clients/server-clock";
import { removalDeletes } from "../../rules/removals";
import { endedMembers, refreshedMembers, wantedEmails, type MemberEntry } from "../../rules/temporary";

const api = (): GroupApi => context().org;

/** Exact-name lookup after a create: the v2 API returns no id (folio's resolveExactGroup), and reads may lag. */
async function resolveCreated(name: string): Promise<ApiGroup> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const g = await api().findGroupByExactName(name);
    if (g) return g;
    await new Promise((r) => setTimeout(r, context().config.pollIntervalMs * (attempt + 1)));
  }
  throw new Error(
    `Group "${name}" was created but is not found by name; re-run \`pulumi up\` (it will adopt nothing and refuse duplicates).`,
  );
}

/** Adds and removes what differs; each write, once answered, is recorded in the process's state (no re-read). */
async function syncMembers(groupId: string, want: Map<string, string>): Promise<void> {
  const state = await orgState();
  const current = state.memberAccounts(groupId);
  const group = state.group(groupId)?.name ?? groupId;
  for (const [email, accountId] of want) {
    if (current.has(email)) continue;
    await addMembership(api(), groupId, accountId, { email, group });
    state.addMember(groupId, accountId);
  }
  for (const [email, accountId] of current) {
    if (want.has(email)) continue;
    await removeMembership(api(), groupId, accountId);
    state.removeMember(groupId, accountId);
  }
}

function outputs(
  args: GroupArgs,
  g: ApiGroup,
  members: string[],
  adopted: boolean,
  findings: Finding[] = [],
): GroupOutputs {
  return compact({
    ...args,
    members,
    declaredMembers: args.members,
    findings,
    membersManaged: args.members !== undefined,
    groupId: g.id,
    synced: isSynced(g),
    managedBy: g.managedBy ?? "admins",
    adopted,
  });
}

/** Whether a group's drift is judged from the snapshot: SCIM's groups and code's without declared members are not. */
function hasLaneFindings(g: { owner: GroupArgs["owner"]; members?: MemberEntry[] }): boolean {
  return !(g.owner === "scim" || (g.owner === "pulumi" && !g.members));
}

/** Drift findings of one group from the shared snapshot, printed once for the preview's reader. */
async function laneFindings(g: {
  id: string;
  name: string;
  owner: GroupArgs["owner"];
  members?: MemberEntry[];
}): Promise<Finding[]> {
  if (!hasLaneFindings(g)) return [];
  const now = serverNow();
  // Temporary members past their until are not wanted; still in the group, each is a temporary-member-expired finding.
  const declared = {
    ...g,
    members: g.members && wantedEmails(g.members, now),
    ended: g.members && endedMembers(g.members, now),
  };
  // Without drift there is nothing to attribute: the audit log is read only to explain a difference.
  if (groupFindings(await snapshotView({ events: false }), declared).length === 0) return [];
  const findings = groupFindings(await snapshotView(), declared);
  announce(`Group "${g.name}"`, findings);
  return findings;
}

export const groupLifecycle: Lifecycle<GroupArgs, GroupOutputs> = {
  async check(olds, news) {
    const failures = checkGroupArgs(news);
    if (failures.length === 0) failures.push(...replacementFailures(olds ?? {}, news));
    if (failures.length === 0) failures.push(...(await liveFailures(api, olds ?? {}, news)));
    if (failures.length === 0) failures.push(...(await temporaryFailures(olds ?? {}, news)));
    if (failures.length === 0) failures.push(...(await groupSodFailures(olds ?? {}, news)));
    return failures.length ? { failures } : { inputs: news };
  },

  async diff(id, olds, news) {
    const replaces: string[] = [];
    const renamed = olds.name !== news.name && !isUnknown(news.name);
    if (renamed) replaces.push("name");
    // Atlassian cannot update a description, and a group of the same name cannot be made beside it: a description
    // alone never replaces (check refuses a declared change; one changed by hand stays as it is).
    const caseOnly = renamed && olds.name.toLowerCase() === String(news.name).toLowerCase();
    if (renamed && olds.owner === "pulumi") {
      planReplacement(id);
      if (caseOnly && olds.adopted && !olds.deleteOnDestroy) throw new Error(caseRenameOfAdopted(olds, news.name));
      if (caseOnly) planCaseRename(olds.name, news.name);
      console.log(replacementPlan(olds, news.name, caseOnly, (await orgState()).memberEmails(id).length));
    }
    // A rename replaces the group: its plan line says what happens to members; the old group's delete is not a loss.
    if (!renamed) await guardMemberRemoval(id, olds, news);
    if (!renamed) await announceExpiryLoss(id, olds, news);
    printTemporaryPlan(news);
    const entries = knownEntries(news.members);
    // Past its until, a temporary member is no longer wanted (server time); a changed until is applied as a change.
    const membersDrift =
      news.members !== undefined
        ? !entries ||
          !sameSet(olds.members, wantedNow(entries)) ||
          temporaryKey(olds.declaredMembers) !== temporaryKey(entries)
        : Boolean(olds.membersManaged);
    // Drift in the group's lane (e.g. a person changing an ISC-owned group) keeps the resource changed until its lane fixes it.
    const lanedrift = (olds.findings ?? []).length > 0;
    const settings = changedSettings(olds, news, GROUP_SETTINGS, {
      adopt: sameFlag,
      deleteOnDestroy: sameFlag,
      allowAccessLoss: sameUnlessUnknown,
    });
    const changes = replaces.length > 0 || settings.length > 0 || membersDrift || lanedrift;
    // A case-only rename: Atlassian's names are case-insensitive, so the old group must go before the new one exists.
    return caseOnly ? { changes, replaces, deleteBeforeReplace: true } : { changes, replaces };
  },

  async create(inputs) {
    const state = await orgState();
    const existing = state.groupByExactName(inputs.name);
    if (inputs.owner === "scim") {
      if (!existing)
        throw new Error(
          `SCIM-owned group "${inputs.name}" does not exist in Atlassian: the identity provider has not pushed it yet (check the group is assigned to the Atlassian app in Entra ID), or the name differs.`,
        );
      if (!isSynced(existing)) {
        throw new Error(
          `Group "${inputs.name}" exists but is a local group, not synced from the identity provider: a same-named local group blocks the IdP's group (group name conflict). Accept or reject the sync in Atlassian admin, or rename the local group.`,
        );
      }
      return { id: existing.id, outs: outputs(inputs, existing, state.memberEmails(existing.id), false) };
    }
    // Code's own group from a run that did not finish is taken over; one anyone else made needs adopt.
    let takenOver = false;
    if (existing) {
      const refusal = codeGroupRefusal(inputs.name, { live: existing, members: false });
      if (refusal) throw new Error(refusal.reason);
      // An ISC-owned group is ISC's whether code or ISC's connector made it: code only ensures it exists.
      if (!inputs.adopt && inputs.owner !== "isc") {
        const made = await creationOf(existing.id);
        if (made?.actor !== "pulumi") throw new Error(alreadyExistsReason(inputs.name, existing.id, made));
        console.log(takeoverLine(inputs.name, existing.id, made));
        takenOver = true;
      }
    }
    // Every member's account before the group exists: a typo must not leave a group the state does not know.
    const want =
      inputs.owner === "pulumi" && inputs.members ? await accountIdsFor(wantedNow(inputs.members)) : undefined;
    if (existing && want) {
      await refuseForeignMembers(existing, inputs);
      // Adopting with a members list removes the members it does not name: real people losing access.
      const current = state.memberAccounts(existing.id);
      const losing = [...current].filter(([email]) => !want.has(email)).map(([, a]) => a);
      if (losing.length)
        guardAccessLoss(
          `Group "${inputs.name}"`,
          `adopting it removes ${losing.length} member(s) and`,
          await lossFromGroup(existing.id, losing),
          {
            allow: inputs.allowAccessLoss,
            group: inputs.name,
            emptied: want.size === 0,
          },
        );
    }
    let g: ApiGroup | undefined = existing;
    if (!g) {
      // A lost or 5xx answer may still have created the group: a read by name settles it, and only a create that did
      // not land goes out again. Names are unique, so a re-send's 409 means an earlier send landed.
      let sent = 0;
      await settledWrite(
        () => (sent++, api().createGroup(compact({ name: inputs.name, description: inputs.description }))),
        async () => (g = await api().findGroupByExactName(inputs.name)) !== undefined,
        { alsoSettles: (err) => sent > 1 && isConflict(err) },
      );
      g ??= await resolveCreated(inputs.name);
      state.addGroup(g);
    }
    const group = g;
    // Adopted: someone else's group code now manages (destroy forgets it). Taken over: code's own, as if created now.
    const adopted = Boolean(existing) && !takenOver;
    // Either way an existing group is this resource's now: a replacement's delete of the same id must not delete it.
    if (existing) adoptedThisRun().add(group.id);
    const outs = () => outputs(inputs, group, state.memberEmails(group.id), adopted);
    // From here the group exists: a failure keeps it in the state, and the next `up` finishes the members.
    if (want)
      await finishCreate(group.id, inputs, outs, `Group "${inputs.name}" (${group.id}) exists`, () =>
        syncMembers(group.id, want),
      );
    return { id: group.id, outs: outs() };
  },

  async read(id, props) {
    const declared = props.membersManaged ? (props.declaredMembers ?? props.members) : undefined;
    // Its findings will ask for the snapshot, or the program's split (whose read this refresh makes too) will: SCIM's
    // and ISC's reads start now, not once the org lists every Group's read waits on are in.
    if (hasLaneFindings({ owner: props.owner, members: declared }) || programOf(GroupProgram, props).split)
      startSnapshotReads({ events: false });
    const state = await orgState();
    const g = state.group(id);
    if (!g) return { id: "" };
    const emails = state.memberEmails(g.id);
    const args = compact({
      // Settings and the program context, not live state: carried over so a refresh does not show them as removed (a
      // dropped deleteOnDestroy or allowAccessLoss would also change what a later destroy does).
      ...carriedInputs(props, GROUP_SETTINGS),
      name: g.name,
      description: props.owner === "pulumi" ? (g.description ?? undefined) : props.description,
      members: props.membersManaged ? refreshedMembers(emails, props.declaredMembers, serverNow()) : undefined,
    }) as GroupArgs;
    const findings = await laneFindings({ id: g.id, name: g.name, owner: props.owner, members: declared });
    const outs = outputs(args, g, emails, props.adopted, findings);
    if (declared) outs.declaredMembers = declared;
    return { id, props: outs, inputs: args };
  },

  async update(id, olds, news) {
    const state = await orgState();
    const g = state.group(id);
    if (!g)
      throw new Error(
        `Group "${olds.name}" (${id}) no longer exists; run \`pulumi refresh\` and \`pulumi up\` to re-create it.`,
      );
    if (news.owner === "pulumi" && news.members) {
      const want = await accountIdsFor(wantedNow(news.members));
      await refuseForeignMembers(g, news);
      await syncMembers(id, want);
    }
    // Code's own drift is repaired now; another lane's drift (ISC-owned membership) stands until that lane fixes it.
    const findings = news.owner === "isc" ? await laneFindings({ id, name: g.name, owner: news.owner }) : [];
    return { outs: outputs(news, g, state.memberEmails(id), olds.adopted, findings) };
  },

  async delete(id, props) {
    // Only code's own groups are deleted; a SCIM- or ISC-owned group is forgotten (its lane decides its life).
    if (props.owner !== "pulumi") return;
    // A group another resource of this run just adopted (a replacement onto the same name) is that resource's now.
    if (adoptedThisRun().has(id)) return;
    if (!removalDeletes(props)) {
      console.log(
        `[atlassian-access] Group "${props.name}" (${id}): forgotten, not deleted: code adopted it, so it stays in Atlassian with its members and app access. Set deleteOnDestroy: true on the Group (and run up) before destroying to delete it.`,
      );
      return;
    }
    const state = await orgState();
    if (!state.group(id)) return;
    // A renamed group's access moved to its replacement first (or, case-only, comes back with it): the plan said so.
    if (!isPlannedReplacement(id)) {
      const members = [...state.memberAccounts(id).values()];
      guardAccessLoss(`Group "${props.name}"`, "deleting it", await lossFromGroup(id, members), {
        allow: props.allowAccessLoss,
        group: props.name,
      });
    }
    try {
      await api().deleteGroup(id);
    } catch (err) {
      if (!isNotFound(err)) throw err; // deleted since the state was read: the outcome wanted
    }
    state.removeGroup(id);
    dropGroupGrants(id);
  },
};
