// The only code the engine serializes into state: per-kind providers that load the implementation at call time.
//
// The engine keeps running the stored copy of this code until a resource changes (pulumi/pulumi#6490), so it must
// stay tiny and stable: no captured clients, schemas or secrets; everything real is `require`d from the installed
// package inside each method, so upgrading the package changes behaviour on the next refresh. The text the engine
// stores is pinned by test/resources/shim.golden.js: a change to it is a change to every existing stack's state.
// The kinds come from lifecycle/registry.ts as a type only: the import is erased, the compiled text stays the same.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../lifecycle/registry";

export type { ResourceKind };

const cache = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/** One shared provider object per kind, so the engine serializes each kind once. */
export function shimFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let p = cache.get(kind);
  if (!p) {
    p = makeShim(kind);
    cache.set(kind, p);
  }
  return p;
}

function makeShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req: unknown) {
      require("atlassian-access/dist/provider/lifecycle/context").configure(req);
    },
    async check(olds: unknown, news: unknown) {
      return require("atlassian-access/dist/provider/lifecycle/registry").lifecycleOf(kind).check(olds, news);
    },
    async diff(id: string, olds: unknown, news: unknown) {
      return require("atlassian-access/dist/provider/lifecycle/registry").lifecycleOf(kind).diff(id, olds, news);
    },
    async create(inputs: unknown) {
      return require("atlassian-access/dist/provider/lifecycle/registry").lifecycleOf(kind).create(inputs);
    },
    async read(id: string, props: unknown) {
      return require("atlassian-access/dist/provider/lifecycle/registry").lifecycleOf(kind).read(id, props);
    },
    async update(id: string, olds: unknown, news: unknown) {
      return require("atlassian-access/dist/provider/lifecycle/registry").lifecycleOf(kind).update(id, olds, news);
    },
    async delete(id: string, props: unknown) {
      return require("atlassian-access/dist/provider/lifecycle/registry").lifecycleOf(kind).delete(id, props);
    },
  } as pulumi.dynamic.ResourceProvider;
}
