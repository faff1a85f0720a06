// The actor every SCIM push is attributed to, whether it arrives over HTTP or from the in-process IdP sync.
import type { Actor, Store } from "../store";

export function scimActor(store: Store): Actor {
  const { directoryId, directoryName, tokenId } = store.world.scim;
  return {
    kind: "scim",
    id: `scim:${directoryId}`,
    name: `User provisioning (${directoryName})`,
    tokenId,
    tokenLabel: "SCIM directory token",
  };
}
