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

export interface SpinnerOptions {
  /** Append the seconds since the spinner started, counted on even while nothing else changes (a hanging request). */
  elapsed?: boolean;
}

/** A one-line progress display (count, rate, failures) kept at the bottom of an interactive stderr. */
export interface Progress {
  /** The new text; drawn at once or within a tenth of a second. */
  update(text: string): void;
  /** Clears the line for good. */
  stop(): void;
}

/** How often a progress line is redrawn at most. */
const PROGRESS_REDRAW_MS = 100;
const CLEAR_LINE = '\r\x1b[2K';

/** Spinners and progress lines on screen now, so an interrupt can clear them before the process leaves. */
const activeSpinners = new Set<Spinner | Progress>();

/** Clears every spinner on screen (and shows the cursor again). Called on Ctrl-C and SIGTERM. */
export function stopAllSpinners(): void {
  for (const s of [...activeSpinners]) s.stop();
}

/**
 * `Documents` maps each command to the type of its one --json document, `Records` to the type of one of
 * its NDJSON lines: commands get an Output typed with the contract in src/json/, so `result` and
 * `record` accept only what that command declares.
 */
export class Output<Documents extends object = Record<never, never>, Records extends object = Record<never, never>> {
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
  private readonly env: NodeJS.ProcessEnv;

