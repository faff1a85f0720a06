// Node's on-disk compile cache for the test run and every node process it starts (the CLI's language host and
// dynamic providers, the report and sandbox CLIs): the engine tests start hundreds that load the same SDK.
import * as nodeModule from "node:module";
import * as os from "node:os";
import * as path from "node:path";

process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), "atlassian-access-node-compile-cache");
(nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(process.env.NODE_COMPILE_CACHE);
