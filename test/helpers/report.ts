// For report and drift tests: a report with nothing in it (to render one part at a time), and the error the
// Automation API throws when the CLI exits non-zero.
import type { Report } from "../../provider/report/model";

export const EMPTY_REPORT: Report = {
  resources: [],
  findings: [],
  accepted: [],
  unaccepted: [],
  acceptances: [],
  changes: 0,
  errors: [],
};

/** An Automation API CommandError as execa leaves it: code -2, the CLI's exit code and stdout on `err`. */
export const commandError = (exitCode: number, stdout = "", stderr = "") =>
  Object.assign(new Error(`code: -2\n stdout: \n stderr: Command failed\n${stderr}`), {
    commandResult: { code: -2, stdout: "", stderr, err: { exitCode, stdout } },
  });