  constructor(opts: OutputOptions) {
    const env = opts.env ?? process.env;
    this.env = env;
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

  /**
   * How wide stdout is: the terminal's width, else $COLUMNS, else 80 (a pipe or a file is read by
   * someone, later, on some terminal).
   */
  columns(): number {
    const tty = (this.out as NodeJS.WriteStream).isTTY ? (this.out as NodeJS.WriteStream).columns : undefined;
    if (tty && tty > 0) return tty;
    const fromEnv = Number(this.env.COLUMNS);
    return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  }

  /** A line of human output on stdout. Ignored in --json mode so stdout stays one JSON document. */
  line(text = ''): void {
    if (this.json) return;
    this.aroundProgress(() => this.out.write(`${terminalSafeLine(text)}\n`));
  }

  /** Raw text on stdout, printed in every mode (e.g. the JWT from `token`). */
  raw(text: string): void {
    // Node writes a file with writeSync too, but copies each string into a new Buffer first: for the
    // MBs of a batch's NDJSON that copy costs more than the write.
    if (this.fileFd !== undefined) writeSync(this.fileFd, text);
    else this.out.write(text);
  }

  /** The one JSON document of a command, of the type declared for that command. */
  result<C extends keyof Documents>(_command: C, document: Documents[C]): void {
    this.out.write(`${JSON.stringify(document, null, 2)}\n`);
  }

  /** One NDJSON line of a streaming command (batch decode, listen, history, emulator), of its declared type. */
  record<C extends keyof Records>(_command: C, line: Records[C]): void {
    this.out.write(`${JSON.stringify(line)}\n`);
  }

  private drainWait: Promise<void> | undefined;

  /**
   * Resolves once stdout has taken what was written: at once, unless a reader slower than the command
   * (a pipe into a slow consumer) left it buffering. Streaming commands wait for it before producing
   * more, so their memory stays bounded whatever the reader does.
   */
  drained(): Promise<void> {
    const out = this.out as NodeJS.WritableStream & { writableNeedDrain?: boolean };
    if (!out.writableNeedDrain) return Promise.resolve();
    this.drainWait ??= new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        this.drainWait = undefined;
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
    return this.drainWait;
  }

  /** A note for the human on stderr (progress, warnings). */
  note(text: string): void {
    this.aroundProgress(() => this.err.write(`${terminalSafeLine(text)}\n`));
  }

  warn(text: string): void {
    this.aroundProgress(() => this.err.write(`${this.ce.yellow('warning:')} ${terminalSafeLine(text)}\n`));
  }

  /** A warning check (e.g. a credential's): its title, and its fix on the line below. */
  warnCheck(check: { title: string; fix?: string | undefined }): void {
    this.warn(check.fix ? `${check.title}\n  fix: ${check.fix}` : check.title);
  }

  /** --debug only; secrets are redacted. */
  debug(text: string): void {
    if (!this.debugEnabled) return;
    this.err.write(`${this.ce.gray(`debug: ${terminalSafeLine(redact(text))}`)}\n`);
  }

  private progressLine: ProgressLine | undefined;

  /** Clears the progress line (if one is on screen), writes, and draws it again below what was written. */
  private aroundProgress(write: () => void): void {
    const p = this.progressLine;
    if (p?.drawn) {
      this.err.write(CLEAR_LINE);
      p.drawn = false;
    }
    write();
    p?.redraw();
  }

  /**
   * A progress line on an interactive stderr, not with --json (like spinners); does nothing elsewhere.
   * Redrawn at most ten times a second, cut to the terminal's width; lines printed while it shows
   * appear above it. One at a time.
   */
  progress(text: string): Progress {
    const columns = (this.err as NodeJS.WriteStream).columns ?? 0;
    if (!this.interactive || this.json || columns <= 0 || this.progressLine) return { update: () => undefined, stop: () => undefined };
    let lastDraw = 0;
    let timer: NodeJS.Timeout | undefined;
    const line: ProgressLine = {
      text: terminalSafeLine(text),
      drawn: false,
      redraw: () => {
        lastDraw = performance.now();
        const width = Math.max(1, ((this.err as NodeJS.WriteStream).columns ?? columns) - 1);
        this.err.write(`${CLEAR_LINE}${line.text.slice(0, width)}`);
        line.drawn = true;
      },
    };
    this.progressLine = line;
    line.redraw();
    const progress: Progress = {
      update: (t: string) => {
        line.text = terminalSafeLine(t);
        if (timer) return;
        const wait = lastDraw + PROGRESS_REDRAW_MS - performance.now();
        if (wait <= 0) line.redraw();
        else {
          timer = setTimeout(() => {
            timer = undefined;
            if (this.progressLine === line) line.redraw();
          }, wait);
          timer.unref();
        }
      },
      stop: () => {
        if (!activeSpinners.delete(progress)) return;
        if (timer) clearTimeout(timer);
        if (line.drawn) this.err.write(CLEAR_LINE);
        this.progressLine = undefined;
      },
    };
    activeSpinners.add(progress);
    return progress;
  }

  /** A spinner on an interactive stderr; plain notes elsewhere. ora is loaded only when used. */
  async spinner(text: string, opts: SpinnerOptions = {}): Promise<Spinner> {
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
    // discardStdin would put the terminal in raw mode for the spinner's lifetime, and its reader of that
    // raw input never starts (stdin is not flowing): Ctrl-C would then never become SIGINT at all.
    const s = ora({
      text: terminalSafeLine(text),
      stream: this.err as NodeJS.WriteStream,
      discardStdin: false,
      // Whether this is an interactive terminal was decided above from our own env (CI included);
      // ora would decide again from process.env and draw nothing but a first line under CI=1.
      isEnabled: true,
      ...(coloured ? {} : { color: false as const }),
    }).start();
    const started = performance.now();
    let base = text;
    const render = () => {
      const seconds = Math.floor((performance.now() - started) / 1000);
      s.text = terminalSafeLine(opts.elapsed && seconds > 0 ? `${base} · ${seconds} s` : base);
    };
    render();
    const ticker = opts.elapsed ? setInterval(render, 1000) : undefined;
    ticker?.unref();
    const end = (finish: () => void) => {
      if (!activeSpinners.delete(spinner)) return;
      if (ticker) clearInterval(ticker);
      finish();
    };
    const spinner: Spinner = {
      update: (t: string) => {
        base = t;
        render();
      },
      succeed: (t?: string) => end(() => s.stopAndPersist({ symbol: this.ce.green('✔'), ...(t ? { text: terminalSafeLine(t) } : {}) })),
      fail: (t?: string) => end(() => s.stopAndPersist({ symbol: this.ce.red('✖'), ...(t ? { text: terminalSafeLine(t) } : {}) })),
      stop: () => end(() => s.stop()),
    };
    activeSpinners.add(spinner);
    return spinner;
  }
}

/** The progress line on screen, if any: lines printed meanwhile go above it. */
interface ProgressLine {
  text: string;
  drawn: boolean;
  redraw(): void;
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
