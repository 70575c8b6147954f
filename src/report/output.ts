// Where every byte a command shows goes. stdout carries the result (human or JSON);
// progress, spinners, warnings and --debug lines go to stderr.
import { fstatSync, statSync, writeSync } from 'node:fs';
import { Chalk, type ChalkInstance } from 'chalk';
import { redact } from '../util/redact.js';
import { terminalSafeLine } from './terminal-text.js';

export interface OutputOptions {
  json: boolean;
  debug: boolean;
  /** From --no-color; NO_COLOR and the TTY test are applied on top. */
  color?: boolean;
  stdout?: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr?: NodeJS.WriteStream | NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

export interface Spinner {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

export class Output {
  readonly json: boolean;
  readonly debugEnabled: boolean;
  /** Colours for stdout. */
  readonly c: ChalkInstance;
  /** Colours for stderr. */
  readonly ce: ChalkInstance;
  readonly interactive: boolean;
  private readonly out: NodeJS.WritableStream;
  /** stdout's descriptor when it is a regular file or /dev/null: see raw(). */
  private readonly fileFd: number | undefined;
  private readonly err: NodeJS.WritableStream;

  constructor(opts: OutputOptions) {
    const env = opts.env ?? process.env;
    this.out = opts.stdout ?? process.stdout;
    this.fileFd = opts.stdout ? undefined : fileDescriptor(process.stdout);
    this.err = opts.stderr ?? process.stderr;
    this.json = opts.json;
    this.debugEnabled = opts.debug;
    const allowed = opts.color !== false && !('NO_COLOR' in env && env.NO_COLOR !== '');
    const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
    const outTty = isTty(this.out);
    const errTty = isTty(this.err);
    this.c = new Chalk({ level: allowed && (forced || outTty) ? 1 : 0 });
    this.ce = new Chalk({ level: allowed && (forced || errTty) ? 1 : 0 });
    this.interactive = errTty && !env.CI;
  }

  /** A line of human output on stdout. Ignored in --json mode so stdout stays one JSON document. */
  line(text = ''): void {
    if (this.json) return;
    this.out.write(`${terminalSafeLine(text)}\n`);
  }

  /** Raw text on stdout, printed in every mode (e.g. the JWT from `token`). */
  raw(text: string): void {
    // Node writes a file with writeSync too, but copies each string into a new Buffer first: for the
    // MBs of a batch's NDJSON that copy costs more than the write.
    if (this.fileFd !== undefined) writeSync(this.fileFd, text);
    else this.out.write(text);
  }

  /** The one JSON document of a command. */
  result(value: unknown): void {
    this.out.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One NDJSON record (batch decode, listen, history). */
  record(value: unknown): void {
    this.out.write(`${JSON.stringify(value)}\n`);
  }

  /**
   * Undefined when stdout takes more output now; else a promise that settles once it has taken what
   * it holds (or closed, or `signal` fired). A batch awaits it between items, so output a slow reader
   * (a pipe) has not taken yet stays bounded instead of piling up in memory.
   */
  drained(signal?: AbortSignal): Promise<void> | undefined {
    const out = this.out as NodeJS.WritableStream & { writableNeedDrain?: boolean; closed?: boolean };
    if (!out.writableNeedDrain || out.closed || signal?.aborted) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        out.off('error', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
      out.on('error', done);
      signal?.addEventListener('abort', done);
    });
  }

  /** A note for the human on stderr (progress, warnings). */
  note(text: string): void {
    this.err.write(`${terminalSafeLine(text)}\n`);
  }

  warn(text: string): void {
    this.err.write(`${this.ce.yellow('warning:')} ${terminalSafeLine(text)}\n`);
  }

  /** --debug only; secrets are redacted. */
  debug(text: string): void {
    if (!this.debugEnabled) return;
    this.err.write(`${this.ce.gray(`debug: ${terminalSafeLine(redact(text))}`)}\n`);
  }

  /** A spinner on an interactive stderr; plain notes elsewhere. ora is loaded only when used. */
  async spinner(text: string): Promise<Spinner> {
    // A terminal that reports no width (e.g. `script` without a window) sends ora into an endless redraw.
    const columns = (this.err as NodeJS.WriteStream).columns ?? 0;
    if (!this.interactive || this.json || columns <= 0) {
      return {
        update: () => undefined,
        succeed: (t?: string) => (t ? this.note(t) : undefined),
        fail: (t?: string) => (t ? this.note(t) : undefined),
        stop: () => undefined,
      };
    }
    const { default: ora } = await import('ora');
    // Colours come from our own chalk, so --no-color holds for the spinner and its final symbol too.
    const coloured = this.ce.level > 0;
    const s = ora({ text, stream: this.err as NodeJS.WriteStream, ...(coloured ? {} : { color: false as const }) }).start();
    return {
      update: (t: string) => {
        s.text = t;
      },
      succeed: (t?: string) => void s.stopAndPersist({ symbol: this.ce.green('✔'), ...(t ? { text: t } : {}) }),
      fail: (t?: string) => void s.stopAndPersist({ symbol: this.ce.red('✖'), ...(t ? { text: t } : {}) }),
      stop: () => void s.stop(),
    };
  }
}

/** The descriptor of a stream that is a regular file or /dev/null (writes to those never wait). */
function fileDescriptor(stream: NodeJS.WritableStream): number | undefined {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number' || isTty(stream)) return undefined;
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || (stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev)) return fd;
  } catch {
    // Not a descriptor we can look at: the stream writes it.
  }
  return undefined;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return Boolean((stream as NodeJS.WriteStream).isTTY);
}
