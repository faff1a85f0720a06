// Program-wide knowledge about self-signup, gathered in the program process like program-registry.ts's (whose rules and
// limits apply): the OwnershipSplit learns which domains the program's AppAccessSettings declare (selfSignupDomains:
// their self-signup is code's, so not open-self-signup), and an AppAccessSettings learns of an earlier one for the same
// domain (sameDomainAs). Domains given as Outputs resolve with `apply`; unknown at preview, the hint is unknown.
import * as pulumi from "@pulumi/pulumi";
import { afterProgramSection } from "./program-registry";

interface SettingsEntry {
  name: string;
  domain: pulumi.Input<string>;
}

// On globalThis, so two copies of the package loaded by one program still share one registry.
const KEY = Symbol.for("atlassian-access/self-signup-registry");
function entries(): SettingsEntry[] {
  const g = globalThis as unknown as Record<symbol, SettingsEntry[] | undefined>;
  return (g[KEY] ??= []);
}

/** Test hook: forget every registration. */
export function resetSelfSignupRegistry(): void {
  entries().length = 0;
}

/** Domains compare as the API does: `ANYONE` exactly, others ignoring case. */
const domainKey = (d: unknown) => (typeof d !== "string" ? undefined : d === "ANYONE" ? d : d.trim().toLowerCase());

/**
 * AppAccessSettings's constructor: registers its domain and returns its sameDomainAs input, the resource name of an
 * earlier AppAccessSettings of this program for the same domain (undefined, so absent, when none).
 */
export function registerSelfSignup(name: string, domain: pulumi.Input<string>): pulumi.Input<string | undefined> {
  const earlier = [...entries()];
  entries().push({ name, domain });
  if (earlier.length === 0) return undefined;
  return pulumi.all([domain, pulumi.all(earlier.map((e) => e.domain))]).apply(([d, ds]) => {
    const i = ds.findIndex((x) => domainKey(x) !== undefined && domainKey(x) === domainKey(d));
    return i >= 0 ? earlier[i].name : undefined;
  });
}

/**
 * OwnershipSplit's constructor: the domains the program's AppAccessSettings declare, sorted, resolved after the
 * program's synchronous section (so they may be declared after the split); undefined, so absent, when none.
 */
export function selfSignupDomainsInput(): pulumi.Output<string[] | undefined> {
  return pulumi.output(afterProgramSection()).apply(() => {
    const all = entries();
    if (all.length === 0) return undefined;
    return pulumi
      .all(all.map((e) => e.domain))
      .apply((ds) => [...new Set(ds.map(domainKey).filter((d): d is string => d !== undefined))].sort());
  }) as pulumi.Output<string[] | undefined>;
}
