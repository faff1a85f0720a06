// AppAccessSettings: which people may join which products by their email domain (self-signup), declared in code.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { settingsProgram } from "./program/context";
import type { Finding } from "../rules/findings";

export interface AppAccessSettingsProductArgs {
  /** The site host (`acme-eu.atlassian.net`) or the workspace ARI. */
  site: pulumi.Input<string>;
  /** A product the workspaces API reports: jira-software, confluence, jira-servicedesk, ... */
  product: pulumi.Input<string>;
  /** Default `member` (the only role the API documents for self-signup). */
  role?: pulumi.Input<string>;
  /** Whether an org admin approves each join. Default true. */
  adminApprovalRequired?: pulumi.Input<boolean>;
}

export interface AppAccessSettingsArgs {
  /** An email domain (`acme.example`), or `ANYONE` for any email address (only with allowAnyDomain). */
  domain: pulumi.Input<string>;
  /** Every product the domain may join; authoritative (others are removed), `[]` closes the domain. */
  products: pulumi.Input<pulumi.Input<AppAccessSettingsProductArgs>[]>;
  /** Notify org admins when people join. Unset: left as it is (off on a domain code sets up). */
  adminNotifications?: pulumi.Input<boolean>;
  /** Required to declare `ANYONE` with any product: anyone on the internet could join. */
  allowAnyDomain?: pulumi.Input<boolean>;
  /** Take over a domain whose settings already exist instead of refusing. */
  adopt?: pulumi.Input<boolean>;
  /**
   * Empty an adopted domain's settings (every product removed: the API has no delete) when this resource is destroyed.
   * Default false: code forgets settings it adopted; settings code set up are always emptied.
   */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

export class AppAccessSettings extends pulumi.dynamic.Resource {
  declare readonly domain: pulumi.Output<string>;
  /** The products as observed in Atlassian (site, product, role, adminApprovalRequired), sorted. */
  declare readonly products: pulumi.Output<Required<AppAccessSettingsProductArgs>[]>;
  /** Code's products as last applied, with defaults filled in. */
  declare readonly declaredProducts: pulumi.Output<Required<AppAccessSettingsProductArgs>[]>;
  /** The workspace ARIs of declaredProducts, in order. */
  declare readonly productIds: pulumi.Output<string[]>;
  declare readonly adminNotifications: pulumi.Output<boolean | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;
  /** Changes made outside code as of the last refresh, with who made them; non-empty keeps it changed. */
  declare readonly findings: pulumi.Output<Finding[]>;

  constructor(name: string, args: AppAccessSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    // An earlier AppAccessSettings of this program for the same domain: check refuses this one.
    const program = settingsProgram(name, args.domain);
    super(
      shimFor("app-access-settings"),
      name,
      {
        adminNotifications: undefined,
        declaredProducts: undefined,
        productIds: undefined,
        adopted: undefined,
        findings: undefined,
        ...args,
        program,
      },
      opts,
      "atlassian",
      "AppAccessSettings",
    );
  }
}
