// The lifecycle contract every resource implements: the dynamic provider methods minus configure.
export interface CheckFailure {
  property: string;
  reason: string;
}

export interface Lifecycle<Args, Outs> {
  check(olds: Partial<Args>, news: Args): Promise<{ inputs?: Args; failures?: CheckFailure[] }>;
  diff(
    id: string,
    olds: Outs,
    news: Args,
  ): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(inputs: Args): Promise<{ id: string; outs: Outs }>;
  read(id: string, props: Outs): Promise<{ id: string; props?: Outs; inputs?: Args }>;
  update(id: string, olds: Outs, news: Args): Promise<{ outs: Outs }>;
  delete(id: string, props: Outs): Promise<void>;
}
