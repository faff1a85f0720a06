// Resource kind -> lifecycle; the shim looks kinds up here so state written by any version finds today's code.
import type { Lifecycle } from "./types";
import { groupLifecycle } from "./group";
import { appAccessLifecycle } from "./app-access";
import { groupMemberLifecycle } from "./group-member";
import { ownershipSplitLifecycle } from "./ownership-split";

const LIFECYCLES: Record<string, Lifecycle<unknown, unknown>> = {
  group: groupLifecycle,
  "app-access": appAccessLifecycle,
  "group-member": groupMemberLifecycle,
  "ownership-split": ownershipSplitLifecycle,
};

export function lifecycleOf(kind: string): Lifecycle<unknown, unknown> {
  const l = LIFECYCLES[kind];
  if (!l)
    throw new Error(
      `atlassian-access: no resource kind "${kind}" in this version of the package; upgrade atlassian-access to the version that wrote this state.`,
    );
  return l;
}
