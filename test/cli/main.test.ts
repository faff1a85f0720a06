import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMANDS, main } from "../../provider/cli/main";
import { captureIo } from "../helpers/io";

describe("atlassian-access command dispatch", () => {
  it("lists every command with --help and exits 0", async () => {
    const io = captureIo();
    assert.equal(await main(["--help"], io), 0);
    for (const name of Object.keys(COMMANDS)) assert.match(io.out, new RegExp(`^  ${name}\\s`, "m"));
  });

  it("prints the package's version with --version (a bug report's first line), exit 0", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-V", "version"]) {
      const io = captureIo();
      assert.equal(await main([flag], io), 0, flag);
      assert.equal(io.out, `atlassian-access ${version}\n`, flag);
    }
  });

  it("refuses no command and an unknown one with exit 2, naming it", async () => {
    const none = captureIo();
    assert.equal(await main([], none), 2);
    assert.match(none.err, /Usage: atlassian-access <command>/);
    const unknown = captureIo();
    assert.equal(await main(["discovr"], unknown), 2);
    assert.match(unknown.err, /unknown command "discovr"/);
  });

  it("hands discover its own argv, so its usage errors come through", async () => {
    const io = captureIo();
    assert.equal(await main(["discover", "--out", "x", "--claim", "isc"], io), 2);
    assert.match(io.err, /--claim must be pulumi or none/);
  });

  it("hands report its own argv, so its usage errors come through", async () => {
    const io = captureIo();
    assert.equal(await main(["report", "--format", "yaml"], io), 2);
    assert.match(io.err, /format/);
  });
});
