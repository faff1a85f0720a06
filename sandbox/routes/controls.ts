// `/__sandbox/*`: controls that play Entra ID, ISC and a person in the admin UI, plus clock, faults and introspection.
import express, { type Router } from "express";
import type { SandboxHandle } from "../server";
import type { Actor, Faults, Settings, Store } from "../store";
import { SANDBOX_ERRORS, problem } from "../problems";
import { scenarioNames } from "../scenarios";
import {
  addMember,
  assignRole,
  createUser,
  deleteGroup,
  findGroupByName,
  findUserByEmail,
  removeMember,
  revokeRole,
} from "../org/ops";
import { runIdpSync, upsertIdpUser, upsertIdpGroup, deleteIdpGroup } from "../actors/idp-sync";
import { resolveGroupConflict } from "../scim/ops";
import { runAggregation, submitAccessRequest } from "../actors/isc-connector";

/** A person acting in admin.atlassian.com: the scenario's admin unless the body names another email. */
export function adminActor(store: Store, email?: string): Actor {
  const a = store.world.admins.find((x) => !email || x.email === email) ?? store.world.admins[0];
  return { kind: "admin-ui", id: a.accountId, name: a.name, email: a.email };
}

export function need(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (typeof v !== "string" || v === "") {
    throw problem(SANDBOX_ERRORS.badRequest, `${field} is required (a non-empty string).`);
  }
  return v;
}

export function workspaceFor(store: Store, site: string, product: string) {
  const ws = store.world.org.workspaces.find((w) => (w.host === site || w.id === site) && w.product === product);
  if (!ws) throw problem(SANDBOX_ERRORS.badRequest, `No ${product} workspace on site ${site}.`);
  return ws;
}

function groupNamed(store: Store, name: string) {
  const g = findGroupByName(store, name);
  if (!g) throw problem(SANDBOX_ERRORS.notFound, `No group named ${name}.`);
  return g;
}

const QUOTA_NAMES = ["isc", "events", "eventsStream", "org"] as const;

/** A settings change from a control's body, checked field by field so a typo fails instead of doing nothing. */
export function settingsPatch(body: unknown): Partial<Settings> {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw problem(SANDBOX_ERRORS.badRequest, "settings must be an object.");
  }
  const patch: Partial<Settings> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === "rateLimits" || k === "eventsRateLimit") {
      if (typeof v !== "boolean") throw problem(SANDBOX_ERRORS.badRequest, `${k} must be true or false.`);
      patch[k] = v;
    } else if (k === "roleConsistencyMs" || k === "iscTokenTtlSeconds") {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        throw problem(SANDBOX_ERRORS.badRequest, `${k} must be a non-negative number.`);
      }
      patch[k] = v;
    } else if (k === "quotas") {
      if (typeof v !== "object" || v === null || Array.isArray(v)) {
        const example = `{"events": {"max": 1, "windowMs": 1000}}`;
        throw problem(SANDBOX_ERRORS.badRequest, `quotas must be an object like ${example}.`);
      }
      const quotas: NonNullable<Settings["quotas"]> = {};
      for (const [name, q] of Object.entries(v as Record<string, { max?: unknown; windowMs?: unknown }>)) {
        if (!(QUOTA_NAMES as readonly string[]).includes(name)) {
          throw problem(SANDBOX_ERRORS.badRequest, `quotas.${name} is not a quota; known: ${QUOTA_NAMES.join(", ")}.`);
        }
        const ok = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1;
        if (!q || !ok(q.max) || !ok(q.windowMs)) {
          throw problem(SANDBOX_ERRORS.badRequest, `quotas.${name} needs max and windowMs, positive integers.`);
        }
        quotas[name as (typeof QUOTA_NAMES)[number]] = { max: q.max as number, windowMs: q.windowMs as number };
      }
      patch.quotas = quotas;
    } else if (k === "catalogueWithout") {
      if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
        throw problem(SANDBOX_ERRORS.badRequest, `catalogueWithout must be a list of event-action keys.`);
      }
      patch.catalogueWithout = v;
    } else {
      const known = "rateLimits, eventsRateLimit, quotas, roleConsistencyMs, iscTokenTtlSeconds, catalogueWithout";
      throw problem(SANDBOX_ERRORS.badRequest, `Unknown setting "${k}"; known: ${known}.`);
    }
  }
  return patch;
}

