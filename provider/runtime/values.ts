// Engine value helpers: the preview's unknown sentinel, stable ordering, input/output projection.

/** What check/diff receive for a not-yet-known input during preview (runtime.unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(isUnknown);
  return false;
}

export function sortedUnique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.toLowerCase()))].sort();
}

export function sameSet(a: string[] | undefined, b: string[] | undefined): boolean {
  const x = sortedUnique(a ?? []);
  const y = sortedUnique(b ?? []);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Drops undefined keys: the engine treats a present-but-undefined key differently from an absent one. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
