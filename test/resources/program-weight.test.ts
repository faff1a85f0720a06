// Issue 22 item 2, a light program: what a resource sends the engine (its inputs, `program` context included) does not
// grow with the size of the program. The resource classes run under pulumi's mocks, in-process: a program of 10, of
// 100 and of 1,000 Groups, each with its AppAccess, and a GroupMember; the inputs the engine receives are compared byte
// for byte in size. The split's `declared` list (every Group and AppAccess, for the preview's count of removals) is the
// one input that grows, and it grows by the same bytes per declaration.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { AppAccess, Group, GroupMember, OwnershipSplit } from "../../provider";
import { resetProgram } from "../../provider/resources/program/store";
// pulumi's test hook (internal): forgets the mock monitor.
import * as settings from "@pulumi/pulumi/runtime/settings";

type Inputs = Record<string, unknown>;

/** Each resource's inputs as the engine received them, by resource name. */
let received = new Map<string, Inputs>();
let expected = 0;
let done: () => void = () => undefined;
/** The resource objects the last program constructed. */
let constructed: object[] = [];

before(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (a: pulumi.runtime.MockResourceArgs) => {
        received.set(a.name, a.inputs as Inputs);
        if (received.size === expected) done();
        return { id: `${a.name}-id`, state: { ...a.inputs, groupId: `gid-${a.name}`, adopted: false } };
      },
      call: () => ({}),
    },
    "weight",
    "test",
    false,
  );
});

after(() => {
  // Leave no mocks behind for other files of this worker.
  (settings as unknown as { _reset: () => void })._reset();
  resetProgram();
});

const pad = (i: number) => String(i).padStart(4, "0");

/**
 * A program of `n` code-owned Groups (three members each) under one split, an AppAccess for each (by groupId, and the
 * last one by name), and one GroupMember naming the first Group by name; resolves once the engine has every resource.
 */
async function program(n: number): Promise<Map<string, Inputs>> {
  resetProgram();
  received = new Map();
  expected = 1 + 2 * n + 1;
  const all = new Promise<void>((resolve) => (done = resolve));
  const keep = <T extends object>(r: T) => (constructed.push(r), r);
  constructed = [];
  keep(
    new OwnershipSplit("split", {
      accountCreator: "scim",
      scim: { groups: ["dept-*"] },
      isc: { groups: ["isc-*"] },
      pulumi: { groups: ["team-*"] },
    }),
  );
  for (let i = 0; i < n; i++) {
    const name = `team-${pad(i)}`;
    const members = [0, 1, 2].map((k) => `user${pad((i + k) % 10)}@example.com`);
    const g = keep(new Group(name, { name, owner: "pulumi", members, adopt: true }));
    keep(
      new AppAccess(`${name}@acme.atlassian.net`, {
        group: i === n - 1 ? name : g.groupId,
        site: "acme.atlassian.net",
        product: "jira-software",
      }),
    );
  }
  keep(new GroupMember("member", { group: "team-0000", email: "user0000@example.com" }));
  await all;
  return received;
}

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
/** A resource's inputs without the split's `declared` list. */
const withoutDeclared = (inputs: Inputs) => {
  const program = { ...(inputs.program as Inputs | undefined) };
  delete program.declared;
  return { ...inputs, program };
};

