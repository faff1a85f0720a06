// A resource's args as a program passes them, derived from the zod schema its check applies (lifecycle/<kind>/args.ts):
// every value may be a pulumi.Input, at every depth. Types only: the docs of the schema's fields carry over.
import type * as pulumi from "@pulumi/pulumi";

/** A value, or an Input of it, with Inputs allowed inside lists and objects. */
export type DeepInput<T> = pulumi.Input<Deep<T>>;
type Deep<T> = T extends readonly (infer E)[]
  ? DeepInput<E>[]
  : T extends object
    ? { [K in keyof T]: DeepInput<T[K]> }
    : T;

/** The program-side args of a resource whose inputs (check's schema output) are `T`; optional stays optional. */
export type ProgramArgs<T> = { [K in keyof T]: DeepInput<Exclude<T[K], undefined>> };
