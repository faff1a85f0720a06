// Membership writes for Group and GroupMember: each sent once and settled by reading (settle.ts), with the one message
// for a 409 the read does not explain (a product's user limit).
import { isConflict, isNotFound } from "../clients/errors";
import { settledWrite } from "./settle";

/** What the membership writes need from the org API (the org client satisfies it; tests pass fakes). */
export interface MembershipApi {
  addGroupMembership(groupId: string, accountId: string): Promise<void>;
  removeGroupMembership(groupId: string, accountId: string): Promise<void>;
  searchDirectoryUsers(body: { groupIds?: string[]; accountIds?: string[] }): Promise<{ accountId: string }[]>;
}

/** One filtered search (group AND account) rather than listing a possibly large group. */
export async function isMember(api: MembershipApi, groupId: string, accountId: string): Promise<boolean> {
  const users = await api.searchDirectoryUsers({ groupIds: [groupId], accountIds: [accountId] });
  return users.some((u) => u.accountId === accountId);
}

/**
 * Adds a member. 409 means "already a member" or "a product's user limit is reached", and a lost or 5xx answer may
 * have landed: a read tells which.
 */
export async function addMembership(
  api: MembershipApi,
  groupId: string,
  accountId: string,
  names: { email: string; group: string },
): Promise<void> {
  try {
    await settledWrite(
      () => api.addGroupMembership(groupId, accountId),
      () => isMember(api, groupId, accountId),
      { alsoSettles: isConflict },
    );
  } catch (err) {
    if (!isConflict(err)) throw err;
    throw new Error(
      `Atlassian refused to add ${names.email} to group "${names.group}" (HTTP 409) and a re-read shows they are not a member: a product's user limit is probably reached. Free or buy licences for the products this group grants, then re-run \`pulumi up\`.`,
      { cause: err },
    );
  }
}

/** Removes a member; already gone (404: by hand, or by an earlier lost answer) is the outcome wanted. */
export async function removeMembership(api: MembershipApi, groupId: string, accountId: string): Promise<void> {
  await settledWrite(
    () => api.removeGroupMembership(groupId, accountId),
    async () => !(await isMember(api, groupId, accountId)),
    { alsoSettles: isNotFound },
  ).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
}
