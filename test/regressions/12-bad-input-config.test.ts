// Issue 12 item 6: every config key has its own message (missing, wrong type, wrong range, bad JSON), shown by check with
// no stack trace; a wrong orgId, directoryId, apiKey or apiUrl is named as such, never blamed on a resource's input.
import { strict as assert } from "node:assert";
import { ConfigError, readConfig } from "../../provider/config";
import { configure, setContextForTests, STALE_KEY, resetRunState } from "../../provider/lifecycle/context";
import { setStackConfigReaderForTests } from "../../provider/runtime/stale-key";
import { lifecycleOf } from "../../provider/lifecycle/registry";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { stackConfig } from "../../sandbox/cli";

const BASE = {
  "atlassian-access:orgId": "org-1",
  "atlassian-access:directoryId": "dir-1",
  "atlassian-access:apiKey": "secret-key-value",
};

/** The problems readConfig reports for `values` (over BASE; a key set to undefined is removed). */
function problems(values: Record<string, string | undefined>): string[] {
  const all: Record<string, string | undefined> = { ...BASE, ...values };
  try {
    readConfig((k) => all[k], {});
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.ok(!e.message.includes("secret-key-value"), "a secret is never echoed");
    return e.problems;
  }
  return [];
}

const MISSING_ORG =
  "atlassian-access:orgId is missing: set it with `pulumi config set atlassian-access:orgId <value>` (or env ATLASSIAN_ACCESS_ORG_ID); the org id is in the admin.atlassian.com URL (admin.atlassian.com/o/<orgId>/...).";
const MISSING_KEY =
  "atlassian-access:apiKey is missing: set it with `pulumi config set --secret atlassian-access:apiKey <value>` (or env ATLASSIAN_ACCESS_API_KEY); create an org API key in admin.atlassian.com > Settings > API keys.";
const MISSING_DIR =
  "atlassian-access:directoryId is missing: set it with `pulumi config set atlassian-access:directoryId <value>` (or env ATLASSIAN_ACCESS_DIRECTORY_ID); GET /admin/v2/orgs/{orgId}/directories lists the org's directory ids.";
const LANES = `'{"pulumi-ci":"pulumi","sailpoint-isc-connector":"isc"}'`;

