import type { CheckUrlReport } from '../url/index.js';

/**
 * The verdict on the URL: `verdict` is `deliverable` (exit 0), `not-deliverable` (exit 1; `predictedResult`
 * names what Apple would record) or `could-not-test` (exit 3; `predictedResult` null).
 */
export type CheckUrlJson = CheckUrlReport;
