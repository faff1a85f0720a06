// The sandbox's whole world as plain tables: Atlassian org, SCIM directory, Entra ID, SailPoint ISC, audit log, clock.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, existsSync } from "node:fs";

import type { AuditEvent, Actor, Faults, RequestRecord, World } from "./world";

export type * from "./world";

export const defaultFaults = (): Faults => ({ rate429: 0, rate5xx: 0, latencyMs: 0, dropAfterCommit: 0 });

/** The store: tables plus the few services every route needs (clock, ids, events, request log). */
export class Store {
  /** Items the paged listings scanned or rendered (routes/listing.ts): a work counter for tests, never persisted. */
  touched = 0;

  constructor(
    public world: World,
    private readonly stateFile?: string,
  ) {}

  /** Current sandbox time in epoch ms. */
  nowMs(): number {
    return this.world.clock.baseMs + (Date.now() - this.world.clock.setAtRealMs);
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  advanceClock(minutes: number): string {
    this.world.clock = { baseMs: this.nowMs() + minutes * 60_000, setAtRealMs: Date.now() };
    return this.nowIso();
  }

  setClock(iso: string): string {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`clock: "${iso}" is not an ISO-8601 time`);
    this.world.clock = { baseMs: ms, setAtRealMs: Date.now() };
    return this.nowIso();
  }

  /** Deterministic UUID-shaped ids, so a scenario seeds the same ids on every reset. */
  newUuid(): string {
    const h = createHash("sha1").update(`${this.world.seed}:${this.world.idCounter++}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** ISC ids are 32 hex characters. */
  newHexId(): string {
    return this.newUuid().replace(/-/g, "");
  }

  newAccountId(): string {
    return `712020:${this.newUuid()}`;
  }

  recordEvent(
    action: string,
    actor: Actor,
    context: AuditEvent["context"],
    message: string,
    container?: AuditEvent["container"],
  ): AuditEvent {
    const time = this.nowIso();
    const event: AuditEvent = { id: this.newUuid(), time, processedAt: time, action, actor, context, message };
    if (container) event.container = container;
    this.world.events.push(event);
    return event;
  }

  recordRequest(rec: Omit<RequestRecord, "seq" | "time">): RequestRecord {
    const full: RequestRecord = { seq: this.world.requests.length + 1, time: this.nowIso(), ...rec };
    this.world.requests.push(full);
    return full;
  }

  /** Persist to --state-file, when one was given. */
  save(): void {
    // The request log is diagnostic and large: it is not persisted.
    if (this.stateFile) writeFileSync(this.stateFile, JSON.stringify({ ...this.world, requests: [] }));
  }

  static load(stateFile: string): World | undefined {
    if (!existsSync(stateFile)) return undefined;
    return JSON.parse(readFileSync(stateFile, "utf8")) as World;
  }
}
