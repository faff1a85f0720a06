// GroupMember: one additive membership edge (group × account) in a group whose full member list code does not own.
import { GROUP_MEMBER_SETTINGS, GroupMemberInputs, type GroupMemberArgs, type GroupMemberOutputs } from "./args";
import { carriedInputs, changedSettings } from "../../runtime/settings";
export type { GroupMemberArgs, GroupMemberOutputs } from "./args";
import type { CheckFailure, Lifecycle } from "../../runtime/types";
import { accountsByEmail, orgState } from "../../org/snapshot";
import { isGroupId } from "../../org/org-state";
import { context } from "../context";
import { compact, isUnknown } from "../../runtime/values";
import { addMembership, removeMembership } from "../../runtime/memberships";
import { foreignLaneOf, isSynced, membershipRefusal, type ForeignLane, type GroupMarkers } from "../../rules/ownership";
import { isIscGoverned } from "../../org/isc-governed";
import { memberFailures, memberFindings, settleTemporary, temporaryChanged } from "./temporary";
import { GroupMemberProgram, programOf } from "../../rules/program-context";
import { memberRefusals } from "../group/sod";

interface MemberGroup extends GroupMarkers {
  id: string;
  name: string;
}

/** What the lifecycle needs from the org API (the org client satisfies it; tests pass fakes). */
export interface GroupMemberApi {
  findGroupByExactName(name: string): Promise<MemberGroup | undefined>;
  findGroup(id: string): Promise<MemberGroup | undefined>;
  addGroupMembership(groupId: string, accountId: string): Promise<void>;
  removeGroupMembership(groupId: string, accountId: string): Promise<void>;
  searchDirectoryUsers(body: {
    emails?: string[];
    groupIds?: string[];
    accountIds?: string[];
  }): Promise<{ accountId: string; email?: string }[]>;
}

const api = (): GroupMemberApi => context().org;

function authoritativeReason(group: string): string {
  return (
    `group "${group}" declares \`members\` on its Group, and that list is authoritative: the Group's next update would remove this member. ` +
    `Remove \`members\` from Group "${group}" or drop this GroupMember.`
  );
}

/** The group's name for messages; the id when it cannot be read (a check must not fail on a lookup). */
async function displayName(group: string): Promise<string> {
  if (!isGroupId(group)) return group;
  try {
    return (await api().findGroup(group))?.name ?? group;
  } catch {
    return group;
  }
}

/** The refusal of a member in another lane's group: the IdP's (declare it there) or ISC's (request it there). */
function laneReason(group: string, email: string, owner: ForeignLane, live: boolean): string {
  if (owner.lane === "scim" && live)
    return `Group "${group}" is synced from the identity provider, so its membership is owned by the identity provider; declare the member there (add ${email} to the group in the IdP) and drop this GroupMember.`;
  const fix =
    owner.lane === "scim"
      ? `Add ${email} to the group in the identity provider and drop this GroupMember.`
      : `Request the access for ${email} in ISC and drop this GroupMember.`;
  const text = membershipRefusal(group, owner, fix);
  return text[0].toUpperCase() + text.slice(1);
}

/** The program's view of the group's lane (its Group's owner, the split), with no API call. */
const declaredLane = (p: GroupMemberProgram) =>
  foreignLaneOf({ owner: p.group?.owner, splitLanes: p.split?.lanes, splitPatterns: p.split?.patterns });

/** The group's name for messages: its Group's in this program (known even before the Group exists), else looked up. */
const nameFor = (p: GroupMemberProgram, group: string) =>
  p.group ? Promise.resolve(p.group.name) : displayName(group);

/** The live group's lane: Atlassian's sync markers, then ISC's record. */
async function liveLane(g: MemberGroup): Promise<ForeignLane | undefined> {
  return foreignLaneOf({ live: g }) ?? foreignLaneOf({ iscGoverned: await isIscGoverned(g) });
}

