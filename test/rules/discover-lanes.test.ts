// discover's lane inference and the split's compacted name patterns (provider/rules/discover-lanes.ts).
import { strict as assert } from "node:assert";
import {
  compactPatterns,
  inferAccountCreator,
  inferLane,
  lanePatterns,
  type InferredLane,
} from "../../provider/rules/discover-lanes";
import { iscGovernedKeys, lanesFor } from "../../provider/rules/ownership";

describe("inferLane", () => {
  it("gives synced groups to scim, even when ISC also offers them", () => {
    assert.equal(inferLane({ name: "dept-it", synced: true, iscGoverned: true }, "pulumi"), "scim");
  });

  it("gives groups ISC offers as requestable entitlements to isc", () => {
    assert.equal(inferLane({ name: "isc-jira", synced: false, iscGoverned: true }, "pulumi"), "isc");
  });

  it("gives the rest to code, or to nobody with claim none", () => {
    const g = { name: "site-admins", synced: false, iscGoverned: false };
    assert.equal(inferLane(g, "pulumi"), "pulumi");
    assert.equal(inferLane(g, "none"), "none");
  });
});

describe("inferAccountCreator", () => {
  it("picks scim when SCIM is configured or pushed any account, else isc when ISC is configured", () => {
    assert.equal(inferAccountCreator({ scimConfigured: true, iscConfigured: true, syncedAccounts: 0 }), "scim");
    assert.equal(inferAccountCreator({ scimConfigured: false, iscConfigured: true, syncedAccounts: 3 }), "scim");
    assert.equal(inferAccountCreator({ scimConfigured: false, iscConfigured: true, syncedAccounts: 0 }), "isc");
    assert.equal(inferAccountCreator({ scimConfigured: false, iscConfigured: false, syncedAccounts: 0 }), "scim");
  });
});

describe("compactPatterns", () => {
  it("turns a family sharing a prefix no other group has into prefix*", () => {
    assert.deepEqual(compactPatterns(["dept-sales", "dept-it", "all-employees"], ["isc-jira", "site-admins"]), [
      "all-employees",
      "dept-*",
    ]);
  });

  it("keeps the names when another lane's group shares the prefix, and tries a longer prefix first", () => {
    assert.deepEqual(compactPatterns(["dept-sales", "dept-it"], ["dept-legal"]), ["dept-it", "dept-sales"]);
    assert.deepEqual(compactPatterns(["isc-jira-users", "isc-jira-agents", "isc-wiki"], ["isc-confluence"]), [
      "isc-jira-*",
      "isc-wiki",
    ]);
  });

  it("takes the shortest clean prefix of a name, and leaves a group alone in its family by name", () => {
    assert.deepEqual(compactPatterns(["team-a-x", "team-a-y", "team-b"], []), ["team-*"]);
    assert.deepEqual(compactPatterns(["team-a", "ops-b"], []), ["ops-b", "team-a"]);
  });

  it("matches case-insensitively, like the split, and writes each pattern once", () => {
    assert.deepEqual(compactPatterns(["Dept-Sales", "dept-it"], ["DEPT-LEGAL"]), ["Dept-Sales", "dept-it"]);
    assert.deepEqual(compactPatterns(["Team-a", "team-b", "TEAM-c"], []), ["TEAM-*"]);
  });

  it("never makes a pattern of a prefix holding a glob character", () => {
    assert.deepEqual(compactPatterns(["a*-x", "a*-y"], []), ["a*-x", "a*-y"]);
  });

  it("is the same for the same names in any order", () => {
    const names = ["dept-b", "dept-a", "solo", "ops-1", "ops-2"];
    assert.deepEqual(compactPatterns(names, ["x"]), compactPatterns([...names].reverse(), ["x"]));
    assert.deepEqual(compactPatterns(names, ["x"]), ["dept-*", "ops-*", "solo"]);
  });
});

describe("lanePatterns", () => {
  it("claims every group of the org in exactly its own lane; unclaimed ones in none", () => {
    const lanes = new Map<string, InferredLane>([
      ["all-employees", "scim"],
      ["dept-engineering", "scim"],
      ["dept-sales", "scim"],
      ["dept-legal", "pulumi"],
      ["isc-jira-requesters", "isc"],
      ["isc-jsm-agents", "isc"],
      ["site-admins", "pulumi"],
      ["legacy-1", "none"],
      ["legacy-2", "none"],
    ]);
    const patterns = lanePatterns(lanes);
    assert.deepEqual(patterns, {
      scim: ["all-employees", "dept-engineering", "dept-sales"],
      isc: ["isc-*"],
      pulumi: ["dept-legal", "site-admins"],
    });
    for (const [name, lane] of lanes) assert.deepEqual(lanesFor(patterns, name), lane === "none" ? [] : [lane], name);
  });
});

describe("iscGovernedKeys", () => {
  it("keeps the ids and lower-case names of requestable entitlements only", () => {
    const keys = iscGovernedKeys([
      { value: "g-1", name: "ISC-Jira", requestable: true },
      { value: "g-2", name: "dept-it", requestable: false },
      { value: "g-3", name: "aggregated", requestable: null },
    ]);
    assert.deepEqual([...keys].sort(), ["g-1", "isc-jira"]);
  });
});
