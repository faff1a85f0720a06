// The app access settings read (org/settings.ts): the list, then each domain that applies to a product,
// once per process; an endpoint Atlassian no longer serves (experimental) leaves them "not read", said once.
import { strict as assert } from "node:assert";
import { setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { appAccessSettings } from "../../provider/org/settings";
import { ProviderConfig } from "../../provider/config";
import { HttpError } from "../../provider/clients/errors";

const config = ProviderConfig.parse({ orgId: "org", apiKey: "k", directoryId: "d" });

function fakeAccess(list: () => Promise<{ domain: string; numberOfProductsAppliesTo: number }[]>) {
  const calls: string[] = [];
  const access = {
    calls,
    async listAppAccessSettingsDomains() {
      calls.push("list");
      return list();
    },
    async findAppAccessSettingsDomain(domain: string) {
      calls.push(`get ${domain}`);
      return {
        domain,
        adminNotifications: false,
        products: [{ productId: "ari:cloud:jira::site/1", adminApprovalRequired: false }],
      };
    },
  };
  setContextForTests({ config, org: {} as never, access: access as never });
  return access;
}

describe("appAccessSettings", () => {
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
  });

  it("reads the list once, then each domain that applies to a product once, defaults made explicit", async () => {
    const access = fakeAccess(async () => [
      { domain: "ANYONE", numberOfProductsAppliesTo: 1 },
      { domain: "old.example", numberOfProductsAppliesTo: 0 },
    ]);
    const first = await appAccessSettings();
    assert.deepEqual(first, [
      {
        domain: "ANYONE",
        adminNotifications: false,
        products: [
          {
            resourceId: "ari:cloud:jira::site/1",
            role: "ari:cloud:identity::role/product/member",
            adminApprovalRequired: false,
          },
        ],
      },
    ]);
    assert.deepEqual(await appAccessSettings(), first);
    assert.deepEqual(access.calls, ["list", "get ANYONE"]);
  });

  it("leaves the settings unread when the experimental endpoint answers 404, saying so once", async () => {
    fakeAccess(async () => {
      throw new HttpError({
        api: "Atlassian org API",
        operation: "listAppAccessSettingsDomains",
        method: "GET",
        url: "/admin/v2/orgs/org/app-access-settings/domains",
        status: 404,
        attempts: 1,
      });
    });
    const printed: string[] = [];
    const log = console.log;
    console.log = (line: string) => void printed.push(line);
    try {
      assert.equal(await appAccessSettings(), undefined);
      assert.equal(await appAccessSettings(), undefined);
    } finally {
      console.log = log;
    }
    assert.deepEqual(printed, [
      "[atlassian-access] app access settings could not be read (HTTP 404 from the experimental /app-access-settings/domains endpoint): open-self-signup is not checked in this run.",
    ]);
  });
});
