// What the program stopped declaring since the last `up` (issue 12 item 4): the preview counts these removals.
import { strict as assert } from "node:assert";
import {
  declaredKey,
  isDeclared,
  removalDeletes,
  removedSince,
  sameDeclared,
  type Declared,
} from "../../provider/rules/removals";

const jira = (group: string, allowAccessLoss?: number) => ({
  group,
  site: "acme-eu.atlassian.net",
  product: "jira-software",
  role: "atlassian/user",
  ...(allowAccessLoss !== undefined ? { allowAccessLoss } : {}),
});

describe("removals: what the program no longer declares", () => {
  const before: Declared = {
    groups: [
      { name: "Team-A", deletes: true },
      { name: "adopted-b", deletes: false },
      { name: "team-c", deletes: true, allowAccessLoss: true },
    ],
    access: [jira("team-a"), jira("adopted-b"), jira("team-c", 20)],
  };

  it("lists deleting groups gone by name (ignoring case), never an adopted one code only forgets", () => {
    const now: Declared = { groups: [{ name: "team-a", deletes: true }], access: [jira("TEAM-A")] };
    assert.deepEqual(removedSince(before, now), {
      groups: [{ name: "team-c", deletes: true, allowAccessLoss: true }],
      access: [jira("adopted-b"), jira("team-c", 20)],
    });
  });

  it("finds nothing when the same declarations come in another order", () => {
    const now: Declared = { groups: [...before.groups].reverse(), access: [...before.access].reverse() };
    assert.deepEqual(removedSince(before, now), { groups: [], access: [] });
    assert.equal(declaredKey(now), declaredKey(before));
  });

  it("changes its key when an allowance changes (the split stores it for the delete to come)", () => {
    const now: Declared = {
      ...before,
      groups: [{ name: "Team-A", deletes: true, allowAccessLoss: 3 }, ...before.groups.slice(1)],
    };
    assert.notEqual(declaredKey(now), declaredKey(before));
    assert.equal(declaredKey(undefined), "");
  });

  it("accepts only the shape the program sends", () => {
    assert.equal(isDeclared(before), true);
    assert.equal(isDeclared(undefined), false);
    assert.equal(isDeclared({ groups: [{ name: "x" }], access: [] }), false);
    assert.equal(isDeclared({ groups: [], access: [{ group: "x", site: "s", product: "p" }] }), false);
    assert.equal(isDeclared({ groups: [], access: [{ ...jira("x"), allowAccessLoss: "yes" }] }), false);
  });

  it("removalDeletes: code's group created by code is deleted whatever adopt says; adopted only with deleteOnDestroy", () => {
    assert.equal(removalDeletes({ owner: "pulumi", adopt: true, adopted: false }), true);
    assert.equal(removalDeletes({ owner: "pulumi", adopt: true, adopted: true }), false);
    assert.equal(removalDeletes({ owner: "pulumi", adopted: true, deleteOnDestroy: true }), true);
    assert.equal(removalDeletes({ owner: "pulumi", adopt: true }), false, "adopted not known yet: adopt decides");
    assert.equal(removalDeletes({ owner: "isc", adopted: false }), false);
    const created = { name: "g", owner: "pulumi", adopt: true, adopted: false };
    assert.deepEqual(removedSince({ groups: [created], access: [] }, { groups: [], access: [] }).groups, [created]);
  });

  it("sameDeclared: a list written by 0.1.0 equals today's of the same groups, its `deletes` not compared", () => {
    const old: Declared = { groups: [{ name: "g", deletes: false, allowAccessLoss: 3 }], access: [] };
    const now: Declared = {
      groups: [{ name: "g", owner: "pulumi", adopt: true, adopted: false, allowAccessLoss: 3 }],
      access: [],
    };
    assert.equal(sameDeclared(old, now), true);
    assert.equal(sameDeclared({ ...now, groups: [{ ...now.groups[0], adopted: true }] }, now), false);
  });
});
