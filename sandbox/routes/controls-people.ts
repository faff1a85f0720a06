// `/__sandbox/*` controls for leavers and credentials: ISC disables a person's account (its leaver lifecycle state)
// without the connector deactivating the Atlassian account, and an admin regenerates the SCIM directory's key.
import express, { type Router } from "express";
import type { SandboxHandle } from "../server";
import { SANDBOX_ERRORS, problem } from "../problems";
import { findUserByEmail } from "../org/ops";
import { emittedAction, orgObject } from "../org/audit-shapes";
import { adminActor, need } from "./controls";

export function peopleControlRoutes(handle: SandboxHandle): Router {
  const r = express.Router({ mergeParams: true });
  const s = () => handle.store;

  /**
   * ISC disables the person's account on the Atlassian source (`{email}`; `disabled: false` enables it again). The
   * Atlassian account is left active, as when the source has no disable operation or the connector's call failed; the
   * next aggregation reads Atlassian's status back into ISC.
   */
  r.post("/isc/disable-account", (req, res) => {
    const body = req.body ?? {};
    const u = findUserByEmail(s(), need(body, "email"));
    if (!u) throw problem(SANDBOX_ERRORS.notFound, `No account with email ${body.email}.`);
    const { isc } = s().world;
    const a = isc.accounts.find((x) => x.sourceId === isc.sourceId && x.nativeIdentity === u.accountId);
    if (!a) throw problem(SANDBOX_ERRORS.notFound, `ISC has no account for ${u.email}; run an aggregation first.`);
    a.disabled = body.disabled !== false;
    a.modified = s().nowIso();
    s().save();
    res.json({ email: u.email, iscAccountId: a.id, disabled: a.disabled, modified: a.modified });
  });

  /** An admin regenerates the SCIM directory's API key; the sandbox keeps accepting the same token value. */
  r.post("/scim/rotate-token", (req, res) => {
    const actor = adminActor(s(), req.body?.actor);
    const { scim } = s().world;
    const e = s().recordEvent(
      emittedAction("scimTokenRotated", actor),
      actor,
      [orgObject(s())],
      `Regenerated the API key of directory ${scim.directoryName}`,
    );
    s().save();
    res.json({ event: e.id, time: e.time });
  });

  return r;
}