export function controlRoutes(handle: SandboxHandle): Router {
  const r = express.Router({ mergeParams: true });
  const s = () => handle.store;
  const done = (store: Store) => store.save();

  r.get("/health", (_req, res) => {
    res.json({ status: "ok", scenario: s().world.seed, time: s().nowIso() });
  });

  r.post("/reset", (req, res) => {
    const scenario = (req.body?.scenario as string | undefined) ?? "acme";
    if (!scenarioNames().includes(scenario)) {
      throw problem(SANDBOX_ERRORS.badRequest, `Unknown scenario "${scenario}"; known: ${scenarioNames().join(", ")}.`);
    }
    handle.reset(scenario, settingsPatch(req.body?.settings));
    res.json({ scenario, time: s().nowIso() });
  });

  /** The connection block a program needs (sandbox-only credentials) and a summary of the world. */
  r.get("/state", (req, res) => {
    const w = s().world;
    const summary = {
      time: s().nowIso(),
      connection: {
        orgId: w.org.id,
        directoryId: w.org.directoryId,
        scimDirectoryId: w.scim.directoryId,
        iscSourceId: w.isc.sourceId,
        apiKeys: w.org.apiKeys.map((k) => ({ label: k.label, purpose: k.purpose, tokenId: k.tokenId })),
      },
      counts: {
        users: w.org.users.length,
        groups: w.org.groups.length,
        roleAssignments: w.org.roles.length,
        userRoleAssignments: w.org.userRoles?.length ?? 0,
        appAccessDomains: w.org.appAccess?.length ?? 0,
        scimUsers: w.scim.users.length,
        scimGroups: w.scim.groups.length,
        idpUsers: w.idp.users.length,
        iscAccounts: w.isc.accounts.length,
        events: w.events.length,
        requests: w.requests.length,
      },
      sites: [...new Set(w.org.workspaces.map((x) => x.host))],
      groups: w.org.groups.map((g) => ({
        id: g.id,
        name: g.name,
        synced: g.externalSynced,
        members: g.members.length,
      })),
      faults: w.faults,
      settings: w.settings,
    };
    res.json(req.query.full === "1" ? { ...summary, world: { ...w, requests: undefined } } : summary);
  });

  r.post("/idp/users", (req, res) => {
    const user = upsertIdpUser(s(), req.body ?? {});
    done(s());
    res.json(user);
  });

  r.post("/idp/groups", (req, res) => {
    const body = req.body ?? {};
    if (body.delete === true) {
      deleteIdpGroup(s(), need(body, "displayName"));
      done(s());
      res.json({ deleted: body.displayName });
      return;
    }
    const group = upsertIdpGroup(s(), body);
    done(s());
    res.json(group);
  });

  r.post("/idp/sync", (_req, res) => {
    const report = runIdpSync(s());
    done(s());
    res.json(report);
  });

  r.post("/admin/invite", (req, res) => {
    const email = need(req.body ?? {}, "email");
    const u = createUser(s(), adminActor(s(), req.body.actor), {
      email,
      name: req.body.name ?? email.split("@")[0],
      managementSource: "invited",
    });
    // An account on the verified domain the org has not claimed yet (e.g. made before verification): SCIM cannot link it.
    if (req.body.claimStatus === "unmanaged") u.claimStatus = "unmanaged";
    done(s());
    res.json({ accountId: u.accountId, email: u.email });
  });

  /** A person adds or removes a member in the admin UI (drift into whoever owns the group). */
  r.post("/admin/group-members", (req, res) => {
    const body = req.body ?? {};
    const g = groupNamed(s(), need(body, "group"));
    const u = findUserByEmail(s(), need(body, "email"));
    if (!u) throw problem(SANDBOX_ERRORS.notFound, `No account with email ${body.email}.`);
    (body.op === "remove" ? removeMember : addMember)(s(), adminActor(s(), body.actor), g.id, u.accountId);
    done(s());
    res.json({ group: g.name, email: u.email, op: body.op === "remove" ? "remove" : "add" });
  });

  /** A person deletes a group in the admin UI (or, with `apiKey`, a script with that org API key's label). */
  r.post("/admin/group-delete", (req, res) => {
    const body = req.body ?? {};
    const g = groupNamed(s(), need(body, "group"));
    const key =
      typeof body.apiKey === "string" ? s().world.org.apiKeys.find((k) => k.label === body.apiKey) : undefined;
    if (body.apiKey !== undefined && !key)
      throw problem(SANDBOX_ERRORS.notFound, `No org API key labelled ${body.apiKey}.`);
    const actor: Actor = key
      ? { kind: "api-key", id: key.accountId, name: key.label, tokenId: key.tokenId, tokenLabel: key.label }
      : adminActor(s(), body.actor);
    deleteGroup(s(), actor, g.id);
    done(s());
    res.json({ group: g.name, deletedBy: key ? `api-key:${key.label}` : actor.email });
  });

  /** A person grants or revokes app access by hand, per site. */
  r.post("/admin/app-access", (req, res) => {
    const body = req.body ?? {};
    const g = groupNamed(s(), need(body, "group"));
    const ws = workspaceFor(s(), need(body, "site"), need(body, "product"));
    const role = (body.role as string | undefined) ?? "atlassian/user";
    (body.op === "revoke" ? revokeRole : assignRole)(s(), adminActor(s(), body.actor), g.id, role, ws.id);
    done(s());
    res.json({ group: g.name, resourceId: ws.id, role, op: body.op === "revoke" ? "revoke" : "assign" });
  });

  /** An admin answers Atlassian's "group name conflict" prompt (domain.md behaviour 8). */
  r.post("/admin/resolve-conflict", (req, res) => {
    const body = req.body ?? {};
    const decision = body.decision === "reject" ? "reject" : "accept";
    const name = need(body, "group");
    const scimGroup = s().world.scim.groups.find((g) => g.displayName.toLowerCase() === name.toLowerCase());
    if (!scimGroup) throw problem(SANDBOX_ERRORS.notFound, `No SCIM group named ${name}.`);
    resolveGroupConflict(s(), scimGroup.id, decision, adminActor(s(), body.actor));
    done(s());
    res.json({ group: name, decision });
  });

  r.post("/isc/aggregate", (_req, res) => {
    const task = runAggregation(s());
    done(s());
    res.json(task);
  });

  /** Someone requests an Atlassian group in ISC (the ISC UI), by email and group name. */
  r.post("/isc/access-request", (req, res) => {
    const body = req.body ?? {};
    const email = need(body, "email").toLowerCase();
    const identity = s().world.isc.identities.find((i) => i.email.toLowerCase() === email);
    if (!identity) throw problem(SANDBOX_ERRORS.notFound, `No ISC identity with email ${email}.`);
    const groupName = need(body, "group");
    const ent = s().world.isc.entitlements.find((e) => e.name.toLowerCase() === groupName.toLowerCase());
    if (!ent) {
      throw problem(SANDBOX_ERRORS.notFound, `No ISC entitlement for group ${groupName}; run an aggregation first.`);
    }
    const result = submitAccessRequest(s(), { identityId: identity.id, entitlementIds: [ent.id] });
    done(s());
    res.json(result);
  });

  r.post("/clock/advance", (req, res) => {
    const minutes = Number(req.body?.minutes);
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw problem(SANDBOX_ERRORS.badRequest, "minutes must be a non-negative number.");
    }
    res.json({ time: s().advanceClock(minutes) });
  });

  r.post("/clock/set", (req, res) => {
    try {
      res.json({ time: s().setClock(need(req.body ?? {}, "time")) });
    } catch (e) {
      throw problem(SANDBOX_ERRORS.badRequest, (e as Error).message);
    }
  });

  r.post("/faults", (req, res) => {
    const body = (req.body ?? {}) as Partial<Faults>;
    const next = { ...s().world.faults };
    for (const k of ["rate429", "rate5xx", "latencyMs", "dropAfterCommit"] as const) {
      if (body[k] === undefined) continue;
      const v = Number(body[k]);
      const max = k === "latencyMs" ? 60_000 : 1;
      if (!Number.isFinite(v) || v < 0 || v > max) {
        throw problem(SANDBOX_ERRORS.badRequest, `${k} must be a number from 0 to ${max}.`);
      }
      next[k] = v;
    }
    if (body.match !== undefined) {
      if (body.match === null || body.match === "") delete next.match;
      else {
        try {
          new RegExp(String(body.match));
        } catch {
          throw problem(
            SANDBOX_ERRORS.badRequest,
            `match must be a regular expression; got ${JSON.stringify(body.match)}.`,
          );
        }
        next.match = String(body.match);
      }
    }
    if (body.retryAfterSeconds !== undefined) {
      const v = Number(body.retryAfterSeconds);
      if (!Number.isInteger(v) || v < 0 || v > 3600)
        throw problem(SANDBOX_ERRORS.badRequest, "retryAfterSeconds must be a whole number of seconds from 0 to 3600.");
      next.retryAfterSeconds = v;
    }
    s().world.faults = next;
    res.json(next);
  });

  r.post("/settings", (req, res) => {
    Object.assign(s().world.settings, settingsPatch(req.body ?? {}));
    res.json(s().world.settings);
  });

  r.get("/requests", (req, res) => {
    const since = Number(req.query.since ?? 0);
    const api = req.query.api as string | undefined;
    const rows = s()
      .world.requests.filter((x) => x.seq > since && (!api || x.api === api))
      .map(({ seq, time, api: a, method, path, status, actor }) => ({
        seq,
        time,
        api: a,
        method,
        path,
        status,
        actor,
      }));
    res.json({ requests: rows });
  });

  return r;
}
