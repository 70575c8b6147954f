// Typed errors. Each carries the exit code of docs/conventions.md#exit-codes and the one-line fix shown to the user.
// Only the top-level handler in cli.ts prints them.

export const ExitCode = {
  ok: 0,
  problem: 1,
  usage: 2,
  couldNotFinish: 3,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  /** Stable machine code, e.g. `input.not-a-payload`. */
  code: string;
  /** One line naming the problem. */
  message: string;
  /** One line naming the fix. */
  fix?: string;
  cause?: unknown;
}

export class AsnError extends Error {
  readonly code: string;
  readonly fix: string | undefined;
  readonly exitCode: number;

  constructor(details: ErrorDetails, exitCode: number) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = details.code;
    this.fix = details.fix;
    this.exitCode = exitCode;
  }

  toJSON(): { code: string; message: string; fix?: string } {
    return this.fix === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, fix: this.fix };
  }
}

/** Bad flag, bad argument, unreadable file, unparseable input, missing credentials: exit 2. */
export class UsageError extends AsnError {
  constructor(details: ErrorDetails) {
    super(details, ExitCode.usage);
  }
}

/** The tool worked and found a problem that stops the command: exit 1. */
export class ProblemError extends AsnError {
  constructor(details: ErrorDetails) {
    super(details, ExitCode.problem);
  }
}

/** Network failure, timeout, 5xx after retries: exit 3. */
export class CouldNotFinishError extends AsnError {
  constructor(details: ErrorDetails) {
    super(details, ExitCode.couldNotFinish);
  }
}

/** Ctrl-C or an abandoned prompt: exit 130. Build it with interruptedError() (registry wording). */
export class InterruptedError extends AsnError {
  constructor(details: ErrorDetails) {
    super(details, ExitCode.interrupted);
  }
}

export function isAsnError(err: unknown): err is AsnError {
  return err instanceof AsnError;
}
