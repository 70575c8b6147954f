import type { SendAttemptResult } from '../../apple/send-attempt-result.js';
import type { CheckStatus } from '../check.js';

/**
 * One entry of the diagnostics registry: the single place where user-facing wording lives.
 * `title`, `explain` and `fix` may contain `{name}` placeholders filled from DiagnosticVars.
 */
export interface DiagnosticDef {
  id: string;
  severity: CheckStatus;
  title: string;
  explain?: string;
  fix?: string;
  sendAttemptResult?: SendAttemptResult;
  /** Shown in docs/troubleshooting.md (generated) when set. */
  troubleshooting?: 'sendAttemptResult' | 'auth401' | 'decode' | 'url';
}

export type DiagnosticVars = Record<string, string | number | boolean | undefined | null>;

/** A registry entry with its placeholders filled, as commands and checks use it. */
export type Diagnostic = Omit<DiagnosticDef, 'troubleshooting'>;
