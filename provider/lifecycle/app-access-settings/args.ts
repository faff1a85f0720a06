// AppAccessSettings's inputs and outputs, and the settings a refresh carries over.
import { z } from "zod";
import type { Finding } from "../../rules/findings";

const flag = (name: string) => z.boolean({ message: `${name} must be true or false` }).optional();

/** One product a domain may self-join, as code declares it (check fills in the defaults). */
export const SelfSignupProduct = z.object(
  {
    /** The site host (`acme-eu.atlassian.net`) or the workspace ARI. */
    site: z.string().min(1, "site must be a non-empty string (a site host or workspace ARI)"),
    /** A product the workspaces API reports: jira-software, confluence, jira-servicedesk, ... */
    product: z.string().min(1, "product must be a non-empty string (jira-software, confluence, ...)"),
    /** Default `member` (the only role the API documents for self-signup). */
    role: z.string().optional(),
    /** Whether an org admin approves each join. Default true (the API's is false): a door code opens still asks. */
    adminApprovalRequired: z.boolean({ message: "adminApprovalRequired must be true or false" }).optional(),
  },
  { message: "each product must be { site, product, role?, adminApprovalRequired? }" },
);
export type SelfSignupProductArgs = z.infer<typeof SelfSignupProduct>;

/**
 * AppAccessSettings's inputs: this zod schema is their type, for check (which parses them) and for the program
 * (resources/app-access-settings.ts derives its args from it). The docs here are the ones users see in their editor.
 */
export const AppAccessSettingsInputs = z.object({
  /** An email domain (`acme.example`), or `ANYONE` for any email address (only with allowAnyDomain). */
  domain: z.string({ message: "domain is required: an email domain like acme.example, or ANYONE" }),
  /** Every product the domain may join; authoritative (others are removed), `[]` closes the domain. */
  products: z.array(SelfSignupProduct, {
    message: "products must be a list of { site, product, role?, adminApprovalRequired? }",
  }),
  /** Notify org admins when people join. Unset: left as it is (off on a domain code sets up). */
  adminNotifications: flag("adminNotifications"),
  /** Required to declare `ANYONE` with any product: anyone on the internet could join. */
  allowAnyDomain: flag("allowAnyDomain"),
  /** Take over a domain whose settings already exist instead of refusing. */
  adopt: flag("adopt"),
  /**
   * Empty an adopted domain's settings (every product removed: the API has no delete) when this resource is destroyed.
   * Default false: code forgets settings it adopted; settings code set up are always emptied.
   */
  deleteOnDestroy: flag("deleteOnDestroy"),
});

/** What check, diff and create receive: the inputs, and the program context the AppAccessSettings class adds. */
export type AppAccessSettingsArgs = z.infer<typeof AppAccessSettingsInputs> & {
  /** Set by the AppAccessSettings class (rules/program-context.ts): an earlier one of the program for the same domain. */
  program?: unknown;
};

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
