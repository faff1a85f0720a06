// `atlassian-access doctor`'s checks in order: configuration, the org API (connection, each read and its scope), the
// audit catalogue and actors, SCIM, ISC, the clock and the rate-limit headers. Reads only; never throws for an API's
// answer (each becomes a check), only for a bug.
import { ConfigError, readConfig, type ProviderConfig } from "../config";
import { createAuditClient } from "../clients/atlassian/audit-client";
import { ReadingProblems } from "../clients/reading-problems";
import { resetServerClock } from "../clients/server-clock";
import { resetRateLimitHeaders } from "../clients/rate-headers";
import { catalogueCheck, eventsChecks, orgCallChecks } from "./org-checks";
import { clockCheck, iscChecks, rateLimitCheck, scimChecks } from "./other-checks";
import { fail, ok, warn, type Check } from "./types";
import { credentialsCheck } from "./credentials";

function configSummary(c: ProviderConfig): string {
  const lanes = Object.keys(c.actorLanes).length;
  return [
    `org ${c.orgId}, directory ${c.directoryId}, API ${c.apiUrl}`,
    c.scimDirectoryId ? `SCIM directory ${c.scimDirectoryId}` : "no SCIM",
    c.iscUrl ? `ISC ${c.iscUrl} source ${c.iscSourceId}` : "no ISC",
    `${lanes} actorLanes entr${lanes === 1 ? "y" : "ies"}`,
  ].join("; ");
}

/** Every check's outcome; `get` reads `atlassian-access:<key>` (env fills the rest, as for the provider). */
export async function runDoctor(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Check[]> {
  resetServerClock();
  resetRateLimitHeaders();
  let config: ProviderConfig;
  try {
    config = readConfig(get, env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [
      fail(
        "config",
        `the configuration has ${e.problems.length} problem(s)`,
        "Set or fix each key listed (doctor reads --stack NAME, else --config FILE, else env ATLASSIAN_ACCESS_<KEY>), then run doctor again.",
        e.problems,
      ),
    ];
  }
  const checks: Check[] = [ok("config", configSummary(config))];
  const org = await orgCallChecks(config);
  checks.push(...org.checks);
  if (org.usable) {
    const problems = new ReadingProblems();
    const audit = createAuditClient({
      apiUrl: config.apiUrl,
      orgId: config.orgId,
      apiKey: config.apiKey,
      problems,
      retry: { baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs },
    });
    checks.push(await catalogueCheck(audit));
    checks.push(...(await eventsChecks(audit, config)));
    const skipped = problems.drain();
    if (skipped.length)
      checks.push(
        warn(
          "reading",
          `${skipped.length} audit item(s) could not be read and were left out`,
          "Report these lines so the schemas in provider/clients can learn the shape.",
          ReadingProblems.lines(skipped),
        ),
      );
  }
  checks.push(...(await scimChecks(config)));
  checks.push(...(await iscChecks(config)));
  checks.push(clockCheck());
  // After the API answers above: the server's time (their Date headers) judges the expiry.
  checks.push(...credentialsCheck(config));
  checks.push(rateLimitCheck());
  return checks;
}
