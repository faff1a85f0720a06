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

/** JSON with every object's keys sorted: a value the engine stored with its keys in another order reads the same. */
export function canonicalJson(v: unknown): string {
  const sorted = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sorted)
      : x !== null && typeof x === "object"
        ? Object.fromEntries(
            Object.entries(x as Record<string, unknown>)
              .filter(([, y]) => y !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, y]) => [k, sorted(y)]),
          )
        : x;
  return JSON.stringify(sorted(v ?? null));
}
