// Issue 12 items 5-6, the program half: what the Group and GroupMember classes learn from the rest of the program and
// send to check (program-registry.ts): a Group's twin of another case, and a GroupMember's group's lane.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
  memberLaneInputs,
  registerGroup,
  registerSplit,
  resetProgramRegistry,
  sameNameInput,
} from "../../provider/resources/program-registry";

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

describe("program hints for check (issue 12)", () => {
  afterEach(() => resetProgramRegistry());

  it("sameNameAs: the earliest Group whose name is the same but for case; none for the first", async () => {
    const first = sameNameInput("rel-b");
    group("rel-b", "rel-b", "pulumi");
    const second = sameNameInput(pulumi.output("REL-B"));
    group("rel-b-upper", "REL-B", "pulumi");
    const other = sameNameInput("rel-c");
    group("rel-c", "rel-c", "pulumi");
    assert.equal(await valueOf(first), undefined);
    assert.deepEqual(await valueOf(second), { resource: "rel-b", name: "rel-b" });
    assert.equal(await valueOf(other), undefined);
  });

  it("groupOwner: the owner of the Group passed, or of the program's Group of that name (any case)", async () => {
    const g = group("requesters", "isc-requesters", "isc");
    const byResource = memberLaneInputs(g);
    const byName = memberLaneInputs("ISC-Requesters");
    const unknownName = memberLaneInputs("team");
    assert.equal(await valueOf(byResource.groupOwner), "isc");
    assert.equal(await valueOf(byName.groupOwner), "isc");
    assert.equal(await valueOf(unknownName.groupOwner), undefined);
  });

  it("splitLanes: the program's split claims the group's name, whether given as a name or a Group", async () => {
    const byName = memberLaneInputs("isc-new");
    const g = group("team", "isc-team", "pulumi");
    const byGroup = memberLaneInputs(g);
    registerSplit({}, "split", { scim: { groups: ["dept-*"] }, isc: { groups: ["isc-*"] } });
    assert.deepEqual(await valueOf(byName.splitLanes), ["isc"]);
    assert.deepEqual(await valueOf(byName.splitPatterns), { isc: ["isc-*"] });
    assert.deepEqual(await valueOf(byGroup.splitLanes), ["isc"]);
  });

  it("a group id of no Group of this program tells nothing (check reads the live group instead)", async () => {
    const hint = memberLaneInputs(pulumi.output("00000000-0000-4000-a000-000000000001"));
    assert.equal(await valueOf(hint.groupOwner), undefined);
    assert.equal(await valueOf(hint.splitLanes), undefined);
  });
});
