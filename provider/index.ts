// atlassian-access: who may use Atlassian Cloud, and who may change that, as Pulumi resources.
import { leanHeap, underPulumiLanguageHost } from "./runtime/heap";

// The program's heap kept near what is live while every registration waits for the engine (runtime/heap.ts); a
// process that only imports the package (a test runner, an Automation API host) keeps V8's own policy.
if (underPulumiLanguageHost()) leanHeap();

export { Group, type GroupArgs, type TemporaryMemberArgs } from "./resources/group";
export { GroupMember, type GroupMemberArgs } from "./resources/group-member";
export { AppAccess, type AppAccessArgs } from "./resources/app-access";
export {
  OwnershipSplit,
  type OwnershipSplitArgs,
  type OwnershipSplitAcceptanceArgs,
} from "./resources/ownership-split";
export { Admins, type AdminsArgs } from "./resources/admins";
export {
  AppAccessSettings,
  type AppAccessSettingsArgs,
  type AppAccessSettingsProductArgs,
} from "./resources/app-access-settings";
export { AccessReview, type AccessReviewArgs } from "./resources/access-review";
