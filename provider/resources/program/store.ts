// The program's one registry: every declaration another resource's check needs to know of, gathered in the program
// process as the resource classes are constructed. Read only by context.ts, which builds each resource's `program` input.
//
// On globalThis, so two copies of the package loaded by one program still share one registry. Never imported by
// provider/lifecycle nor by the shim serialized into state: this state exists only in the program process.
import * as pulumi from "@pulumi/pulumi";
import type { LaneClaims } from "../../rules/ownership";

export interface SplitEntry {
  resource: object;
  name: string;
  claims: pulumi.Input<LaneClaims>;
  /** The split's `conflicts` input (separation of duties), as the program declares it. */
  conflicts?: unknown;
}

export interface GroupEntry {
  resource: object;
  /** The Group's resource name (for messages). */
  resourceName: string;
  name: pulumi.Input<string>;
  owner: pulumi.Input<string>;
  /** pulumi.Input of the members list, or undefined. */
  members: unknown;
  /** The Group's groupId Output: recognises the Group wherever the program passes it. */
  groupId: unknown;
  /** The Group's adopted Output: whether its removal deletes (rules/removals.ts removalDeletes). */
  adopted?: unknown;
  adopt?: pulumi.Input<boolean>;
  deleteOnDestroy?: pulumi.Input<boolean>;
  allowAccessLoss?: pulumi.Input<boolean | number>;
  maxDuration?: pulumi.Input<string>;
}

/** group × site × product × role, each a plain (normalised) string or an Input still to resolve. */
export type AccessKey = [pulumi.Input<string>, pulumi.Input<string>, pulumi.Input<string>, pulumi.Input<string>];

export interface AccessEntry {
  name: string;
  key: AccessKey;
  allowAccessLoss?: pulumi.Input<boolean | number>;
}

export interface SettingsEntry {
  name: string;
  domain: pulumi.Input<string>;
}

/** What the other resources' contexts read of every Group, resolved once: name, owner, members declared, maxDuration. */
export type GroupFacts = [unknown, unknown, unknown, unknown];

export interface ProgramStore {
  splits: SplitEntry[];
  groups: GroupEntry[];
  /**
   * The names and the facts of `groups`, each one list for the program (context.ts groupNames, groupFacts; one Output
   * when a Group passed an Output), rebuilt only when a Group was registered since: each resource reading them would
   * otherwise build its own Output per Group (quadratic in the program).
   */
  groupNames?: { count: number; values: pulumi.Input<unknown[]> };
  groupFacts?: { count: number; values: pulumi.Input<GroupFacts[]> };
  /** Each Group's entry by its resource and by its groupId Output (groupByRef, groupByGroupId). */
  groupIndex: Map<unknown, GroupEntry>;
  access: AccessEntry[];
  settings: SettingsEntry[];
  /** Resource names of the program's Admins, in order. */
  admins: string[];
  warnedSplits: boolean;
}

const KEY = Symbol.for("atlassian-access/program");
const empty = (): ProgramStore => ({
  splits: [],
  groups: [],
  groupNames: undefined,
  groupFacts: undefined,
  groupIndex: new Map(),
  access: [],
  settings: [],
  admins: [],
  warnedSplits: false,
});

/** The program's registry. */
export function programStore(): ProgramStore {
  const g = globalThis as unknown as Record<symbol, ProgramStore | undefined>;
  return (g[KEY] ??= empty());
}

/** Test hook: forget every registration. */
export function resetProgram(): void {
  Object.assign(programStore(), empty());
}

/** A value with no Output or Promise anywhere inside: usable at once. */
export function isPlain(v: unknown): boolean {
  if (pulumi.Output.isInstance(v) || v instanceof Promise) return false;
  if (Array.isArray(v)) return v.every(isPlain);
  if (v !== null && typeof v === "object") return Object.values(v).every(isPlain);
  return true;
}

/** Resolves after the current synchronous section of the program: every top-level declaration is registered by then. */
export const afterProgramSection = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(true)));

/** Atlassian's group names compare ignoring case. */
export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The program's Group whose groupId Output this is. */
export const groupByGroupId = (v: unknown): GroupEntry | undefined => {
  const g = pulumi.Output.isInstance(v) ? programStore().groupIndex.get(v) : undefined;
  return g && g.groupId === v ? g : undefined;
};

/** The program's Group a reference names: the Group itself or its groupId Output (a name is matched later, by value). */
export const groupByRef = (v: unknown): GroupEntry | undefined => {
  const g = v !== null && typeof v === "object" ? programStore().groupIndex.get(v) : undefined;
  return g && g.resource === v ? g : groupByGroupId(v);
};
