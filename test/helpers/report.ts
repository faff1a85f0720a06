// A report with nothing in it, for tests that render one part at a time.
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
