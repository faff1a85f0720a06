// Issue 12 items 5-6, the program half: what the Group and GroupMember classes learn from the rest of the program and
// send to check in their `program` input (resources/program/context.ts): a Group's twin of another case, and a
// GroupMember's group's lane.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { groupProgram, memberProgram, registerGroup, registerSplit } from "../../provider/resources/program/context";
import { resetProgram } from "../../provider/resources/program/store";

/** The value of an Input as the engine would serialize it (outside a deployment every Output is known). */
const valueOf = <T>(input: pulumi.Input<T>) =>
  new Promise<T>((resolve) => {
    pulumi.output(input).apply((v) => {
      resolve(v as T);
      return v;
    });
  });

const group = (resourceName: string, name: pulumi.Input<string>, owner: string, resource: object = {}) => {
  registerGroup(resource, {
    resourceName,
    name,
    owner,
    members: undefined,
    groupId: pulumi.output(`id-${resourceName}`),
  });
  return resource;
};

describe("program context for check (issue 12)", () => {
  afterEach(() => resetProgram());

  it("sameNameAs: the earliest Group whose name is the same but for case; none for the first", async () => {
    const first = groupProgram("rel-b");
    group("rel-b", "rel-b", "pulumi");
    const second = groupProgram(pulumi.output("REL-B"));
    group("rel-b-upper", "REL-B", "pulumi");
    const other = groupProgram("rel-c");
    group("rel-c", "rel-c", "pulumi");
    assert.equal(await valueOf(first), undefined);
    assert.deepEqual(await valueOf(second), { sameNameAs: { resource: "rel-b", name: "rel-b" } });
    assert.equal(await valueOf(other), undefined);
  });

  it("the group's owner: of the Group passed, or of the program's Group of that name (any case)", async () => {
    const g = group("requesters", "isc-requesters", "isc");
    const owner = async (ref: unknown) => (await valueOf(memberProgram(ref)))?.group?.owner;
    assert.equal(await owner(g), "isc");
    assert.equal(await owner("ISC-Requesters"), "isc");
    assert.equal(await owner("team"), undefined);
  });

  it("the split's claim on the group's name, whether given as a name or a Group", async () => {
    const byName = memberProgram("isc-new");
    const g = group("team", "isc-team", "pulumi");
    const byGroup = memberProgram(g);
    registerSplit({}, "split", { scim: { groups: ["dept-*"] }, isc: { groups: ["isc-*"] } });
    assert.deepEqual((await valueOf(byName))?.split, { lanes: ["isc"], patterns: { isc: ["isc-*"] } });
    assert.deepEqual((await valueOf(byGroup))?.split?.lanes, ["isc"]);
  });

  it("a group id of no Group of this program tells nothing (check reads the live group instead)", async () => {
    assert.equal(await valueOf(memberProgram(pulumi.output("00000000-0000-4000-a000-000000000001"))), undefined);
  });
});
