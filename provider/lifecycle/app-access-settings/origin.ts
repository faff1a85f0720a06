// Who set up an existing domain's app access settings, from the audit log: code's credential (an earlier run that did
// not finish, taken over) or anyone else (refused unless adopt), like org/creations.ts for groups.
import { context } from "../context";
import { serverNow } from "../../clients/server-clock";
import { snapshotView } from "../../org/snapshot";
import { actorOf, auditEntry, type RawEvent } from "../../rules/attribution";
import { roleName, SELF_SIGNUP_EVENTS, settingOrigin } from "../../rules/self-signup";
import type { SnapDomainSetting } from "../../rules/snapshot";

export interface SettingCreator {
  /** "pulumi" for code's credential; otherwise as findings name actors ("person:<email>", "unknown"). */
  actor: string;
  at: string;
  eventId: string;
  /** "created" when the event created the domain's settings, "changed" when it is the newest change of one product. */
  how: "created" | "changed";
}

/**
 * The newest event that created or changed `domain`'s settings: from the run's audit window, else one targeted read of
 * creations over the whole lookback. Undefined when the log has none.
 */
export async function settingCreator(domain: string): Promise<SettingCreator | undefined> {
  const ctx = context();
  let e = settingOrigin(await snapshotView(), domain);
  if (!e && ctx.audit) {
    const from = serverNow() - ctx.config.auditLookbackHours * 3_600_000;
    const events = await ctx.audit.getEvents({ from, action: SELF_SIGNUP_EVENTS.domainCreated });
    e = events.map((r) => auditEntry(r as unknown as RawEvent)).find((x) => x.domain === domain && !x.resourceId);
  }
  if (!e) return undefined;
  const how = e.action === SELF_SIGNUP_EVENTS.domainCreated && !e.resourceId ? "created" : "changed";
  return { actor: actorOf(e, ctx.config.actorLanes), at: e.time, eventId: e.id, how };
}

/** Why an existing domain's settings are refused without adopt: what they are, who set them, and how to take them on. */
export function existsReason(
  domain: string,
  live: SnapDomainSetting,
  made: SettingCreator | undefined,
  label: (resourceId: string) => string = (id) => id,
): string {
  const products = live.products
    .map(
      (p) =>
        `${label(p.resourceId)} as ${roleName(p.role)}${p.adminApprovalRequired ? " with approval" : " without approval"}`,
    )
    .join(", ");
  const who = made
    ? ` They were ${made.how === "created" ? "set up" : "last changed"} by ${made.actor} at ${made.at} (audit event ${made.eventId}), not by code's credential.`
    : " The audit log in the lookback window does not say who set them up.";
  return (
    `App access settings for ${domain} already exist (${products}).${who} To manage them from code, set adopt: true ` +
    `on this AppAccessSettings (its products then replace these on \`pulumi up\`); \`pulumi import\` does not work for dynamic providers.`
  );
}
