// The audit log routes as the provider's attribution sees them: shape, actor mapping, cursor paging, filters, the 10/min limit.
import { strict as assert } from "node:assert";
import type { AddressInfo } from "node:net";
import express from "express";
import { startTestSandbox, call, type TestSandbox } from "../helpers/sandbox";
import { auditRoutes } from "../../sandbox/routes/audit";
import type { Actor, AuditEvent } from "../../sandbox/store";

const T0 = "2027-01-04T09:00:00.000Z";
/** After the five planned events (one a minute from T0), before anything a test records later. */
const TO = "2027-01-04T09:04:30.000Z";
const ms = (iso: string) => String(Date.parse(iso));

describe("sandbox audit routes", () => {
  let sb: TestSandbox;
  let recorded: AuditEvent[];
  let pulumi: Actor;
  const events = (query = "") => `/admin/v1/orgs/${sb.store.world.org.id}/events${query}`;
  const stream = (query = "") => `/admin/v1/orgs/${sb.store.world.org.id}/events-stream${query}`;

  before(async () => {
    sb = await startTestSandbox();
    const w = sb.store.world;
    const key = w.org.apiKeys.find((k) => k.purpose === "pulumi")!;
    pulumi = { kind: "api-key", id: key.accountId, name: key.label, tokenId: key.tokenId, tokenLabel: key.label };
    const scim: Actor = {
      kind: "scim",
      id: "scim",
      name: "SCIM",
      tokenId: w.scim.tokenId,
      tokenLabel: "Entra ID provisioning",
    };
    const admin: Actor = {
      kind: "admin-ui",
      id: w.admins[0].accountId,
      name: w.admins[0].name,
      email: w.admins[0].email,
    };
    const system: Actor = { kind: "system", id: "atlassian", name: "Atlassian" };
    const group = { id: "g-1", type: "group", attributes: { name: "platform" } };
    const site = {
      id: "ari:cloud:confluence::site/1",
      type: "site",
      attributes: { host: "acme-eu.atlassian.net", product: "confluence" },
    };
    sb.store.setClock(T0);
    const plan: [string, Actor, AuditEvent["context"], string][] = [
      ["group_created", pulumi, [group], "Created group platform"],
      ["user_added_to_group", scim, [group], "Added j.smith@acme.example to platform"],
      [
        "group_granted_product_access",
        admin,
        [group, site],
        "Granted atlassian/user on acme-eu.atlassian.net (confluence) to platform",
      ],
      ["user_invited", system, [], "Invited guest@partner.example"],
      ["group_deleted", pulumi, [group], "Deleted group platform"],
    ];
    recorded = plan.map(([action, actor, context, message]) => {
      const e = sb.store.recordEvent(action, actor, context, message);
      sb.store.advanceClock(1);
      return e;
    });
  });
  after(() => sb.close());
  // The query endpoints allow 10 calls a minute per path: each test starts a fresh minute.
  beforeEach(() => sb.store.advanceClock(1));

  it("serves events newest first in the spec's EventModel shape", async () => {
    const res = await call(sb, "GET", events(`?from=${ms(T0)}&to=${ms(TO)}`));
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.data.map((e: { id: string }) => e.id),
      recorded.map((e) => e.id).reverse(),
    );
    assert.deepEqual(res.body.meta, { page_size: 30 });
    assert.match(res.body.data[0].attributes.actor.email, /^[0-9a-f-]{36}@connect\.atlassian\.com$/);
    assert.equal(res.body.links.next, undefined);
    const last = recorded[4];
    assert.deepEqual(res.body.data[0], {
      id: last.id,
      type: "events",
      attributes: {
        time: last.time,
        action: "group_deleted",
        // An org API key acts as its bot account: the label as name, a connect.atlassian.com email, no auth.
        actor: {
          id: pulumi.id,
          name: "pulumi-ci",
          email: res.body.data[0].attributes.actor.email,
          links: {
            alt: `https://admin.atlassian.com/o/${sb.store.world.org.id}/users/${pulumi.id}`,
            self: `https://api.atlassian.com/users/${pulumi.id}/manage/profile`,
          },
        },
        context: [{ id: "g-1", type: "group", attributes: { name: "platform" } }],
        container: [{ id: sb.store.world.org.id, type: "orgs", attributes: { name: "Acme Corp" } }],
        location: { ip: "203.0.113.10", city: "Frankfurt", regionName: "Hesse", countryName: "Germany" },
      },
      links: { self: `${sb.url}/admin/v1/orgs/${sb.store.world.org.id}/events/${last.id}` },
      message: { content: "Deleted group platform", format: "simple" },
    });
  });

  it("maps SCIM, admin UI and system actors to the sandbox's documented audit actors", async () => {
    const w = sb.store.world;
    const res = await call(sb, "GET", events(`?from=${ms(T0)}&to=${ms(TO)}`));
    const actors = res.body.data.map((e: { attributes: { actor: unknown } }) => e.attributes.actor).reverse();
    assert.deepEqual(actors[1], {
      id: `scim:${w.scim.directoryId}`,
      name: "User provisioning (Entra ID)",
      auth: { authType: "container-token", tokenId: w.scim.tokenId, tokenLabel: "Entra ID provisioning" },
    });
    const links = (id: string) => ({
      alt: `https://admin.atlassian.com/o/${w.org.id}/users/${id}`,
      self: `https://api.atlassian.com/users/${id}/manage/profile`,
    });
    assert.deepEqual(actors[2], {
      id: w.admins[0].accountId,
      name: "Alex Admin",
      email: "alex.admin@acme.example",
      links: links(w.admins[0].accountId),
    });
    assert.deepEqual(actors[3], {
      id: "atlassian-internal-system",
      name: "Atlassian Internal System",
      email: "Atlassian Internal System",
      links: links("atlassian-internal-system"),
    });
    assert.equal(res.body.data[1].attributes.location, undefined);
  });

  it("pages with an opaque cursor that keeps the filters and ignores events recorded meanwhile", async () => {
    const first = await call(sb, "GET", events(`?from=${ms(T0)}&to=${ms(TO)}&limit=2`));
    assert.equal(first.body.data.length, 2);
    const cursor: string = first.body.meta.next;
    assert.equal(first.body.links.next, `${sb.url}${events(`?cursor=${cursor}`)}`);
    sb.store.recordEvent("group_created", pulumi, [], "Created group later");
    const ids: string[] = first.body.data.map((e: { id: string }) => e.id);
    let next: string | undefined = cursor;
    while (next) {
      const page = await call(sb, "GET", events(`?cursor=${next}&action=ignored`));
      assert.equal(page.status, 200);
      ids.push(...page.body.data.map((e: { id: string }) => e.id));
      next = page.body.meta.next;
    }
    assert.deepEqual(ids, recorded.map((e) => e.id).reverse());
  });

  it("filters by action, actor, ip, product, location and free text", async () => {
    const w = sb.store.world;
    const only = async (query: string) =>
      (await call(sb, "GET", events(`?from=${ms(T0)}&to=${ms(TO)}&${query}`))).body.data.map(
        (e: { attributes: { action: string } }) => e.attributes.action,
      );
    assert.deepEqual(await only("action=user_added_to_group"), ["user_added_to_group"]);
    assert.deepEqual(
      await only(`actor=${encodeURIComponent(`scim:${w.scim.directoryId}`)},${encodeURIComponent(w.admins[0].email)}`),
      ["group_granted_product_access", "user_added_to_group"],
    );
    assert.deepEqual(await only("ip=203.0.113.10"), ["group_deleted", "group_created"]);
    assert.deepEqual(await only("product=confluence"), ["group_granted_product_access"]);
    assert.deepEqual(
      await only(`location=${encodeURIComponent(JSON.stringify([{ city: "Dublin", countryName: "Ireland" }]))}`),
      ["user_added_to_group"],
    );
    assert.deepEqual(await only("q=GUEST@partner"), ["user_invited"]);
  });

  it("refuses malformed times, cursors and limits with the spec's 400 codes", async () => {
    const codes = async (query: string) => {
      const res = await call(sb, "GET", events(query));
      return [res.status, res.body.errors[0].code];
    };
    assert.deepEqual(await codes("?from=yesterday"), [400, "ADMIN-400-3"]);
    assert.deepEqual(await codes("?cursor=not-a-cursor"), [400, "ADMIN-400-1"]);
    assert.deepEqual(await codes("?limit=501"), [400, "ADMIN-400-19"]);
  });

  it("returns one event by id as {data}, and 404 ADMIN-404-4 for an unknown id", async () => {
    const one = await call(sb, "GET", events(`/${recorded[1].id}`));
    assert.equal(one.status, 200);
    assert.equal(one.body.data.id, recorded[1].id);
    assert.equal(one.body.data.attributes.action, "user_added_to_group");
    const missing = await call(sb, "GET", events("/no-such-event"));
    assert.deepEqual([missing.status, missing.body.errors[0].code], [404, "ADMIN-404-4"]);
  });

  it("answers 401 in the gateway's ProxyError shape and 404 ADMIN-404-2 for another org", async () => {
    const noKey = await call(sb, "GET", events(), { token: "not-a-key" });
    assert.deepEqual([noKey.status, noKey.body.code, typeof noKey.body.message], [401, 401, "string"]);
    const otherOrg = await call(sb, "GET", "/admin/v1/orgs/another-org/events");
    assert.deepEqual([otherOrg.status, otherOrg.body.errors[0].code], [404, "ADMIN-404-2"]);
  });

  it("streams by processedAt in either order and keeps a poll cursor after the last page", async () => {
    const asc = await call(sb, "GET", stream(`?from=${ms(T0)}&to=${ms(TO)}`));
    assert.deepEqual(
      asc.body.data.map((e: { id: string }) => e.id),
      recorded.map((e) => e.id),
    );
    assert.equal(asc.body.data[0].attributes.processedAt, recorded[0].processedAt);
    assert.equal(asc.body.links.next, undefined);
    const desc = await call(sb, "GET", stream(`?from=${ms(T0)}&to=${ms(TO)}&sortOrder=desc&limit=2`));
    assert.deepEqual(
      desc.body.data.map((e: { id: string }) => e.id),
      [recorded[4].id, recorded[3].id],
    );

    const tail = await call(sb, "GET", stream(`?from=${ms(T0)}&limit=500`));
    const poll: string = tail.body.meta.next;
    const quiet = await call(sb, "GET", stream(`?cursor=${poll}`));
    assert.deepEqual([quiet.body.data.length, quiet.body.meta.next], [0, poll]);
    const fresh = sb.store.recordEvent("group_created", pulumi, [], "Created group polled");
    const polled = await call(sb, "GET", stream(`?cursor=${poll}`));
    assert.deepEqual(
      polled.body.data.map((e: { id: string }) => e.id),
      [fresh.id],
    );
  });

  it("lists the org's catalogue (upper-case ids, as real orgs send it) with every action recorded", async () => {
    const app = express().use("/admin/v1/orgs/:orgId/event-actions", auditRoutes(sb.handle, "actions"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await call({ url }, "GET", `/admin/v1/orgs/${sb.store.world.org.id}/event-actions`);
      assert.equal(res.status, 200);
      const byId = new Map(res.body.data.map((a: { id: string }) => [a.id, a]));
      assert.deepEqual(byId.get("GROUP_CREATED"), {
        id: "GROUP_CREATED",
        type: "eventActions",
        attributes: { displayName: "Group created", groupDisplayName: "" },
      });
      for (const e of sb.store.world.events)
        assert.ok(byId.has(e.action.toUpperCase()), `event-actions lacks ${e.action}`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("limits the query endpoint to 10 calls a minute, then frees it when the sandbox clock moves on", async () => {
    for (let i = 1; i <= 10; i++) {
      const ok = await call(sb, "GET", events("?limit=1"));
      assert.equal(ok.status, 200, `call ${i}`);
      assert.equal(ok.headers.get("x-ratelimit-remaining"), String(10 - i));
    }
    const limited = await call(sb, "GET", events("?limit=1"));
    assert.equal(limited.status, 429);
    assert.deepEqual(Object.keys(limited.body), ["code", "message"], "the gateway's ProxyError (Error.RateLimited)");
    assert.equal(limited.body.code, 429);
    assert.equal(limited.headers.get("x-ratelimit-limit"), "10");
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    const reset = limited.headers.get("x-ratelimit-reset")!;
    assert.match(reset, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(Date.parse(reset) > sb.store.nowMs(), `reset ${reset} is not in the future`);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    sb.store.advanceClock(1);
    assert.equal((await call(sb, "GET", events("?limit=1"))).status, 200);
  });
});
