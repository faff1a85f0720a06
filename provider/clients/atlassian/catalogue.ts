// The org's audit catalogue (`GET /v1/orgs/{orgId}/event-actions`), read once per process and client: the endpoint
// allows 10 requests a minute, and the catalogue does not change during a run.
import type { AuditClient } from "./audit-client";

/** The catalogue's ids, or why it could not be read (a key without `read:events:admin`, an outage). */
export type Catalogue = { keys: string[] } | { error: string };

const read = new WeakMap<object, Promise<Catalogue>>();

/** The org's catalogue, asked once per audit client. A failure is kept as the answer: it says why, and nothing retries. */
export function catalogueOnce(audit: Pick<AuditClient, "eventActions">): Promise<Catalogue> {
  let known = read.get(audit);
  if (!known) {
    known = Promise.resolve()
      .then(() => audit.eventActions())
      .then((actions) => actions.map((a) => a.id))
      .then(
        (keys) => ({ keys }),
        (e: unknown) => ({ error: (e as Error).message ?? String(e) }),
      );
    read.set(audit, known);
  }
  return known;
}
