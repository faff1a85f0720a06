// The preview run's report (provider/report/preview.ts): an exit 7 of --expect-no-changes is a verdict, not an error;
// a run that said nothing throws; and the operations an interrupted update left pending, read from the stack's state
// only when the preview proposed a change, go into the report, or why they could not be read.
import * as assert from "node:assert/strict";
import { interruptedOf, reportOfRun } from "../../provider/report/preview";
import { isProposedChange, pendingOperations, type Report } from "../../provider/report/model";
import { commandError, EMPTY_REPORT } from "../helpers/report";
import { renderGithub, renderJson, renderMarkdown, title } from "../../provider/report/render";

const G = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/atlassian:Group::new-0005";
const A = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/atlassian:AppAccess::new-0005@acme-eu.atlassian.net/jira";
const createEvent = (urn: string) =>
  ({
    sequence: 1,
    timestamp: 0,
    resourcePreEvent: { metadata: { op: "create", urn, type: "t", provider: "" } },
  }) as never;

/** `pulumi stack export`'s text for a state with `pending` (the key absent when undefined, as Pulumi omits it). */
const exported = (pending: unknown) => async () =>
  JSON.stringify({
    version: 3,
    deployment: { resources: [], ...(pending === undefined ? {} : { pending_operations: pending }) },
  });

describe("report of a preview run", () => {
  it("takes exit 7 as changes proposed, not a failure, and keeps the pending operations the run read", () => {
    const interrupted = {
      operations: [{ urn: G, type: "pulumi-nodejs:dynamic/atlassian:Group", name: "new-0005", op: "creating" }],
    };
    const { report, changesProposed } = reportOfRun({
      events: [createEvent(G)],
      error: commandError(7, "", "error: no changes were expected"),
      interrupted,
    });
    assert.equal(changesProposed, true);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.interrupted, interrupted);
  });

  it("reports another failure with its error, and throws one that came before any event", () => {
    const failed = reportOfRun({ events: [createEvent(G)], error: commandError(255, "", "error: update failed\n") });
    assert.equal(failed.changesProposed, false);
    assert.deepEqual(failed.report.errors, ["update failed"]);
    assert.throws(() => reportOfRun({ events: [], error: new Error("no stack named 'x' found") }), /no stack named/);
  });

  it("reads the state only for a change to a resource of the report, not the stack's or a provider's", () => {
    const step = (op: string, type: string) => isProposedChange({ op, type });
    assert.equal(step("create", "pulumi-nodejs:dynamic/atlassian:Group"), true);
    assert.equal(step("same", "pulumi-nodejs:dynamic/atlassian:Group"), false);
    assert.equal(step("refresh", "pulumi-nodejs:dynamic/atlassian:Group"), false);
    assert.equal(step("update", "pulumi:pulumi:Stack"), false);
    assert.equal(step("create", "pulumi:providers:pulumi-nodejs"), false);
  });

  it("reads each pending operation's resource and what was under way from the exported state", async () => {
    const i = await interruptedOf(
      exported([
        { resource: { urn: G, type: "pulumi-nodejs:dynamic/atlassian:Group", custom: true }, type: "creating" },
        { resource: { urn: A }, type: "updating", extra: 1 },
      ]),
    );
    // Sorted by urn, whatever the state's order, so the JSON report diffs cleanly.
    assert.deepEqual(i, {
      operations: [
        {
          urn: A,
          type: "pulumi-nodejs:dynamic/atlassian:AppAccess",
          name: "new-0005@acme-eu.atlassian.net/jira",
          op: "updating",
        },
        { urn: G, type: "pulumi-nodejs:dynamic/atlassian:Group", name: "new-0005", op: "creating" },
      ],
    });
    assert.deepEqual(await interruptedOf(exported(undefined)), { operations: [] });
  });

  it("says why it could not tell, when the export fails or its pending operations have another shape", async () => {
    const failing = () => Promise.reject(new Error("pulumi stack export failed: failed to load checkpoint: EOF"));
    assert.deepEqual(await interruptedOf(failing), {
      unreadable: "pulumi stack export failed: failed to load checkpoint: EOF",
    });
    // One line naming the field, not zod's report of every issue.
    assert.deepEqual(await interruptedOf(exported([{ op: "creating", urn: G }])), {
      unreadable:
        "the state's pending_operations.0.type has a shape this version does not read: Invalid input: expected string, received undefined",
    });
    assert.deepEqual(await interruptedOf(async () => '{"pending_operations": '), {
      unreadable: "pulumi stack export printed no JSON (Unexpected end of JSON input)",
    });
  });
});

describe("report render: an interrupted update", () => {
  const empty = EMPTY_REPORT;
  const ops = Array.from({ length: 8 }, (_, n) => ({
    urn: `${G}${n}`,
    type: "pulumi-nodejs:dynamic/atlassian:Group",
    name: `new-000${n}`,
    op: n === 7 ? "updating" : "creating",
  }));
  const report: Report = { ...empty, changes: 8, interrupted: { operations: ops } };

  it("names it in the title and puts the recovery before the causes, with what each operation was doing", () => {
    assert.equal(
      title(report),
      "## Atlassian access: nothing to review, 8 resources differ, 8 operations an interrupted update left pending",
    );
    const md = renderMarkdown(report);
    assert.match(md, /\n### The last update did not finish: 8 operations pending\n/);
    assert.match(
      md,
      /Recover first: `pulumi cancel --yes`, then `pulumi refresh --clear-pending-creates --yes`, then `pulumi up`/,
    );
    assert.match(md, /\n\| new-0000 \| Group \| creating \|\n/);
    assert.match(md, /\n\| new-0007 \| Group \| updating \|\n/);
    // The PR comment folds the rows past the first five, as every other table.
    assert.match(renderGithub(report), /<summary>3 more operations<\/summary>/);
    assert.deepEqual(pendingOperations(report), ops);
    assert.deepEqual(JSON.parse(renderJson(report)).interrupted, { operations: ops });
  });

  it("says the state could not tell, and renders nothing when no operation was pending", () => {
    const unknown = renderMarkdown({
      ...empty,
      changes: 1,
      interrupted: { unreadable: "pulumi stack export failed: x" },
    });
    assert.match(
      unknown,
      /### Whether the last update finished is unknown\n\n.*could not be read .*: pulumi stack export failed: x\./,
    );
    assert.equal(renderMarkdown({ ...empty, interrupted: { operations: [] } }), renderMarkdown(empty));
    assert.deepEqual(pendingOperations({ ...empty, interrupted: { unreadable: "x" } }), []);
  });
});
