// Resource kind -> lifecycle; the shim looks kinds up here so state written by any version finds today's code.
import type { Lifecycle } from "../runtime/types";
import { groupLifecycle } from "./group/lifecycle";
import { appAccessLifecycle } from "./app-access/lifecycle";
import { groupMemberLifecycle } from "./group-member/lifecycle";
import { ownershipSplitLifecycle } from "./ownership-split/lifecycle";
import { adminsLifecycle } from "./admins/lifecycle";
import { appAccessSettingsLifecycle } from "./app-access-settings/lifecycle";
import { configProblem, connectionProblem } from "./context";
import { timed } from "../runtime/profile";

const LIFECYCLES: Record<string, Lifecycle<unknown, unknown>> = {
  group: groupLifecycle,
  "app-access": appAccessLifecycle,
  "group-member": groupMemberLifecycle,
  "ownership-split": ownershipSplitLifecycle,
  admins: adminsLifecycle,
  "app-access-settings": appAccessSettingsLifecycle,
};

/** A problem of the provider's config, not of one property: the engine prints "resource 'x' has a problem: …". */
const configFailure = (reason: string) => ({ failures: [{ property: "", reason }] });

/** Throws the configuration's problem before a call that would use it: no write, no read blamed on an input. */
async function requireConnection(): Promise<void> {
  const problem = await connectionProblem();
  if (problem) throw Object.assign(new Error(problem), { stack: "" });
}

/**
 * The lifecycle of `kind`, guarded: every check first reports a bad configuration (missing or malformed keys, then an
 * orgId, directoryId, apiKey or apiUrl the org API refuses) as a failure, so it shows at preview with no stack trace;
 * create, read, update and delete refuse to run on one (a read against a wrong orgId would drop the resource).
 */
export function lifecycleOf(kind: string): Lifecycle<unknown, unknown> {
  const l = LIFECYCLES[kind];
  if (!l)
    throw new Error(
      `atlassian-access: no resource kind "${kind}" in this version of the package; upgrade atlassian-access to the version that wrote this state.`,
    );
  return (guarded[kind] ??= guard(l));
}

const guarded: Record<string, Lifecycle<unknown, unknown>> = {};

/** Each call timed into the profile when ATLASSIAN_ACCESS_PROFILE is set (runtime/profile.ts); the call itself when not. */
function guard(l: Lifecycle<unknown, unknown>): Lifecycle<unknown, unknown> {
  const g = guardConfig(l);
  return {
    ...g,
    check: timed("call", "check", (...a: Parameters<typeof g.check>) => g.check(...a)),
    diff: timed("call", "diff", (...a: Parameters<typeof g.diff>) => g.diff(...a)),
    create: timed("call", "create", (...a: Parameters<typeof g.create>) => g.create(...a)),
    read: timed("call", "read", (...a: Parameters<typeof g.read>) => g.read(...a)),
    update: timed("call", "update", (...a: Parameters<typeof g.update>) => g.update(...a)),
    delete: timed("call", "delete", (...a: Parameters<typeof g.delete>) => g.delete(...a)),
  };
}

function guardConfig(l: Lifecycle<unknown, unknown>): Lifecycle<unknown, unknown> {
  return {
    ...l,
    async check(olds, news) {
      const bad = configProblem() ?? (await connectionProblem());
      if (bad) return configFailure(typeof bad === "string" ? bad : bad.message);
      return l.check(olds, news);
    },
    async create(inputs) {
      await requireConnection();
      return l.create(inputs);
    },
    async read(id, props) {
      await requireConnection();
      return l.read(id, props);
    },
    async update(id, olds, news) {
      await requireConnection();
      return l.update(id, olds, news);
    },
    async delete(id, props) {
      await requireConnection();
      return l.delete(id, props);
    },
  };
}
