// A resource's constructor without the stack strings pulumi keeps per property: its Resource constructor wraps each
// property of a resource (inputs and declared outputs alike) in an Output of four promises, and gives each promise
// `new Error().stack` (runtime/debuggable.js, read only by its promise-leak report at exit). That is about 60 strings
// of 1-2 KB per Group, held by the program until the engine is done: a third of the program's heap at 3,401 resources.
// The resource's source position is unaffected (pulumi captures it with its own limit), and an error thrown while
// registering gets the stack of the place it is rethrown from.
//
//   const stacks = quietStacks();
//   try { super(...) } catch (e) { throw restack(e) } finally { loudStacks(stacks) }

/** Turns V8's stack capture off; returns the limit to restore. */
export function quietStacks(): number {
  const was = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return was;
}

/** Restores the limit quietStacks returned. */
export function loudStacks(was: number): void {
  Error.stackTraceLimit = was;
}

/** An error thrown while stacks were off, given the stack of the caller (the program's `new ...`). */
export function restack(e: unknown, was: number): unknown {
  loudStacks(was);
  if (e instanceof Error && !/\n\s+at /.test(e.stack ?? "")) Error.captureStackTrace(e, restack);
  return e;
}
