// The program context (resources/program/context.ts), self-signup's half: AppAccessSettings register their domains, the
// split's context learns them (selfSignupDomains) and a second declaration of a domain learns the first (sameDomainAs).
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { settingsProgram, splitProgram } from "../../provider/resources/program/context";
import { resetProgram } from "../../provider/resources/program/store";

const registerSelfSignup = settingsProgram;
/** The split's context, for a split that is not the program's first (no `declared` list): its domains only. */
const selfSignupDomainsInput = async () =>
  ((await splitProgram(() => undefined)) as { selfSignupDomains?: pulumi.Input<string[]> } | undefined)
    ?.selfSignupDomains;

/** The value of an Input as the engine would serialize it (outside a deployment every Output is known). */
const valueOf = <T>(input: pulumi.Input<T>) =>
  new Promise<T>((resolve) => {
    pulumi.output(input).apply((v) => {
      resolve(v as T);
      return v;
    });
  });

describe("program context: self-signup", () => {
  afterEach(() => resetProgram());

  it("gives the split the declared domains, sorted and lower-cased (ANYONE as is), declared before or after it", async () => {
    const domains = selfSignupDomainsInput(); // the split, declared first
    void registerSelfSignup("acme", "Acme.Example");
    void registerSelfSignup("anyone", pulumi.output("ANYONE"));
    void registerSelfSignup("partner", "partner.example");
    assert.deepEqual(await valueOf((await domains)!), ["ANYONE", "acme.example", "partner.example"]);
  });

  it("gives the split nothing when the program declares no AppAccessSettings", async () => {
    assert.equal(await selfSignupDomainsInput(), undefined);
  });

  it("names the earlier AppAccessSettings of the same domain, ignoring case, and none for a new domain", async () => {
    assert.equal(await valueOf(registerSelfSignup("first", "acme.example")), undefined);
    assert.equal(await valueOf(registerSelfSignup("other", "partner.example")), undefined);
    assert.deepEqual(await valueOf(registerSelfSignup("again", pulumi.output("ACME.example"))), {
      sameDomainAs: "first",
    });
  });
});
