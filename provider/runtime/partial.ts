// A create that made its object but not all of it: the engine keeps the object in the state, marked unfinished.
//
// The dynamic provider server turns an error carrying `id` and `properties` into ErrorResourceInitFailed (see
// @pulumi/pulumi cmd/dynamic-provider `grpcResponseFromError`): the engine records the resource with its init errors,
// `up` exits non-zero, and the next `up` runs `update` on it (an "empty update" to finish initialising), so nothing is
// orphaned and partial progress is picked up. The properties the engine stores are taken as they are, without the
// server adding the serialized provider, so this adds it: a later refresh or update loads the provider from it.
const PROVIDER_KEY = "__provider";

export class PartialCreateError extends Error {
  readonly reasons: string[];

  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: unknown,
    what: string,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${what}, but not finished: ${reason} The next \`pulumi up\` finishes it.`, { cause });
    this.reasons = [reason];
  }
}

/** Runs the rest of a create once its object exists; a failure keeps the object in the state (see above). */
export async function finishCreate<T extends object>(
  id: string,
  inputs: object,
  outsSoFar: () => T,
  what: string,
  rest: () => Promise<void>,
): Promise<void> {
  try {
    await rest();
  } catch (err) {
    const provider = (inputs as Record<string, unknown>)[PROVIDER_KEY];
    const properties = { ...outsSoFar() } as Record<string, unknown>;
    if (provider !== undefined) properties[PROVIDER_KEY] = provider;
    throw new PartialCreateError(id, properties, err, what);
  }
}