describe("readConfig: one message per bad key (issue 12)", () => {
  const cases: [string, Record<string, string | undefined>, string[]][] = [
    ["names a missing orgId", { "atlassian-access:orgId": undefined }, [MISSING_ORG]],
    ["treats an empty orgId as missing, with the same message", { "atlassian-access:orgId": "" }, [MISSING_ORG]],
    ["names a missing apiKey without any value", { "atlassian-access:apiKey": undefined }, [MISSING_KEY]],
    ["names a blank directoryId as missing", { "atlassian-access:directoryId": "  " }, [MISSING_DIR]],
    [
      "names every missing key, one line each",
      { "atlassian-access:orgId": undefined, "atlassian-access:apiKey": "", "atlassian-access:directoryId": undefined },
      [MISSING_ORG, MISSING_KEY, MISSING_DIR],
    ],
    [
      "refuses an apiUrl without scheme, showing the fix",
      { "atlassian-access:apiUrl": "api.atlassian.com" },
      [
        'atlassian-access:apiUrl is "api.atlassian.com", which has no scheme; set the full URL, e.g. "https://api.atlassian.com".',
      ],
    ],
    [
      "refuses an apiUrl that is not http or https",
      { "atlassian-access:apiUrl": "ftp://api.atlassian.com" },
      ['atlassian-access:apiUrl is "ftp://api.atlassian.com"; only http:// and https:// URLs are supported.'],
    ],
    [
      "refuses an iscUrl without scheme",
      {
        "atlassian-access:iscUrl": "acme.api.identitynow.com",
        "atlassian-access:iscClientId": "c",
        "atlassian-access:iscClientSecret": "s",
        "atlassian-access:iscSourceId": "src",
      },
      [
        'atlassian-access:iscUrl is "acme.api.identitynow.com", which has no scheme; set the full URL, e.g. "https://acme.api.identitynow.com".',
      ],
    ],
    [
      "refuses actorLanes that is not JSON, quoting the parser",
      { "atlassian-access:actorLanes": "{pulumi-ci: pulumi}" },
      [
        `atlassian-access:actorLanes is not valid JSON (Expected property name or '}' in JSON at position 1 (line 1 column 2)); set a JSON object like ${LANES}.`,
      ],
    ],
    [
      "refuses actorLanes that is a JSON array",
      { "atlassian-access:actorLanes": '["pulumi-ci"]' },
      [
        `atlassian-access:actorLanes is an array, not a JSON object; set an object of token label to lane, like ${LANES}.`,
      ],
    ],
    [
      "refuses an actorLanes value that is no lane",
      { "atlassian-access:actorLanes": '{"pulumi-ci":"code"}' },
      [
        'atlassian-access:actorLanes maps "pulumi-ci" to "code"; each value must be one of "pulumi", "scim", "isc", "person".',
      ],
    ],
    [
      "refuses a negative auditLookbackHours",
      { "atlassian-access:auditLookbackHours": "-5" },
      ["atlassian-access:auditLookbackHours is -5; set a positive number of hours."],
    ],
    [
      "refuses an auditLookbackHours that is not a number",
      { "atlassian-access:auditLookbackHours": "a week" },
      ['atlassian-access:auditLookbackHours is "a week", which is not a number; set a positive number of hours.'],
    ],
    [
      "refuses a zero pollIntervalMs",
      { "atlassian-access:pollIntervalMs": "0" },
      ["atlassian-access:pollIntervalMs is 0; set a positive whole number of milliseconds."],
    ],
    [
      "refuses a fractional roleConsistencyTimeoutMs",
      { "atlassian-access:roleConsistencyTimeoutMs": "1.5" },
      ["atlassian-access:roleConsistencyTimeoutMs is 1.5; set a non-negative whole number of milliseconds."],
    ],
    [
      "refuses a retryMaxDelayMs below retryBaseDelayMs",
      { "atlassian-access:retryBaseDelayMs": "1000", "atlassian-access:retryMaxDelayMs": "100" },
      ["atlassian-access:retryMaxDelayMs is 100, below retryBaseDelayMs (1000); set it to at least that."],
    ],
    [
      "refuses a scimToken without scimDirectoryId, never showing the token",
      { "atlassian-access:scimToken": "secret-key-value" },
      [
        "atlassian-access:scimDirectoryId is missing while scimToken is set: these keys work only together; set `pulumi config set atlassian-access:scimDirectoryId <value>` (or env ATLASSIAN_ACCESS_SCIM_DIRECTORY_ID), or remove scimToken.",
      ],
    ],
    [
      "refuses a partial ISC configuration, naming the missing keys",
      { "atlassian-access:iscUrl": "https://acme.api.identitynow.com", "atlassian-access:iscClientId": "c" },
      [
        "atlassian-access:iscClientSecret, atlassian-access:iscSourceId are missing while iscUrl, iscClientId are set: these keys work only together; " +
          "set `pulumi config set --secret atlassian-access:iscClientSecret <value>` (or env ATLASSIAN_ACCESS_ISC_CLIENT_SECRET) and `pulumi config set atlassian-access:iscSourceId <value>` (or env ATLASSIAN_ACCESS_ISC_SOURCE_ID), or remove iscUrl, iscClientId.",
      ],
    ],
  ];
  for (const [title, values, expected] of cases) it(title, () => assert.deepEqual(problems(values), expected));

  it("accepts a complete configuration with every default", () => {
    assert.deepEqual(problems({}), []);
  });

  it("carries no stack trace: the message is the whole text", () => {
    assert.equal(new ConfigError(["x"]).stack, "");
  });
});

describe("lifecycleOf(kind).check on a bad configuration (issue 12)", () => {
  afterEach(() => setContextForTests(undefined));
  const request = (values: Record<string, string>) => ({ config: { get: (k: string) => values[k] } });

  it("returns the configuration's problems as a check failure instead of throwing", async () => {
    configure(request({ ...BASE, "atlassian-access:auditLookbackHours": "-1" }));
    const res = await lifecycleOf("group").check({}, { name: "g", owner: "pulumi" });
    assert.deepEqual(res, {
      failures: [
        {
          property: "",
          reason:
            "atlassian-access configuration is invalid:\n  - atlassian-access:auditLookbackHours is -1; set a positive number of hours.",
        },
      ],
    });
  });

  it("refuses to create anything on a bad configuration, with the same message", async () => {
    configure(request({ ...BASE, "atlassian-access:orgId": "" }));
    await assert.rejects(lifecycleOf("group").create({ name: "g", owner: "pulumi" }), {
      message: `atlassian-access configuration is invalid:\n  - ${MISSING_ORG}`,
    });
  });
});

