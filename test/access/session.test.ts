// stackSplit: which groups are whose, from the stack's state (`pulumi stack export`, in memory) rather than a copy in
// a --split file: the one OwnershipSplit's lanes as last applied; none, two, or inputs that are not a split say why.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { stackSplit } from "../../provider/access/session";

const SPLIT = "pulumi-nodejs:dynamic/atlassian:OwnershipSplit";
const inputs = {
  accountCreator: "scim",
  scim: { groups: ["dept-*"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["jira-admins"] },
  acceptedFindings: ["duplicate-person:m.garcia@acme.example"],
  program: { declared: [] },
  __provider: "exports.handler = …",
};
const exported = (...resources: object[]) => JSON.stringify({ version: 3, deployment: { resources } });
const split = (name: string, over: object = {}) => ({
  urn: `urn:pulumi:prod::acme::${SPLIT}::${name}`,
  type: SPLIT,
  inputs: { ...inputs, ...over },
});
const group = {
  urn: "urn:pulumi:prod::acme::pulumi-nodejs:dynamic/atlassian:Group::jira-admins",
  type: "x",
  inputs: {},
};

describe("stackSplit", () => {
  const calls: [string[], string][] = [];
  const runner = (stdout: string) => async (args: string[], cwd: string) => {
    calls.push([args, cwd]);
    return stdout;
  };

  it("reads the one OwnershipSplit's lanes from the stack's state, in the stack's folder", async () => {
    calls.length = 0;
    const found = await stackSplit({ stack: "prod", cwd: "infra" }, runner(exported(group, split("ownership"))));
    assert.deepEqual(found, {
      split: {
        accountCreator: "scim",
        scim: { groups: ["dept-*"] },
        isc: { groups: ["isc-*"] },
        pulumi: { groups: ["jira-admins"] },
      },
      from: `stack prod's OwnershipSplit "ownership"`,
    });
    assert.deepEqual(calls, [[["stack", "export", "--stack", "prod"], path.resolve("infra")]]);
  });

  it("says why there is none: no --stack, no split or two in the state, inputs that are not a split, no state", async () => {
    const why = async (stdout: string, stack = "prod") =>
      ((await stackSplit({ stack }, runner(stdout))) as { why: string }).why;
    assert.equal(await why(exported(group), ""), "no --stack");
    assert.equal(await why(exported(group)), "stack prod's state holds no OwnershipSplit");
    assert.equal(await why(exported(split("a"), split("b"))), "stack prod's state holds 2 OwnershipSplits");
    assert.match(
      await why(exported(split("a", { accountCreator: "pulumi" }))),
      /^its OwnershipSplit's inputs are not a split \(accountCreator must be "scim" or "isc"/,
    );
    const failing = async () => {
      throw new Error("pulumi stack export failed: no stack named 'prod' found");
    };
    const gone = (await stackSplit({ stack: "prod" }, failing)) as { why: string };
    assert.equal(
      gone.why,
      "the stack's state could not be read (pulumi stack export failed: no stack named 'prod' found)",
    );
  });
});
