// The SCIM 2.0 routes as an IdP client sees them: auth, paging, filters, uniqueness, PatchOp, deactivation, groups.
import { strict as assert } from "node:assert";
import { startTestSandbox, call, type TestSandbox } from "../helpers/sandbox";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";

type ScimCall = Awaited<ReturnType<typeof call>>;

describe("sandbox SCIM API", () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  const scim = (
    method: string,
    rest: string,
    body?: unknown,
    token: string | null = SANDBOX_CREDENTIALS.scimToken,
  ): Promise<ScimCall> =>
    call(sb, method, `/scim/directory/${sb.store.world.scim.directoryId}${rest}`, {
      body,
      token,
      headers: body === undefined ? {} : { "content-type": "application/scim+json" },
    });
  const newUser = (local: string, extra: Record<string, unknown> = {}) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: `${local}@acme.example`,
    emails: [{ value: `${local}@acme.example`, type: "work", primary: true }],
    name: { givenName: "Test", familyName: local },
    displayName: `Test ${local}`,
    active: true,
    ...extra,
  });
  const account = (accountId: string) => sb.store.world.org.users.find((u) => u.accountId === accountId)!;
  const orgGroup = (id: string) => sb.store.world.org.groups.find((g) => g.id === id);
  const accountIdOf = (body: Record<string, any>) =>
    body["urn:scim:schemas:extension:atlassian-external:1.0"].atlassianAccountId as string;

  describe("authentication", () => {
    it("answers 401 with the spec's Failure body when the bearer token is missing", async () => {
      const res = await scim("GET", "/Users", undefined, null);
      assert.equal(res.status, 401);
      assert.equal(res.body.error, "Missing authorization header.");
      assert.equal(typeof res.body.traceId, "string");
    });

    it("answers 401 to an org API key", async () => {
      const res = await scim("GET", "/Users", undefined, SANDBOX_CREDENTIALS.orgApiKeys.pulumi);
      assert.equal(res.status, 401);
      assert.equal(res.body.error, "The API key is not valid for user provisioning.");
    });

    it("answers 404 for a directory id that is not the token's", async () => {
      const res = await call(sb, "GET", "/scim/directory/not-a-directory/Users", {
        token: SANDBOX_CREDENTIALS.scimToken,
      });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "404",
        detail: "Directory not-a-directory does not exist.",
      });
    });
  });

  describe("GET /Users", () => {
    it("pages with a 1-based startIndex and count in a ListResponse", async () => {
      const active = sb.store.world.scim.users.filter((u) => u.active);
      const res = await scim("GET", "/Users?startIndex=3&count=2");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/scim+json; charset=utf-8");
      assert.deepEqual(res.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
      assert.equal(res.body.totalResults, active.length);
      assert.equal(res.body.startIndex, 3);
      assert.equal(res.body.itemsPerPage, 2);
      assert.deepEqual(
        res.body.Resources.map((u: { id: string }) => u.id),
        active.slice(2, 4).map((u) => u.id),
      );
    });

    it("caps count at 100", async () => {
      const res = await scim("GET", "/Users?count=500");
      assert.equal(res.body.itemsPerPage, 100);
      assert.equal(res.body.Resources.length, 100);
    });

    it("filters by userName case-insensitively and by externalId exactly", async () => {
      const target = sb.store.world.scim.users[5];
      const byName = await scim(
        "GET",
        `/Users?filter=${encodeURIComponent(`userName eq "${target.userName.toUpperCase()}"`)}`,
      );
      assert.deepEqual(
        byName.body.Resources.map((u: { id: string }) => u.id),
        [target.id],
      );
      assert.equal(byName.body.totalResults, 1);
      const byExternal = await scim(
        "GET",
        `/Users?filter=${encodeURIComponent(`externalId eq "${target.externalId}"`)}`,
      );
      assert.deepEqual(
        byExternal.body.Resources.map((u: { id: string }) => u.id),
        [target.id],
      );
      const wrongCase = await scim(
        "GET",
        `/Users?filter=${encodeURIComponent(`externalId eq "${target.externalId!.toUpperCase()}"`)}`,
      );
      assert.equal(wrongCase.body.totalResults, 0);
    });

    it("refuses any other filter with invalidFilter", async () => {
      const res = await scim("GET", `/Users?filter=${encodeURIComponent('displayName co "a"')}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.scimType, "invalidFilter");
      assert.equal(
        res.body.detail,
        'Filter "displayName co "a"" is not supported: use a single eq on userName or externalId.',
      );
    });
  });

  describe("POST /Users", () => {
    it("creates a synced managed account and returns it with meta and the atlassian-external extension", async () => {
      const before = sb.store.world.org.users.length;
      const res = await scim("POST", "/Users", newUser("new.hire", { externalId: "ext-new-hire" }));
      assert.equal(res.status, 201);
      assert.equal(res.body.userName, "new.hire@acme.example");
      assert.equal(res.body.externalId, "ext-new-hire");
      assert.equal(res.body.active, true);
      assert.equal(res.body.meta.resourceType, "USER");
      assert.equal(res.headers.get("location"), res.body.meta.location);
      assert.equal(sb.store.world.org.users.length, before + 1);
      const u = account(accountIdOf(res.body));
      assert.deepEqual(
        [u.email, u.name, u.managementSource, u.claimStatus],
        ["new.hire@acme.example", "Test new.hire", "synced", "managed"],
      );
    });

    it("refuses a second user with the same userName with 409 uniqueness", async () => {
      await scim("POST", "/Users", newUser("twice"));
      const res = await scim("POST", "/Users", newUser("twice"));
      assert.equal(res.status, 409);
      assert.deepEqual(res.body, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "409",
        scimType: "uniqueness",
        detail: "Resource [USER]: with email[twice@acme.example] already exists.",
      });
    });

    it("refuses an email outside the verified domain", async () => {
      const res = await scim("POST", "/Users", {
        userName: "x@elsewhere.example",
        emails: [{ value: "x@elsewhere.example", primary: true }],
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.scimType, "invalidValue");
      assert.equal(
        res.body.detail,
        "Email x@elsewhere.example is not on a verified domain of this organization (verified: acme.example).",
      );
    });
  });

  describe("PATCH and PUT /Users/{id}", () => {
    it("replaces name and title through a PatchOp and mirrors them on the account", async () => {
      const created = await scim("POST", "/Users", newUser("patch.me"));
      const res = await scim("PATCH", `/Users/${created.body.id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "Replace", path: "displayName", value: "Patched Person" },
          { op: "replace", value: { title: "Lead", "name.givenName": "Patched" } },
        ],
      });
      assert.equal(res.status, 200);
      assert.deepEqual(
        [res.body.displayName, res.body.title, res.body.name.givenName],
        ["Patched Person", "Lead", "Patched"],
      );
      const u = account(accountIdOf(created.body));
      assert.deepEqual([u.name, u.jobTitle], ["Patched Person", "Lead"]);
    });

    it("refuses moving a user to an email another account holds with 409 uniqueness", async () => {
      const created = await scim("POST", "/Users", newUser("mover"));
      const res = await scim(
        "PUT",
        `/Users/${created.body.id}`,
        newUser("m.garcia", { userName: "mover@acme.example" }),
      );
      assert.equal(res.status, 409);
      assert.equal(res.body.detail, "Resource [USER]: with email[m.garcia@acme.example] already exists.");
      assert.equal(account(accountIdOf(created.body)).email, "mover@acme.example");
    });
  });

  describe("DELETE /Users/{id}", () => {
    it("deactivates the user and its account, then answers 404 to every operation", async () => {
      const created = await scim("POST", "/Users", newUser("leaver"));
      const del = await scim("DELETE", `/Users/${created.body.id}`);
      assert.equal(del.status, 204);
      assert.equal(account(accountIdOf(created.body)).accountStatus, "inactive");
      assert.equal((await scim("GET", `/Users/${created.body.id}`)).status, 404);
      assert.equal((await scim("DELETE", `/Users/${created.body.id}`)).status, 404);
      const listed = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "leaver@acme.example"')}`);
      assert.equal(listed.body.totalResults, 0);
    });

    it("reactivates a deactivated user through PATCH active=true", async () => {
      const created = await scim("POST", "/Users", newUser("returner"));
      await scim("DELETE", `/Users/${created.body.id}`);
      const res = await scim("PATCH", `/Users/${created.body.id}`, {
        Operations: [{ op: "replace", path: "active", value: "True" }],
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.active, true);
      assert.equal(account(accountIdOf(created.body)).accountStatus, "active");
    });
  });

  describe("Groups", () => {
    it("creates a synced org group holding the members' accounts", async () => {
      const u = await scim("POST", "/Users", newUser("grouped"));
      const res = await scim("POST", "/Groups", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        displayName: "scim-made",
        members: [{ value: u.body.id }],
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.meta.resourceType, "GROUP");
      assert.deepEqual(
        res.body.members.map((m: { value: string }) => m.value),
        [u.body.id],
      );
      const g = sb.store.world.org.groups.find((x) => x.name === "scim-made")!;
      assert.deepEqual([g.externalSynced, g.managedBy, g.members], [true, "external", [accountIdOf(u.body)]]);
    });

    it("refuses a second group with the same displayName with 409 uniqueness", async () => {
      await scim("POST", "/Groups", { displayName: "scim-dup" });
      const res = await scim("POST", "/Groups", { displayName: "SCIM-DUP" });
      assert.equal(res.status, 409);
      assert.equal(res.body.scimType, "uniqueness");
      assert.equal(res.body.detail, "Resource [GROUP]: with displayName already exists.");
    });

    it("filters groups by displayName", async () => {
      const res = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "dept-hr"')}`);
      assert.equal(res.body.totalResults, 1);
      assert.equal(res.body.Resources[0].displayName, "dept-hr");
    });

    it("adds and removes members through PATCH and applies them to the org group", async () => {
      const a = await scim("POST", "/Users", newUser("member.a"));
      const b = await scim("POST", "/Users", newUser("member.b"));
      const created = await scim("POST", "/Groups", { displayName: "scim-patched", members: [{ value: a.body.id }] });
      const res = await scim("PATCH", `/Groups/${created.body.id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "add", path: "members", value: [{ value: b.body.id }] },
          { op: "remove", path: `members[value eq "${a.body.id}"]` },
        ],
      });
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.members.map((m: { value: string }) => m.value),
        [b.body.id],
      );
      const g = sb.store.world.org.groups.find((x) => x.name === "scim-patched")!;
      assert.deepEqual(g.members, [accountIdOf(b.body)]);
    });

    it("answers 404 to a PATCH adding a user of no directory", async () => {
      const created = await scim("POST", "/Groups", { displayName: "scim-404" });
      const res = await scim("PATCH", `/Groups/${created.body.id}`, {
        Operations: [{ op: "add", path: "members", value: [{ value: "nobody" }] }],
      });
      assert.equal(res.status, 404);
      assert.equal(res.body.detail, "Members nobody are not users of this directory.");
    });

    it("refuses a rename through PUT with the spec's BadRequestException body", async () => {
      const created = await scim("POST", "/Groups", { displayName: "scim-put" });
      const res = await scim("PUT", `/Groups/${created.body.id}`, { displayName: "scim-put-renamed", members: [] });
      assert.equal(res.status, 400);
      assert.equal(res.body.responseStatus, "BAD_REQUEST");
      assert.equal(res.body.scimErrorType, "mutability");
      assert.equal(
        orgGroup(sb.store.world.scim.groups.find((g) => g.id === created.body.id)!.groupId!)!.name,
        "scim-put",
      );
    });

    it("deletes the org group with the SCIM group", async () => {
      const created = await scim("POST", "/Groups", { displayName: "scim-gone" });
      const groupId = sb.store.world.scim.groups.find((g) => g.id === created.body.id)!.groupId!;
      assert.equal((await scim("DELETE", `/Groups/${created.body.id}`)).status, 204);
      assert.equal(orgGroup(groupId), undefined);
      assert.equal((await scim("GET", `/Groups/${created.body.id}`)).status, 404);
    });
  });

  describe("discovery documents", () => {
    it("serves ServiceProviderConfig, ResourceTypes and Schemas", async () => {
      const config = await scim("GET", "/ServiceProviderConfig");
      assert.deepEqual([config.status, config.body.patch.supported, config.body.filter.maxResults], [200, true, 100]);
      const types = await scim("GET", "/ResourceTypes");
      assert.deepEqual(
        types.body.Resources.map((t: { id: string }) => t.id),
        ["User", "Group"],
      );
      const schema = await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group");
      assert.equal(schema.body.attributes[0].mutability, "immutable");
    });
  });
});
