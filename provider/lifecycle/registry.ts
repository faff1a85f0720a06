// Resource kind -> lifecycle: the one place a kind is registered. The shim looks kinds up here so state written by any
// version finds today's code; ResourceKind and RESOURCE_KINDS derive from the table.
import type { Lifecycle } from "../runtime/types";
import { groupLifecycle } from "./group/lifecycle";
import { appAccessLifecycle } from "./app-access/lifecycle";
import { groupMemberLifecycle } from "./group-member/lifecycle";
import { ownershipSplitLifecycle } from "./ownership-split/lifecycle";
import { adminsLifecycle } from "./admins/lifecycle";
import { appAccessSettingsLifecycle } from "./app-access-settings/lifecycle";
import { accessReviewLifecycle } from "./access-review/lifecycle";
import { configProblem, connectionProblem } from "./context";
import { forEngine, shownToEngine } from "../runtime/engine-errors";
import { timed } from "../runtime/profile";

const LIFECYCLES = {
  group: groupLifecycle,
  "app-access": appAccessLifecycle,
  "group-member": groupMemberLifecycle,
  "ownership-split": ownershipSplitLifecycle,
  admins: adminsLifecycle,
  "app-access-settings": appAccessSettingsLifecycle,
  "access-review": accessReviewLifecycle,
} satisfies Record<string, Lifecycle<unknown, unknown>>;

/** A resource kind: a key of the table. The program side imports it as a type only, so no lifecycle loads there. */
export type ResourceKind = keyof typeof LIFECYCLES;

/** Every kind this version serves, in the table's order. */
export const RESOURCE_KINDS = Object.keys(LIFECYCLES) as ResourceKind[];

const isResourceKind = (kind: string): kind is ResourceKind => Object.hasOwn(LIFECYCLES, kind);

/** A problem of the provider's config, not of one property: the engine prints "resource 'x' has a problem: …". */
const configFailure = (reason: string) => ({ failures: [{ property: "", reason }] });

/** Throws the configuration's problem before a call that would use it: no write, no read blamed on an input. */
async function requireConnection(): Promise<void> {
  const problem = await connectionProblem();
  if (problem) throw new Error(problem);
}

/**
 * The lifecycle of `kind`, guarded: every check first reports a bad configuration (missing or malformed keys, then an
 * orgId, directoryId, apiKey or apiUrl the org API refuses) as a failure, so it shows at preview with no stack trace;
 * create, read, update and delete refuse to run on one (a read against a wrong orgId would drop the resource). Every
 * method's failure reaches the engine as its message alone, printed once under its resource (runtime/engine-errors.ts).
 */
export function lifecycleOf(kind: string): Lifecycle<unknown, unknown> {
  if (!isResourceKind(kind))
    throw forEngine(
      new Error(
        `atlassian-access: no resource kind "${kind}" in this version of the package; upgrade atlassian-access to the version that wrote this state.`,
      ),
      kind,
    );
  return (guarded[kind] ??= guard(kind, LIFECYCLES[kind]));
}

const guarded: Record<string, Lifecycle<unknown, unknown>> = {};

/** Each call shown to the engine as its message alone (runtime/engine-errors.ts), and timed into the profile when
 * ATLASSIAN_ACCESS_PROFILE is set (runtime/profile.ts; the call itself when not). */
function guard(kind: string, l: Lifecycle<unknown, unknown>): Lifecycle<unknown, unknown> {
  const shown = <T>(method: string, run: () => Promise<T>) =>
    shownToEngine(`${kind} ${method}`, timed("call", method, run));
  return {
    check: (olds, news) =>
      shown("check", async () => {
        const bad = configProblem() ?? (await connectionProblem());
        if (bad) return configFailure(typeof bad === "string" ? bad : bad.message);
        return l.check(olds, news);
      }),
    diff: (id, olds, news) => shown("diff", () => l.diff(id, olds, news)),
    create: (inputs) =>
      shown("create", async () => {
        await requireConnection();
        return l.create(inputs);
      }),
    read: (id, props) =>
      shown("read", async () => {
        await requireConnection();
        return l.read(id, props);
      }),
    update: (id, olds, news) =>
      shown("update", async () => {
        await requireConnection();
        return l.update(id, olds, news);
      }),
    delete: (id, props) =>
      shown("delete", async () => {
        await requireConnection();
        return l.delete(id, props);
      }),
  };
}
