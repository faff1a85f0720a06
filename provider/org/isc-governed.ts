// The live side of the lane guard: whether ISC governs a group, read once per process from ISC's Atlassian source.
import { context, runPart } from "../lifecycle/context";
import { iscGovernedKeys } from "../rules/ownership";

/** This run's read of ISC's record (the run state's part). */
const governed = runPart("ISC governed groups", () => ({
  read: undefined as Promise<Set<string> | undefined> | undefined,
}));

/** Ids and lower-case names of the groups ISC offers as requestable entitlements; undefined without ISC config. */
function iscGovernedGroups(): Promise<Set<string> | undefined> {
  const { isc, config } = context();
  if (!isc || !config.iscSourceId) return Promise.resolve(undefined);
  const run = governed();
  run.read ??= isc
    .listEntitlements(config.iscSourceId)
    .then(iscGovernedKeys)
    // ISC unreachable: this guard cannot tell, and the Group's owner and the split still guard (drift reports the rest).
    .catch(() => undefined);
  return run.read;
}

/** Whether ISC's record says it governs the group (by id or name). */
export async function isIscGoverned(g: { id?: string; name?: string }): Promise<boolean> {
  const set = await iscGovernedGroups();
  return Boolean(set && ((g.id && set.has(g.id)) || (g.name && set.has(g.name.toLowerCase()))));
}
