// AccessReview's program context (rules/program-context.ts AccessReviewProgram): the program's Groups that declare
// `members`, with those members' emails, so check refuses a revoke code has not made yet; and those Groups as the
// review's dependencies, so `up` evaluates the review after the Groups removed the members it revoked.
import * as pulumi from "@pulumi/pulumi";
import { afterProgramSection, programStore, type GroupEntry } from "./store";
import { emailOf, type MemberEntry } from "../../rules/temporary";
import type { AccessReviewProgram } from "../../rules/program-context";

const declaring = (): GroupEntry[] => programStore().groups.filter((g) => g.members !== undefined);

/** AccessReview's `program`: resolved after the program's section, when every top-level Group is registered. */
export function reviewProgram(): pulumi.Output<AccessReviewProgram | undefined> {
  return pulumi.output(afterProgramSection()).apply(() => {
    const groups = declaring();
    if (groups.length === 0) return undefined;
    const all = groups.map((g) => pulumi.all([g.name, g.members]));
    return pulumi.all(all).apply((resolved) => {
      const list = resolved.flatMap(([name, members], i) =>
        typeof name === "string" && Array.isArray(members)
          ? [
              {
                resource: groups[i].resourceName,
                name,
                members: (members as MemberEntry[])
                  .map((m) => emailOf(m))
                  .filter((e): e is string => typeof e === "string")
                  .map((e) => e.toLowerCase())
                  .sort(),
              },
            ]
          : [],
      );
      return list.length ? { groups: list } : undefined;
    });
  }) as pulumi.Output<AccessReviewProgram | undefined>;
}

/** The review's options: its `dependsOn` gains the program's Groups that declare members. */
export function afterDeclaringGroups(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  const groups = pulumi
    .output(afterProgramSection())
    .apply(() => declaring().map((g) => g.resource as pulumi.Resource));
  const dependsOn = (opts?.dependsOn ? [opts.dependsOn, groups] : groups) as pulumi.CustomResourceOptions["dependsOn"];
  return { ...opts, dependsOn };
}