describe("connection check: a wrong orgId, directoryId, apiKey or apiUrl named as such (issue 12)", () => {
  let sb: TestSandbox;
  let good: Record<string, string>;
  before(async () => {
    sb = await startTestSandbox();
    const all = stackConfig(sb.url, sb.store.world);
    good = Object.fromEntries(
      ["orgId", "directoryId", "apiKey", "apiUrl"].map((k) => [
        `atlassian-access:${k}`,
        all[`atlassian-access:${k}`].value,
      ]),
    );
    good["atlassian-access:retryBaseDelayMs"] = "1";
    good["atlassian-access:retryMaxDelayMs"] = "2";
  });
  after(() => sb?.close());
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
  });

  const accessFailure = async (values: Record<string, string>) => {
    configure({ config: { get: (k: string) => ({ ...good, ...values })[k] } });
    const res = await lifecycleOf("app-access").check(
      {},
      { group: "jira-admins", site: "acme-eu.atlassian.net", product: "jira-software" },
    );
    return res.failures;
  };

  it("names a wrong orgId, not the AppAccess's site", async () => {
    assert.deepEqual(await accessFailure({ "atlassian-access:orgId": "not-our-org" }), [
      {
        property: "",
        reason:
          'atlassian-access:orgId "not-our-org" is not an organization this API key can read (HTTP 404); check the org id in the admin.atlassian.com URL (admin.atlassian.com/o/<orgId>/...), or use an API key created in that org.',
      },
    ]);
  });

  it("names a wrong directoryId and lists the org's directories", async () => {
    const w = sb.store.world.org;
    assert.deepEqual(await accessFailure({ "atlassian-access:directoryId": "not-our-directory" }), [
      {
        property: "",
        reason: `atlassian-access:directoryId "not-our-directory" is not a directory of org ${w.id}; its directories: ${w.directoryId} (${w.directoryName}). Set \`pulumi config set atlassian-access:directoryId <id>\` to one of them.`,
      },
    ]);
  });

  it("names an API key the org API does not accept, without echoing it", async () => {
    assert.deepEqual(await accessFailure({ "atlassian-access:apiKey": "wrong-key" }), [
      {
        property: "",
        reason: `atlassian-access:apiKey was not accepted by ${sb.url} (HTTP 401); set a current org API key with \`pulumi config set --secret atlassian-access:apiKey <key>\`. ${STALE_KEY}`,
      },
    ]);
  });

  it("calls the key stale when the stack's config (asked of the CLI) now holds another one", async () => {
    setStackConfigReaderForTests(async (k) => (k === "atlassian-access:apiKey" ? "the-new-key" : undefined));
    try {
      const [f] = (await accessFailure({ "atlassian-access:apiKey": "wrong-key" }))!;
      assert.equal(
        f.reason,
        `atlassian-access:apiKey: the stack's config holds a new key, but this run uses the one the last \`pulumi up\` stored in the state (a refresh runs with the state's provider configuration), and ${sb.url} does not accept that one (HTTP 401). Run \`pulumi up\` without --refresh once to store the new key, then refresh again.`,
      );
      assert.ok(!f.reason.includes("the-new-key") && !f.reason.includes("wrong-key"));
    } finally {
      setStackConfigReaderForTests(undefined);
    }
  });

  it("calls the key wrong or revoked when the stack's config holds the same one", async () => {
    setStackConfigReaderForTests(async () => "wrong-key");
    try {
      const [f] = (await accessFailure({ "atlassian-access:apiKey": "wrong-key" }))!;
      assert.equal(
        f.reason,
        `atlassian-access:apiKey was not accepted by ${sb.url} (HTTP 401), and it is the key the stack's config holds: it is wrong or revoked. Set a current org API key with \`pulumi config set --secret atlassian-access:apiKey <key>\`.`,
      );
    } finally {
      setStackConfigReaderForTests(undefined);
    }
  });

  it("names an apiUrl nothing answers on", async () => {
    const [f] = (await accessFailure({ "atlassian-access:apiUrl": "http://127.0.0.1:1" }))!;
    assert.equal(f.property, "");
    assert.match(
      f.reason,
      /^atlassian-access:apiUrl "http:\/\/127\.0\.0\.1:1" could not be reached \(.+\); check the URL/,
    );
  });

  it("lets a good configuration through to the resource's own check", async () => {
    assert.equal(await accessFailure({}), undefined);
  });
});
