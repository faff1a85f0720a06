// AccessReview.kept (issue #24 item 1, "decisions committed → up applies code's revocations"): a Group whose members go
// through the review's `kept` no longer lists whom a reviewer revoked, so the review's check passes and `up` removes the
// member through the Group. The classes run under pulumi's mocks, in-process, over a review folder written as
// `review start` writes it; the inputs the engine receives are checked as the provider's check would.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AccessReview, Group } from "../../provider";
import { resetProgram } from "../../provider/resources/program/store";
import { writeReviewFolder } from "../../provider/review/files";
import { checkAccessReview } from "../../provider/lifecycle/access-review/check";
import type { AccessReviewArgs } from "../../provider/lifecycle/access-review/args";
import { manifestRow, reviewRow, type ReviewRow } from "../../provider/rules/review";
import type { AccessRow } from "../../provider/rules/access-review";
// pulumi's test hook (internal): forgets the mock monitor.
import * as settings from "@pulumi/pulumi/runtime/settings";

type Inputs = Record<string, unknown>;

const ANA = "ana.costa@acme.example";
const BEN = "ben.costa@acme.example";
const row = (email: string): ReviewRow =>
  reviewRow({
    site: "acme-fr.atlassian.net",
    product: "confluence",
    role: "atlassian/user",
    email,
    accountId: `acc-${email}`,
    via: "group",
    group: "review-approvers",
    lane: "pulumi",
    evidence: [],
    resourceId: "ari:fr",
  } satisfies AccessRow);

let received = new Map<string, Inputs>();
let expected = 0;
let done: () => void = () => undefined;
let dir = "";

/** Writes folder `name` as `review start` writes it, then Ana's row decided as `ana` ("decision,reason"), Ben kept. */
function writeDecided(name: string, ana: string): void {
  const rows = [row(ANA), row(BEN)];
  const manifest = {
    name,
    startedAt: "2026-12-01T09:00:00.000Z",
    orgId: "org-1",
    filters: {},
    files: { "rita@acme.example": "rita.csv" },
    rows: rows.map((r) => manifestRow(r, "rita.csv", { groupId: "g-1", resourceId: "ari:fr" })),
  };
  writeReviewFolder(path.join(dir, name), manifest, new Map([["rita.csv", rows]]));
  const csv = path.join(dir, name, "rita.csv");
  const lines = fs.readFileSync(csv, "utf8").split("\n");
  fs.writeFileSync(
    csv,
    lines
      .map((l) => (l.includes(ANA) ? `${l.slice(0, -2)},${ana}` : l.includes(BEN) ? `${l.slice(0, -2)},keep,` : l))
      .join("\n"),
  );
}

before(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (a: pulumi.runtime.MockResourceArgs) => {
        received.set(a.name, a.inputs as Inputs);
        if (received.size === expected) done();
        return { id: `${a.name}-id`, state: { ...a.inputs, groupId: `gid-${a.name}` } };
      },
      call: () => ({}),
    },
    "review",
    "test",
    false,
  );
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "access-review-"));
  // The folder as start wrote it, then Ana revoked and Ben kept in the reviewer's file.
  writeDecided("2026-q4", "revoke,left");
  // The same, but Ana's revoke has no reason: the review's check refuses the folder.
  writeDecided("2026-q4-unreasoned", "revoke,");
});

after(() => {
  (settings as unknown as { _reset: () => void })._reset();
  resetProgram();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A review and the Group of "review-approvers" (its members through `kept`, or as written); the engine's inputs. */
async function program(
  throughReview: boolean,
  folder = "2026-q4",
): Promise<{ review: AccessReview; inputs: Map<string, Inputs> }> {
  resetProgram();
  received = new Map();
  expected = 2;
  const all = new Promise<void>((resolve) => (done = resolve));
  const review = new AccessReview("review", { name: folder, folder: path.join(dir, folder) });
  const members = [ANA, BEN, "dan.costa@acme.example"];
  new Group("review-approvers", {
    name: "review-approvers",
    owner: "pulumi",
    members: throughReview ? review.kept("review-approvers", members) : members,
  });
  await all;
  return { review, inputs: received };
}

const reasons = (inputs: Inputs) =>
  checkAccessReview(inputs as unknown as AccessReviewArgs, () => false).map((f) => f.reason);

describe("AccessReview.kept", () => {
  it("gives the Group its members less whom the review revoked from it, and the review's check passes", async () => {
    const { review, inputs } = await program(true);
    assert.deepEqual(inputs.get("review-approvers")!.members, [BEN, "dan.costa@acme.example"]);
    assert.deepEqual(reasons(inputs.get("review")!), []);
    assert.deepEqual(review.kept("dept-hr", [ANA]), [ANA], "another group: everyone stays");
  });

  it("leaves a program that lists the person by hand refused at check, the fix naming both ways", async () => {
    const { inputs } = await program(false);
    const [reason, ...more] = reasons(inputs.get("review")!);
    assert.deepEqual(more, []);
    assert.match(
      reason,
      /^.*rita\.csv line 2: ana\.costa@acme\.example is revoked from "review-approvers" \(reason: left\)/,
    );
    assert.ok(reason.includes('`members: review.kept("review-approvers", [...])`'), reason);
    assert.ok(reason.includes('or remove "ana.costa@acme.example" from them in code'), reason);
  });

  it("revokes no one while the review's check refuses the folder: members unchanged, the check names the problem", async () => {
    const { inputs } = await program(true, "2026-q4-unreasoned");
    assert.deepEqual(inputs.get("review-approvers")!.members, [ANA, BEN, "dan.costa@acme.example"]);
    const all = reasons(inputs.get("review")!);
    assert.ok(
      all.some((r) => /rita\.csv line 2: reason "": a revoke needs a reason/.test(r)),
      all.join("\n"),
    );
  });
});