/** What only the API knows, checked at preview: the group's live lane and the member's account. */
async function readLiveFailures(news: GroupMemberArgs): Promise<CheckFailure[]> {
  const out: CheckFailure[] = [];
  if (!isUnknown(news.group)) {
    // A group not found may be created by this program later in the run: create resolves it.
    const g = await resolveGroup(news.group).catch(() => undefined);
    const owner = g && (await liveLane(g));
    if (g && owner) out.push({ property: "group", reason: laneReason(g.name, news.email, owner, isSynced(g)) });
  }
  if (out.length === 0 && !isUnknown(news.email)) {
    const missing = await accountIdFor(news.email).then(
      () => undefined,
      (e: Error) => (/No Atlassian account/.test(e.message) ? e.message : undefined),
    );
    if (missing) out.push({ property: "email", reason: missing });
  }
  return out;
}

/** A lookup that fails (no context in a unit test, the API down) must not fail a check: create settles it. */
const liveFailures = (news: GroupMemberArgs): Promise<CheckFailure[]> => readLiveFailures(news).catch(() => []);

async function resolveGroup(group: string): Promise<MemberGroup> {
  const state = await orgState();
  const known = state.groupByRef(group);
  const g = known ?? (isGroupId(group) ? await api().findGroup(group) : await api().findGroupByExactName(group));
  if (!g)
    throw new Error(
      `Group "${group}" does not exist; declare it as an access.Group and pass that Group (or its groupId) as group, or wait for its lane to create it.`,
    );
  return g;
}

async function accountIdFor(email: string): Promise<string> {
  const accountId = (await accountsByEmail([email], api())).get(email.toLowerCase());
  if (!accountId)
    throw new Error(
      `No Atlassian account has the email ${email}: a GroupMember needs an existing account (invite the person, or let SCIM provision them first).`,
    );
  return accountId;
}

/**
 * Separation of duties: a new edge (a new GroupMember, or one moved to another group or person) that would give the
 * person both sides of a conflict naming the group (lifecycle/group/sod.ts).
 */
async function sodFailures(
  olds: Partial<GroupMemberArgs>,
  news: GroupMemberArgs,
  program: GroupMemberProgram,
): Promise<CheckFailure[]> {
  const conflicts = program.conflicts ?? [];
  if (!conflicts.length || isUnknown(news.email) || (isUnknown(news.group) && !program.group)) return [];
  if (olds.email?.toLowerCase() === news.email.toLowerCase() && olds.group === news.group) return [];
  const group = await nameFor(program, news.group);
  return memberRefusals("email", group, [news.email], conflicts, (e) => `drop this GroupMember (${e} in "${group}")`);
}

/** State written by any version, or a `get` by id alone, still names the edge: the id is `${groupId}/${accountId}`. */
function edgeOf(id: string, props: Partial<GroupMemberOutputs>): { groupId: string; accountId: string } {
  const [groupId, accountId] = id.split("/");
  return { groupId: props.groupId ?? groupId, accountId: props.accountId ?? accountId };
}

