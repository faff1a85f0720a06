// AppAccessSettings: which people may join which products by their email domain (self-signup), declared in code.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import { settingsProgram } from "./program/context";
import type { Finding } from "../rules/findings";
import type { z } from "zod";
import type {
  AppAccessSettingsInputs,
  SelfSignupProduct,
  SelfSignupProductArgs,
} from "../lifecycle/app-access-settings/args";
import type { ProgramArgs } from "./program/args";

/** One product of an AppAccessSettings, as a program passes it (lifecycle/app-access-settings/args.ts). */
export type AppAccessSettingsProductArgs = ProgramArgs<z.infer<typeof SelfSignupProduct>>;

/** An AppAccessSettings's inputs as a program passes them: derived from the schema check applies. */
export type AppAccessSettingsArgs = ProgramArgs<z.infer<typeof AppAccessSettingsInputs>>;

export class AppAccessSettings extends pulumi.dynamic.Resource {
  declare readonly domain: pulumi.Output<string>;
  /** The products as observed in Atlassian (site, product, role, adminApprovalRequired), sorted. */
  declare readonly products: pulumi.Output<Required<SelfSignupProductArgs>[]>;
  /** Code's products as last applied, with defaults filled in. */
  declare readonly declaredProducts: pulumi.Output<Required<SelfSignupProductArgs>[]>;
  /** The workspace ARIs of declaredProducts, in order. */
  declare readonly productIds: pulumi.Output<string[]>;
  declare readonly adminNotifications: pulumi.Output<boolean | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;
  /** Changes made outside code as of the last refresh, with who made them; non-empty keeps it changed. */
  declare readonly findings: pulumi.Output<Finding[]>;

  constructor(name: string, args: AppAccessSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    // An earlier AppAccessSettings of this program for the same domain: check refuses this one.
    const program = settingsProgram(name, args.domain);
    // pulumi's per-property promise stacks, not kept (program/stacks.ts).
    const stacks = quietStacks();
    try {
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
    } catch (e) {
      throw restack(e, stacks);
    } finally {
      loudStacks(stacks);
    }
  }
}
