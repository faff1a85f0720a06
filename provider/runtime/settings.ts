// What a refresh carries over from the stored inputs: a resource's settings (the list in its args.ts: configuration,
// neither observed state nor program context) and its program context. Everything else read rebuilds from the org.
import { PROGRAM_KEY } from "../rules/program-context";
import { canonicalJson, isUnknown } from "./values";

/** The stored settings and program context of `props`, each only when present. */
export function carriedInputs<T extends object>(props: Partial<T>, settings: readonly (keyof T)[]): Partial<T> {
  const from = props as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of [...settings.map(String), PROGRAM_KEY]) if (from[k] !== undefined) out[k] = from[k];
  return out as Partial<T>;
}

/** How a kind compares one setting, when plain equality is not it: true when the old and new value are the same. */
export type SameSetting = (old: unknown, now: unknown) => boolean;

/** Plain equality: a value unknown at preview is a change; absent and null are the same; else the same JSON. */
export const sameValue: SameSetting = (a, b) =>
  !isUnknown(b) && JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** An object or list compared whatever order the engine kept its keys in; unknown is a change. */
export const sameCanonical: SameSetting = (a, b) => !isUnknown(b) && canonicalJson(a) === canonicalJson(b);

/** A flag: absent is false; an unknown flag is a change. */
export const sameFlag: SameSetting = (a, b) => !isUnknown(b) && Boolean(a) === Boolean(b);

/** A setting that only says what a later write may do: unknown at preview is no change (up re-diffs with it known). */
export const sameUnlessUnknown: SameSetting = (a, b) => isUnknown(b) || sameValue(a, b);

/**
 * The settings (a kind's list in its args.ts) whose value differs, in the list's order: `diff`'s "changed" is decided
 * here, the kind adding only what is its own (replace keys, findings that keep a resource changed). The program context
 * is not a setting: it is never a change.
 */
export function changedSettings<K extends string>(
  olds: object,
  news: object,
  settings: readonly K[],
  same: Partial<Record<K, SameSetting>> = {},
): K[] {
  const [o, n] = [olds as Record<string, unknown>, news as Record<string, unknown>];
  return settings.filter((k) => !(same[k] ?? sameValue)(o[k], n[k]));
}
