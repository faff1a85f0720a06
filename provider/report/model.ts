// The report model every rendering reads (Markdown, the PR comment, JSON, the drift summary): the resources of a
// refresh preview, its findings by cause, their acceptances, and an update the state says did not finish. Pure types
// and the predicates over them.
import type { Finding } from "../rules/findings";
import type { AcceptanceStanding } from "../rules/acceptances";

const NO_CHANGE = new Set(["same", "read", "refresh"]);
/** Whether a step's op changes the resource (anything but same, read, refresh). */
export const isChangeOp = (op: string): boolean => !NO_CHANGE.has(op);

/** The stack and providers: resources of the engine's own, never in a report. */
export const isInfrastructure = (type: string): boolean =>
  type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");

/** A plan step that makes a resource of the report differ: what `changes` counts, and what reads the stack's state. */
export const isProposedChange = (step: { op: string; type: string }): boolean =>
  isChangeOp(step.op) && !isInfrastructure(step.type);

export interface ReportResource {
  urn: string;
  /** Type token, e.g. `pulumi-nodejs:dynamic/atlassian:Group`. */
  type: string;
  name: string;
  /** The planned operation; "same" when the resource has no plan step. */
  op: string;
  /** Properties that differ between the refreshed state and the code, sorted. */
  diffs: string[];
  /** Findings from the refreshed outputs, sorted by id. */
  findings: Finding[];
  /** The object no longer exists in Atlassian (refresh dropped it; the plan re-creates it). */
  gone: boolean;
}

export type ReportFinding = Finding & { resource: string };

export interface Report {
  /** Every resource except the stack and providers, sorted by urn. */
  resources: ReportResource[];
  /** Every finding once (first by resource urn), sorted by id. */
  findings: ReportFinding[];
  /** Ids some OwnershipSplit's acceptedFindings entry accepts and that entry has not expired, sorted. */
  accepted: string[];
  /** The other ids, sorted. */
  unaccepted: string[];
  /** Per finding an entry matches: the entry (reason, until, ticket) and whether it expired; sorted by finding. */
  acceptances: AcceptanceStanding[];
  /** How many resources differ (op other than same/read/refresh). */
  changes: number;
  /** Error diagnostics of the preview: when non-empty, the report is incomplete. */
  errors: string[];
  /** What the provider said of the org's audit catalogue (which finding kinds cannot be attributed there), once. */
  catalogue?: string;
  /** An update that did not finish, as the stack's state records it (read only when the preview proposed changes). */
  interrupted?: Interrupted;
}

/** One operation an interrupted update left pending in the stack's state: the resource and what was under way. */
export interface PendingOperation {
  urn: string;
  /** Type token, e.g. `pulumi-nodejs:dynamic/atlassian:Group`. */
  type: string;
  name: string;
  /** The engine's word for what was under way: creating, updating, deleting, reading, importing. */
  op: string;
}

/** The pending operations, or why they could not be read (the report then cannot tell whether the last run ended). */
export type Interrupted = { operations: PendingOperation[] } | { unreadable: string };

/** The operations an interrupted update left pending, as far as the state could be read (else none). */
export const pendingOperations = (report: Report): PendingOperation[] =>
  report.interrupted && "operations" in report.interrupted ? report.interrupted.operations : [];
