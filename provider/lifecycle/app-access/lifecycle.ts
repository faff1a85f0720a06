// AppAccess: one group role assignment (group × site × product × role), for groups of any owner.
import {
  APP_ACCESS_SETTINGS,
  AppAccessInputs,
  type AppAccessArgs,
  type AppAccessOutputs,
  type AppAccessApi,
} from "./args";
import { carriedInputs, changedSettings, sameUnlessUnknown } from "../../runtime/settings";
export type { AppAccessArgs, AppAccessOutputs, AppAccessApi } from "./args";
import type { CheckFailure, Lifecycle } from "../../runtime/types";
import { context } from "../context";
import { compact, isUnknown } from "../../runtime/values";
import { isNotFound } from "../../clients/errors";
import { orgState, snapshotView, workspaces } from "../../org/snapshot";
import { isGroupId, isOnSite } from "../../org/org-state";
import { awaitRole, grantHolders, patchGrant } from "../../org/grants";
import { guardAccessLoss, lossFromGrant } from "../../runtime/access-loss";
import { settledWrite } from "../../runtime/settle";
import { announce } from "../../runtime/announce";
import { GROUP_CREATED, GROUP_DELETED } from "../../rules/attribution";
import { appAccessGoneCause } from "../../rules/app-access";
import { DEFAULT_ROLE, roleProblem, roleRefused } from "../../rules/roles";
import { HttpError } from "../../clients/errors";
import { DuplicateProgram, programOf } from "../../rules/program-context";
import { appAccessSodFailures } from "./sod";

const api = (): AppAccessApi => context().org;

/** An input that names no site or product of the org: the message names the field (`site` or `product`). */
export class LookupError extends Error {
  constructor(
    readonly property: "site" | "product",
    message: string,
  ) {
    super(message);
  }
}

/** The workspace ARI of `product` on `site` (a host or a workspace ARI); a LookupError names what the org lacks. */
export async function resourceIdFor(site: string, product: string): Promise<string> {
  const all = await workspaces();
  const onSite = all.filter((w) => isOnSite(w, site));
  if (onSite.length === 0) {
    throw new LookupError(
      "site",
      `Unknown site "${site}": the organization has ${[...new Set(all.map((w) => w.host))].sort().join(", ")}.`,
    );
  }
  const ws = onSite.find((w) => w.product === product);
  if (!ws)
    throw new LookupError(
      "product",
      `Site ${site} has no product "${product}"; it has ${onSite
        .map((w) => w.product)
        .sort()
        .join(", ")}.`,
    );
  return ws.id;
}

async function groupIdFor(group: string): Promise<string> {
  if (isGroupId(group)) return group;
  const g = (await orgState()).groupByExactName(group) ?? (await api().findGroupByExactName(group));
  if (!g)
    throw new Error(
      `Group "${group}" does not exist; declare it as an access.Group and pass its groupId, or wait for its lane to create it.`,
    );
  return g.id;
}

const hasRole = async (groupId: string, resourceId: string, roleId: string) =>
  (await api().getGroupRoleAssignments(groupId)).some(
    (r) => r.resourceId === resourceId && (r.roles ?? []).includes(roleId),
  );

/**
 * Prints who removed a declared access (the plan then shows it re-created): the whole cause when the split reports one
 * (a group's deletion, with every grant it took), worded as the split words it so the preview prints it once.
 */
async function explainGone(props: AppAccessOutputs): Promise<void> {
  try {
    await explain(props);
  } catch (e) {
    console.log(
      `[atlassian-access] AppAccess ${props.group}@${props.site}/${props.product}: gone; its cause could not be read (${(e as Error).message}).`,
    );
  }
}

async function explain(props: AppAccessOutputs): Promise<void> {
  // The split's view (with the grants its rules ask about), so a cause both see is worded the same and printed once.
  const view = await snapshotView({ roles: true });
  const groupName = isGroupId(props.group)
    ? (view.groupsById.get(props.groupId)?.name ??
      view.index.latest(`group:${props.groupId}`, [...GROUP_DELETED, ...GROUP_CREATED])?.groupName ??
      props.group)
    : props.group;
  const f = appAccessGoneCause(view, {
    groupId: props.groupId,
    groupName,
    resourceId: props.resourceId,
    role: props.roleId,
  });
  announce(`AppAccess ${groupName}@${props.site}/${props.product}`, [f]);
}