export const groupMemberLifecycle: Lifecycle<GroupMemberArgs, GroupMemberOutputs> = {
  async check(olds, news) {
    // The schema's refusals (args.ts): group and email required, email an email; unknown at preview, checked in `up`.
    const raw = news as unknown as Record<string, unknown>;
    const parsed = GroupMemberInputs.safeParse(news);
    const failures: CheckFailure[] = (parsed.success ? [] : parsed.error.issues)
      .filter((i) => !isUnknown(raw[String(i.path[0])]))
      .map((i) => ({ property: String(i.path[0] ?? "group"), reason: i.message }));
    // The program's Group for this group is known at preview, even when its groupId is not yet (a new Group).
    const program = programOf(GroupMemberProgram, news);
    const named = program.group !== undefined || !isUnknown(news.group);
    if (failures.length === 0 && program.group?.membersManaged && named) {
      failures.push({ property: "group", reason: authoritativeReason(await nameFor(program, news.group)) });
    }
    const declared = failures.length === 0 ? declaredLane(program) : undefined;
    if (declared && named) {
      failures.push({
        property: "group",
        reason: laneReason(await nameFor(program, news.group), news.email, declared, false),
      });
    }
    if (failures.length === 0) failures.push(...(await liveFailures(news)));
    if (failures.length === 0)
      failures.push(...(await memberFailures(olds, news, displayName, program.group?.maxDuration)));
    if (failures.length === 0) failures.push(...(await sodFailures(olds, news, program)));
    return failures.length ? { failures } : { inputs: news };
  },

  async diff(_id, olds, news) {
    const changed = changedSettings(olds, news, GROUP_MEMBER_SETTINGS, {
      group: (_, now) => !isUnknown(now) && (now === olds.group || now === olds.groupId),
      email: (old, now) =>
        !isUnknown(now) && String(now).toLowerCase() === String((old as string | undefined) ?? "").toLowerCase(),
    });
    const replaces = changed.filter((k) => k !== "until");
    // The program context is never a change: check refuses what it forbids. A temporary membership's end passing, or
    // its findings, keep it changed too.
    const changes = changed.length > 0 || (await temporaryChanged(olds, news));
    // Replacing an edge by one on the same membership must remove before adding, or the old edge's delete would undo the new.
    return { changes, replaces, deleteBeforeReplace: true };
  },

  async create(inputs) {
    const program = programOf(GroupMemberProgram, inputs);
    if (program.group?.membersManaged) throw new Error(authoritativeReason(await nameFor(program, inputs.group)));
    // Lanes before any write, whatever check saw: the program's declaration, then the live group's markers and ISC.
    const declared = declaredLane(program);
    if (declared) throw new Error(laneReason(await nameFor(program, inputs.group), inputs.email, declared, false));
    const g = await resolveGroup(inputs.group);
    const owner = await liveLane(g);
    if (owner) throw new Error(laneReason(g.name, inputs.email, owner, isSynced(g)));
    const accountId = await accountIdFor(inputs.email);
    const late = await memberFailures({}, inputs, async () => g.name, program.group?.maxDuration);
    if (late.length) throw new Error(late[0].reason);
    await addMembership(api(), g.id, accountId, { email: inputs.email, group: g.name });
    (await orgState()).addMember(g.id, accountId);
    return { id: `${g.id}/${accountId}`, outs: compact<GroupMemberOutputs>({ ...inputs, groupId: g.id, accountId }) };
  },

  async read(id, props) {
    const { groupId, accountId } = edgeOf(id, props);
    const state = await orgState();
    const g = state.group(groupId);
    if (!g) return { id: "" };
    // A temporary membership code removed at its until stays in the state, so it is neither re-added nor refused as new.
    const temporary = memberFindings(g.name, props, state.isMember(groupId, accountId));
    if (!temporary) return { id: "" };
    const inputs = carriedInputs(props, GROUP_MEMBER_SETTINGS) as GroupMemberArgs;
    return { id, props: compact<GroupMemberOutputs>({ ...props, groupId, accountId, ...temporary }), inputs };
  },

  async update(_id, olds, news) {
    // The program context and until change in place (group and email replace); only a temporary edge is written:
    // removed past its until, added back when a later until extends it.
    const temporary = await settleTemporary(api(), olds, news);
    return {
      outs: compact<GroupMemberOutputs>({ ...news, groupId: olds.groupId, accountId: olds.accountId, ...temporary }),
    };
  },

  async delete(id, props) {
    const { groupId, accountId } = edgeOf(id, props);
    const state = await orgState();
    const g = state.group(groupId);
    // Gone with its group; or the group became synced, and its membership is now the identity provider's to end.
    if (!g || isSynced(g)) return;
    if (props.expired && !state.isMember(groupId, accountId)) return; // removed at its until
    await removeMembership(api(), groupId, accountId);
    state.removeMember(groupId, accountId);
  },
};
