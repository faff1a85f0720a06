// Lookups by id over the world's tables without a scan per call: an index built once per table (array) and checked on
// every hit, so a table changed in place (a push, a filter into a new array, an element replaced) is never misread.
//
// A hit is verified against the table (the indexed position still holds that id); a miss or a stale position rebuilds
// the index once and falls back to the scan, so the answer is always the scan's.
const indexes = new WeakMap<object, Map<string, number>>();

export function findById<T>(table: T[], id: string, idOf: (t: T) => string): T | undefined {
  const at = indexes.get(table)?.get(id);
  if (at !== undefined && table[at] !== undefined && idOf(table[at]) === id) return table[at];
  const map = new Map<string, number>();
  table.forEach((t, i) => {
    if (!map.has(idOf(t))) map.set(idOf(t), i);
  });
  indexes.set(table, map);
  const i = map.get(id);
  return i === undefined ? undefined : table[i];
}
