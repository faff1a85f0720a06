// What a refresh carries over from the stored inputs: a resource's settings (the list in its args.ts: configuration,
// neither observed state nor program context) and its program context. Everything else read rebuilds from the org.
import { PROGRAM_KEY } from "../rules/program-context";

/** The stored settings and program context of `props`, each only when present. */
export function carriedInputs<T extends object>(props: Partial<T>, settings: readonly (keyof T)[]): Partial<T> {
  const from = props as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of [...settings.map(String), PROGRAM_KEY]) if (from[k] !== undefined) out[k] = from[k];
  return out as Partial<T>;
}
