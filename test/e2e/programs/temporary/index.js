// Proves temporary access through the real engine (issue #14, item 1): a Group whose `members` mixes plain emails and
// { email, until }, with an optional maxDuration, and a GroupMember with `until` on a Group that declares no members.
// `e2e:members` (JSON), `e2e:maxDuration` and `e2e:memberUntil` come from stack config; each step of
// test/e2e/temporary.test.ts sets them and moves the sandbox clock (the server's time).
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const config = new pulumi.Config("e2e");
const contractors = new access.Group("temp-contractors", {
  name: "temp-contractors",
  owner: "pulumi",
  members: config.requireObject("members"),
  maxDuration: config.get("maxDuration"),
});
const additive = new access.Group("temp-additive", { name: "temp-additive", owner: "pulumi" });
const guest = new access.GroupMember("temp-guest", {
  group: additive,
  email: config.require("memberEmail"),
  until: config.require("memberUntil"),
});
exports.members = contractors.members;
exports.guestExpired = guest.expired;