describe("a light program (issue 22 item 2): stored inputs do not grow with the program", function () {
  this.timeout(120_000);
  const sizes = [10, 100, 1000];
  const runs = new Map<number, Map<string, Inputs>>();
  /** Values the program's contexts passed to `pulumi.all`, per size: what they hold while the engine works. */
  const combined = new Map<number, number>();

  before(async () => {
    const all = pulumi.all;
    for (const n of sizes) {
      let count = 0;
      (pulumi as { all: unknown }).all = (values: unknown) => {
        count += Array.isArray(values) ? values.length : Object.keys(values as object).length;
        return (all as (v: unknown) => unknown)(values);
      };
      try {
        runs.set(n, await program(n));
      } finally {
        (pulumi as { all: unknown }).all = all;
      }
      combined.set(n, count);
    }
  });

  it("each resource reaches the engine with its `program` input", () => {
    for (const n of sizes) {
      const r = runs.get(n)!;
      assert.equal(r.size, 2 + 2 * n);
      const split = r.get("split")!.program as { declared: { groups: unknown[]; access: unknown[] } };
      assert.equal(split.declared.groups.length, n);
      assert.equal(split.declared.access.length, n);
      assert.deepEqual(r.get("member")!.program, {
        group: { resource: "team-0000", name: "team-0000", owner: "pulumi", membersManaged: true },
        split: { lanes: ["pulumi"], patterns: { pulumi: ["team-*"] } },
      });
      assert.deepEqual(r.get("team-0000")!.program, { split: { lanes: ["pulumi"], patterns: { pulumi: ["team-*"] } } });
    }
  });

  it("a Group, an AppAccess (by groupId and by name) and a GroupMember send the same bytes in a program of 10 or 1,000", () => {
    const probes = ["team-0000", "team-0005", "team-0000@acme.atlassian.net", "member"];
    for (const name of probes) {
      const [small, medium, large] = sizes.map((n) => bytes(runs.get(n)!.get(name)));
      assert.equal(medium, small, `${name}: ${small} bytes in a program of 10, ${medium} in one of 100`);
      assert.equal(large, small, `${name}: ${small} bytes in a program of 10, ${large} in one of 1,000`);
    }
    // The last AppAccess names its group by name: the same bytes whichever Group that is.
    const lastByName = sizes.map((n) => bytes(runs.get(n)!.get(`team-${pad(n - 1)}@acme.atlassian.net`)));
    assert.deepEqual(lastByName, [lastByName[0], lastByName[0], lastByName[0]]);
  });

  it("every Group and AppAccess of the program of 1,000 sends the bytes the first one does (the last by name aside)", () => {
    const r = runs.get(1000)!;
    const first = { group: bytes(r.get("team-0000")), access: bytes(r.get("team-0000@acme.atlassian.net")) };
    for (let i = 0; i < 999; i++) {
      assert.equal(bytes(r.get(`team-${pad(i)}`)), first.group, `team-${pad(i)}`);
      assert.equal(bytes(r.get(`team-${pad(i)}@acme.atlassian.net`)), first.access, `team-${pad(i)}'s AppAccess`);
    }
  });

  it("the contexts combine Outputs in proportion to the program, not to its square", () => {
    // Before, each Group resolved every Group declared before it (and each by-name reference every Group): 1,700
    // Groups held 1.4 million Outputs. Now the program resolves its Groups' names and facts once and shares them.
    const [c10, c100, c1000] = sizes.map((n) => combined.get(n)!);
    assert.equal(c1000 - c100, 10 * (c100 - c10), `values combined: ${c10}, ${c100}, ${c1000}`);
    assert.ok(c1000 < 30 * 1000, `${c1000} values combined for 2,002 resources`);
  });

  it("the split: its `declared` list grows by the same bytes per declaration, and nothing else of it grows", () => {
    const split = sizes.map((n) => runs.get(n)!.get("split")!);
    const rest = split.map((s) => bytes(withoutDeclared(s)));
    assert.deepEqual(rest, [rest[0], rest[0], rest[0]]);
    const declared = split.map((s) => bytes((s.program as Inputs).declared));
    // 10 → 100 adds 90 declarations of each kind, 100 → 1,000 adds 900: ten times the bytes.
    assert.equal(declared[2] - declared[1], 10 * (declared[1] - declared[0]));
    const perGroupAndAccess = (declared[1] - declared[0]) / 90;
    assert.ok(perGroupAndAccess < 200, `${perGroupAndAccess} bytes per Group and its AppAccess in the list`);
  });
});

/** Outputs constructed while `run` runs, counted at OutputImpl's `__pulumiOutput` marker, which every Output sets. */
async function countingOutputs<T>(run: () => Promise<T>): Promise<{ result: T; outputs: number }> {
  // pulumi.Output is the class OutputImpl at runtime (its type is an interface).
  const proto = (pulumi.Output as unknown as { prototype: object }).prototype;
  let outputs = 0;
  Object.defineProperty(proto, "__pulumiOutput", {
    configurable: true,
    set(this: object, v: unknown) {
      outputs++;
      Object.defineProperty(this, "__pulumiOutput", { value: v, writable: true, enumerable: true, configurable: true });
    },
  });
  try {
    return { result: await run(), outputs };
  } finally {
    delete (proto as Record<string, unknown>).__pulumiOutput;
  }
}

/** The Outputs a resource object carries: one per property pulumi registered (inputs, declared outputs, urn, id). */
const ownOutputs = (r: object) => Object.values(r).filter((v) => pulumi.Output.isInstance(v)).length;

describe("a light program (issue 22 item 2): the Outputs the program holds while the engine works", function () {
  this.timeout(120_000);

  it("a program of plain values holds only its resources' properties: no Output per declaration for its contexts", async () => {
    // Each Output pulumi makes costs the program about 4 KB until the engine answers (an Output of four promises with
    // their resolvers and debug fields); the program contexts (a Group's, the split's declared list) used to add ten
    // more per Group and two per AppAccess, while every value they combine is plain.
    const extra = new Map<number, number>();
    for (const n of [10, 100]) {
      const { outputs } = await countingOutputs(() => program(n));
      const held = constructed.reduce((sum, r) => sum + ownOutputs(r), 0);
      extra.set(n, outputs - held);
    }
    // Beyond the resources' own properties: the same few for the split, the GroupMember and the last AppAccess (which
    // names its group by name) whatever the size.
    assert.equal(
      extra.get(100),
      extra.get(10),
      `Outputs beyond the resources' properties: ${[...extra.values()].join(", ")}`,
    );
    const group = constructed.find((r) => r instanceof Group)!;
    const access = constructed.find((r) => r instanceof AppAccess)!;
    // A Group: name, owner, members, adopt, its 6 other declared outputs, program, __provider, urn, id. An AppAccess by
    // groupId: group, site, product, role, groupId, resourceId, roleId, __provider, urn, id (no `program` key: it has no
    // context).
    assert.deepEqual([ownOutputs(group), ownOutputs(access)], [14, 10]);
  });
});
