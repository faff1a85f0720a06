import { strict as assert } from "node:assert";
import { accessLoss, lossLine, lossRefusal, peopleLosing } from "../../provider/rules/blast-radius";

const JIRA = { key: "ws-eu jira-user", label: "acme-eu.atlassian.net/jira-software (atlassian/user)" };
const WIKI = { key: "ws-eu wiki-user", label: "acme-eu.atlassian.net/confluence (atlassian/user)" };
const members: Record<string, string[]> = { g: ["a", "b", "c"], other: ["b"], third: ["c"] };
const membersOf = (id: string) => new Set(members[id] ?? []);

describe("blast radius rules", () => {
  it("counts only the people who keep no other group holding the same grant", () => {
    const holders = new Map([
      [JIRA.key, new Set(["g", "other"])],
      [WIKI.key, new Set(["g", "third"])],
    ]);
    const losses = accessLoss({ groupId: "g", losing: ["a", "b", "c"], grants: [WIKI, JIRA], holders, membersOf });
    assert.deepEqual(losses, [
      { label: WIKI.label, people: ["a", "b"] },
      { label: JIRA.label, people: ["a", "c"] },
    ]);
    assert.equal(peopleLosing(losses), 3);
    assert.equal(
      lossLine('Group "g"', "removing 3 member(s)", losses),
      `[atlassian-access] Group "g": removing 3 member(s) removes access from 3 person(s): ${WIKI.label} 2, ${JIRA.label} 2.`,
    );
  });

  it("does not count a person who holds the grant directly, outside any group", () => {
    const holders = new Map([[JIRA.key, new Set(["g"])]]);
    const heldDirectly = (a: string, key: string) => a === "b" && key === JIRA.key;
    const losses = accessLoss({
      groupId: "g",
      losing: ["a", "b", "c"],
      grants: [JIRA, WIKI],
      holders,
      membersOf,
      heldDirectly,
    });
    assert.deepEqual(losses, [
      { label: WIKI.label, people: ["a", "b", "c"] },
      { label: JIRA.label, people: ["a", "c"] },
    ]);
  });

  it("finds no loss for a group that grants nothing, and prints nothing for it", () => {
    const losses = accessLoss({ groupId: "g", losing: ["a"], grants: [], holders: new Map(), membersOf });
    assert.deepEqual(losses, []);
    assert.equal(lossLine('Group "g"', "deleting it", losses), undefined);
  });

  const many = [{ label: JIRA.label, people: Array.from({ length: 11 }, (_, i) => `p${i}`) }];
  const few = [{ label: JIRA.label, people: ["p1", "p2"] }];

  it("refuses past the limit, naming the count, the limit, each site × product and the fix", () => {
    assert.equal(
      lossRefusal('Group "g"', "removing 11 member(s)", many, { limit: 10 }),
      `Group "g": removing 11 member(s) removes access from 11 people, more than the limit of 10 (atlassian-access:accessLossLimit) (${JIRA.label}: 11). ` +
        "If that is intended, set allowAccessLoss: true (or the number of people) on the resource and run `pulumi up` again, or list the group in atlassian-access:accessLossAllowed (a destroy runs with the config the last `pulumi up` stored: run `up` after changing it); otherwise keep the members or grants.",
    );
    assert.equal(lossRefusal('Group "g"', "x", few, { limit: 10 }), undefined);
    assert.equal(lossRefusal('Group "g"', "x", few, { limit: 1 })?.includes("more than the limit of 1"), true);
  });

  it("refuses emptying a group even under the limit, unless allowed", () => {
    assert.match(
      lossRefusal('Group "g"', "removing 2 member(s)", few, { limit: 10 }, true)!,
      /removing 2 member\(s\) empties the group/,
    );
    assert.equal(lossRefusal('Group "g"', "x", few, { limit: 10, allow: true }, true), undefined);
    assert.equal(lossRefusal('Group "g"', "x", few, { limit: 10, allow: 2 }, true), undefined);
  });

  it("lets an explicit allowance through: true, a number at least the count, or the group listed in config", () => {
    assert.equal(lossRefusal('Group "g"', "x", many, { limit: 10, allow: true }), undefined);
    assert.equal(lossRefusal('Group "g"', "x", many, { limit: 10, allow: 11 }), undefined);
    assert.match(lossRefusal('Group "g"', "x", many, { limit: 10, allow: 5 })!, /more than allowAccessLoss \(5\)/);
    assert.equal(lossRefusal('Group "g"', "x", many, { limit: 10, allowedByConfig: true }), undefined);
  });
});
