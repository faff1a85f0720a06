// AppAccessSettings's inputs and outputs, and the settings a refresh carries over.
import type { Finding } from "../../rules/findings";

/** One product a domain may self-join, as code declares it (check fills in the defaults). */
export interface SelfSignupProductArgs {
  /** The site host (`acme-eu.atlassian.net`) or the workspace ARI. */
  site: string;
  product: string;
  /** Default `member`, the only role the API documents for self-signup. */
  role?: string;
  /** Default true: a door opened by code still asks an admin unless it says otherwise. */
  adminApprovalRequired?: boolean;
}

export interface AppAccessSettingsArgs {
  /** An email domain (`acme.example`), or `ANYONE` for any address (only with allowAnyDomain). */
  domain: string;
  products: SelfSignupProductArgs[];
  /** Notify org admins when people join; unset: left as it is (false on a domain code creates). */
  adminNotifications?: boolean;
  allowAnyDomain?: boolean;
  adopt?: boolean;
  /** Empty an adopted domain's settings on destroy; by default code forgets them. A domain code set up is emptied. */
  deleteOnDestroy?: boolean;
  /** Set by the AppAccessSettings class (rules/program-context.ts): an earlier one of the program for the same domain. */
  program?: unknown;
}

export interface AppAccessSettingsOutputs extends AppAccessSettingsArgs {
  /** The products as observed in Atlassian (site host, product, role, approval), sorted. */
  products: Required<SelfSignupProductArgs>[];
  /** Code's products as last applied (a refresh overwrites `products` with what it observes). */
  declaredProducts: Required<SelfSignupProductArgs>[];
  /** The workspace ARIs of declaredProducts, in order. */
  productIds: string[];
  adopted: boolean;
  /** Changes made outside code as of the last refresh, with who made them; non-empty keeps the resource changed. */
  findings: Finding[];
}

/** The inputs that are configuration: a refresh carries them over (products and adminNotifications are read live). */
export const APP_ACCESS_SETTINGS_SETTINGS = [
  "domain",
  "allowAnyDomain",
  "adopt",
  "deleteOnDestroy",
] as const satisfies readonly (keyof AppAccessSettingsArgs)[];

/** The inputs a refresh reads from the org instead. */
export const APP_ACCESS_SETTINGS_OBSERVED = [
  "products",
  "adminNotifications",
] as const satisfies readonly (keyof AppAccessSettingsArgs)[];
