// OwnershipSplit: reads every org group and reports where the org contradicts the declared lane split. Never writes.
import type { Lifecycle } from "./types";
import { context } from "./context";
import { compact, isUnknown, sameSet } from "./values";
import { checkSplit, type Split } from "../rules/split";
import { unacceptedIds, type Finding } from "../rules/findings";
import { orgFindings } from "../rules/drift";
import { snapshotView } from "./snapshot";
import { announce } from "./announce";

export type OwnershipSplitArgs = Split;

export interface OwnershipSplitOutputs extends OwnershipSplitArgs {
  /** Every finding, sorted by id. */
  findings: Finding[];
  /** Ids of findings not in acceptedFindings; while non-empty, every diff reports changes. */
  unacceptedFindings: string[];
}

function inputsOf(o: Partial<OwnershipSplitArgs>): OwnershipSplitArgs {
  return compact({
    accountCreator: o.accountCreator,
    scim: o.scim,
    isc: o.isc,
    pulumi: o.pulumi,
    acceptedFindings: o.acceptedFindings,
  }) as OwnershipSplitArgs;
}

async function evaluate(inputs: OwnershipSplitArgs): Promise<OwnershipSplitOutputs> {
  const view = await snapshotView({ roles: true });
  const findings = orgFindings(view, inputs);
  const unaccepted = unacceptedIds(findings, inputs.acceptedFindings);
  const open = new Set(unaccepted);
  announce(
    "OwnershipSplit",
    findings.filter((f) => open.has(f.id)),
  );
  return { ...inputsOf(inputs), findings, unacceptedFindings: unaccepted };
}

/** Whether the declared inputs differ (lists compare as case-insensitive sets: order and case of patterns change nothing). */
function inputsDiffer(olds: Partial<OwnershipSplitArgs>, news: OwnershipSplitArgs): boolean {
  const n = news as unknown as Record<string, unknown>;
  if (Object.values(n).some(isUnknown)) return true;
  for (const lane of ["scim", "isc", "pulumi"] as const) {
    const nv = news[lane]?.groups;
    if (nv !== undefined && isUnknown(nv)) return true;
    if (!sameSet(olds[lane]?.groups, nv)) return true;
  }
  return olds.accountCreator !== news.accountCreator || !sameSet(olds.acceptedFindings, news.acceptedFindings);
}

export const ownershipSplitLifecycle: Lifecycle<OwnershipSplitArgs, OwnershipSplitOutputs> = {
  async check(_olds, news) {
    const failures = checkSplit(news, { isUnknown });
    return failures.length ? { failures } : { inputs: news };
  },

  async diff(_id, olds, news) {
    // Unreviewed findings keep the resource "changed", so `preview --refresh --expect-no-changes` fails until each
    // is fixed in the org or listed in acceptedFindings: that is the point of the resource.
    const changes = (olds.unacceptedFindings ?? []).length > 0 || inputsDiffer(olds, news);
    return { changes };
  },

  async create(inputs) {
    const outs = await evaluate(inputs);
    return { id: context().config.orgId || "split", outs };
  },

  async read(id, props) {
    const inputs = inputsOf(props);
    const outs = await evaluate(inputs);
    return { id, props: outs, inputs };
  },

  async update(_id, _olds, news) {
    return { outs: await evaluate(news) };
  },

  async delete() {
    // Nothing was created in Atlassian: forgetting the split removes nothing.
  },
};
