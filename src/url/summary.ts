// The verdict: deliverable, not deliverable, or could not test from here, and the single
// sendAttemptResult Apple would most likely record. Stages run in Apple's order (URL, DNS, TCP, TLS,
// HTTP), so the first failing check that names a result is the one Apple would hit first.
import type { Check } from '../report/check.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';

export type Verdict = 'deliverable' | 'not-deliverable' | 'could-not-test';

export interface Prediction {
  verdict: Verdict;
  /** null when a stage could not be tested here: there is nothing honest to predict. */
  predictedResult: SendAttemptResult | null;
  /** The check the prediction rests on. */
  decisiveCheck?: string;
}

/** `couldNotTest` names the check that says this machine could not test a stage. */
export function predict(checks: readonly Check[], couldNotTest?: string): Prediction {
  const fails = checks.filter((c) => c.status === 'fail');
  if (fails.length > 0) {
    const decisive = fails.find((c) => c.sendAttemptResult && c.sendAttemptResult !== 'SUCCESS') ?? fails[0]!;
    const result = decisive.sendAttemptResult && decisive.sendAttemptResult !== 'SUCCESS' ? decisive.sendAttemptResult : 'OTHER';
    return { verdict: 'not-deliverable', predictedResult: result, decisiveCheck: decisive.id };
  }
  if (couldNotTest) {
    return { verdict: 'could-not-test', predictedResult: null, decisiveCheck: couldNotTest };
  }
  return { verdict: 'deliverable', predictedResult: 'SUCCESS' };
}
