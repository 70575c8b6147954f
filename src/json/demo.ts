import type { DemoStep } from '../demo/run-demo.js';

/** Every step worked (exit 0). */
export interface DemoDoneJson {
  ok: true;
  durationMs: number;
  /** Each step's data, in order: the check-url report, the token, the decoded payload, the listen events … */
  steps: DemoStep[];
}

/** A step did not work (exit 1): the steps before it, and the one that failed. */
export interface DemoFailedJson {
  ok: false;
  durationMs: number;
  steps: DemoStep[];
  failure: {
    /** The step that failed, or `demo` when it failed before the first. */
    step: DemoStep['step'] | 'demo';
    message: string;
  };
}

/** `demo --json`: one document; `ok` tells whether every step worked. */
export type DemoJson = DemoDoneJson | DemoFailedJson;
