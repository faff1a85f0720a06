// Zod helpers shared by the wire schemas: a field the API sends as null or leaves out reads as undefined.
import { z } from "zod";

/** Optional on the wire, null accepted, `undefined` in our types, so callers test one "no value". */
export const maybe = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null ? undefined : v), schema.optional());

/** An optional string that may arrive as null. */
export const optStr = maybe(z.string());

/**
 * An enum the API may grow: the known values type-check, an unknown one is kept as the string it is (a new account
 * status must not fail the read of everyone). Callers compare against the known values.
 */
export const openEnum = <const V extends readonly [string, ...string[]]>(_values: V) =>
  z.string() as unknown as z.ZodType<V[number] | (string & {})>;