export const appAccessLifecycle: Lifecycle<AppAccessArgs, AppAccessOutputs> = {
  async check(olds, news) {
    // The schema's refusals (args.ts), in the order check has always given them: the required inputs, the program's
    // duplicate, then role and allowAccessLoss, then separation of duties (./sod.ts); a value unknown at preview is checked during `up`.
    const raw = news as unknown as Record<string, unknown>;
    const parsed = AppAccessInputs.safeParse(news);
    const refused = (parsed.success ? [] : parsed.error.issues)
      .filter((i) => !isUnknown(raw[String(i.path[0])]))
      .map((i): CheckFailure => ({ property: String(i.path[0] ?? "group"), reason: i.message }));
    const about = (...fs: string[]) => refused.filter((f) => fs.includes(f.property));
    const failures: CheckFailure[] = about("group", "site", "product");
    // Program-wide: the AppAccess class saw the same group × site × product × role declared earlier in the program.
    const { duplicateOf } = programOf(DuplicateProgram, news);
    if (duplicateOf) {
      const group = isUnknown(news.group) ? "the same group" : `group "${news.group}"`;
      failures.push({
        property: "group",
        reason:
          `AppAccess "${duplicateOf}" already declares this access (${group}, site ${news.site}, product ${news.product}, role ${news.role ?? DEFAULT_ROLE}): ` +
          `one role assignment declared twice has two owners, and destroying either revokes it for both. Remove one of the two AppAccess declarations.`,
      });
    }
    failures.push(...about("role"));
    if (typeof news.role === "string" && !isUnknown(news.role)) {
      const problem = roleProblem(news.role);
      if (problem) failures.push({ property: "role", reason: problem });
    }
    failures.push(...about("allowAccessLoss"));
    if (failures.length === 0 && !isUnknown(news.site) && !isUnknown(news.product)) {
      try {
        await resourceIdFor(news.site, news.product);
      } catch (e) {
        // Only a lookup that found no such site or product is the input's fault; the connection was checked first.
        if (!(e instanceof LookupError)) throw e;
        failures.push({ property: e.property, reason: e.message });
      }
    }
    if (failures.length === 0) failures.push(...(await appAccessSodFailures(olds ?? {}, news)));
    return failures.length ? { failures } : { inputs: { ...news, role: news.role ?? DEFAULT_ROLE } };
  },

  async diff(_id, olds, news) {
    const changed = changedSettings(olds, news, APP_ACCESS_SETTINGS, {
      // The grant as created: the role it holds (absent, the default one), the group by name or by its id. A Group
      // being updated has unknown outputs in preview; its id only changes when the Group is replaced, and the Group's
      // own row shows that. Compare known values only (up re-diffs with the real ones).
      role: (_, now) => ((now as string | undefined) ?? DEFAULT_ROLE) === olds.roleId,
      group: (_, now) => isUnknown(now) || now === olds.group || now === olds.groupId,
      // allowAccessLoss changes in place: it only says what a later revoke may do.
      allowAccessLoss: sameUnlessUnknown,
    });
    const replaces = (["site", "product", "role", "group"] as const).filter((k) => changed.includes(k));
    return { changes: changed.length > 0, replaces };
  },

  async create(inputs) {
    const roleId = inputs.role ?? DEFAULT_ROLE;
    const [groupId, resourceId] = await Promise.all([
      groupIdFor(inputs.group),
      resourceIdFor(inputs.site, inputs.product),
    ]);
    // Already held (adopting an org whose access was set by hand): nothing to write.
    if (!(await grantHolders(resourceId, roleId)).has(groupId)) {
      try {
        // The assign endpoint is an upsert; after an ambiguous outcome, reading tells whether it landed.
        await settledWrite(
          () => api().assignGroupRole(groupId, { roleId, resourceId }),
          () => hasRole(groupId, resourceId, roleId),
        );
      } catch (err) {
        if (err instanceof HttpError && err.status === 400 && err.code === "ADMIN-UAM-400-3")
          throw new Error(roleRefused(roleId, inputs.product, inputs.site), { cause: err });
        throw err;
      }
      await awaitRole(groupId, resourceId, roleId, true);
      patchGrant(groupId, resourceId, roleId, true);
    }
    return { id: `${groupId}/${resourceId}/${roleId}`, outs: { ...inputs, role: roleId, groupId, resourceId, roleId } };
  },

  async read(id, props) {
    const g = (await orgState()).group(props.groupId);
    if (!g || !(await grantHolders(props.resourceId, props.roleId)).has(props.groupId)) {
      await explainGone(props);
      return { id: "" };
    }
    return { id, props, inputs: carriedInputs(props, APP_ACCESS_SETTINGS) as AppAccessArgs };
  },

  async update(_id, olds, news) {
    // Only allowAccessLoss changes in place (diff replaces on anything else); the grant itself is untouched.
    return { outs: compact({ ...olds, allowAccessLoss: news.allowAccessLoss }) };
  },

  async delete(_id, props) {
    const g = (await orgState()).group(props.groupId);
    if (!g) return; // the group is gone, and its access with it
    guardAccessLoss(
      `AppAccess ${g.name}@${props.site}/${props.product}`,
      `revoking ${props.roleId}`,
      await lossFromGrant(props.groupId, props.resourceId, props.roleId),
      { allow: props.allowAccessLoss, group: g.name },
    );
    try {
      const { groupId, resourceId, roleId } = props;
      await settledWrite(
        () => api().revokeGroupRole(groupId, { roleId, resourceId }),
        async () => !(await hasRole(groupId, resourceId, roleId)),
      );
    } catch (err) {
      if (isNotFound(err)) return; // the group was deleted since the state was read, and its access with it
      throw err;
    }
    await awaitRole(props.groupId, props.resourceId, props.roleId, false);
    patchGrant(props.groupId, props.resourceId, props.roleId, false);
  },
};
