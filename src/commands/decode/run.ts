// decode: read the input (argument, stdin or file), stream items through the verifier, print each
// (human, one JSON document, or NDJSON for several), and exit 0 verified / 1 not verified / 2 not a payload.
import { closeSync, createReadStream, existsSync, fstatSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../context.js';
import type { DecodeArgs, DecodeOptions } from './define.js';
import { APPLE_ENVIRONMENT_NAME } from '../options/index.js';
import { ExitCode, UsageError } from '../../errors.js';
import { fileProblemText, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { UserFileError, userFileErrorFrom } from '../../util/user-file.js';
import {
  decodeItem,
  itemFailed,
  isObject,
  itemsFromLines,
  itemsFromText,
  readLines,
  renderSignedData,
  resultJson,
  type DecodedItem,
  type InputItem,
  type OverlongLine,
  type SignedDataResult,
  type VerifyOptions,
} from '../../jws/index.js';
import type { DecodeJson, DecodeRecord } from '../../json/index.js';
import { readRootFiles } from '../../jws/roots.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import { isoWithAge, plural } from '../../report/format.js';
import { safeMessage, safeText } from '../../report/terminal-text.js';

type DecodeContext = CommandContext<DecodeOptions, DecodeArgs>;

export async function run(ctx: DecodeContext): Promise<number> {
  const opts = await verifyOptions(ctx);
  const items = inputItems(ctx);
  const out = ctx.out;
  // Loud on stderr too, so it is seen with --json and in CI logs.
  if (opts.verify === false) out.warn(diagnostic('jws.verify.disabled').title);
  else if (opts.environment === 'Xcode' || opts.environment === 'LocalTesting') {
    out.warn(diagnostic('jws.verify.xcode', { environment: opts.environment, flag: opts.environment.toLowerCase() }).title);
  }
  const c = out.c;
  const verbose = ctx.opts.verbose === true;

  let first: DecodedItem | undefined;
  let count = 0;
  const tally = { verified: 0, notVerified: 0, notPayload: 0 };
  const emit = (d: DecodedItem, many: boolean) => {
    if (out.json) {
      out.raw(`${recordJson(d)}\n`);
      return;
    }
    if (many) out.line(c.bold(`── ${safeText(d.source)} ${'─'.repeat(Math.max(0, 60 - d.source.length))}`));
    for (const l of itemLines(d)) out.line(l);
    if (many) out.line('');
  };
  const errorLines = (e: { message: string; fix: string }) => [`${c.red('not a payload')}: ${safeMessage(e.message)}`, `  ${c.cyan('fix:')} ${safeMessage(e.fix)}`];
  // Rendered whole before anything is printed, so a fault on one item cannot leave half of it on screen.
  const itemLines = (d: DecodedItem): string[] => {
    if ('error' in d) return errorLines(d.error);
    try {
      return [...renderSignedData(d.result, c, { verbose }), ...sendAttemptLines(d.sendAttempts, c)];
    } catch (err) {
      return errorLines(itemFailed(d.source, err).error);
    }
  };

  for await (const item of items) {
    if (ctx.signal.aborted) break;
    const d = await decodeItem(item, opts);
    count++;
    if ('error' in d) tally.notPayload++;
    else if (d.result.ok) tally.verified++;
    else tally.notVerified++;
    if (count === 1) {
      first = d;
      continue;
    }
    if (count === 2) emit(first!, true);
    emit(d, true);
    // A reader slower than the verifier (a pipe) holds the batch back: memory stays bounded.
    await out.drained();
  }

  if (count === 1 && first) {
    if ('error' in first) {
      throw new UsageError({ code: first.error.code, message: first.error.message, fix: first.error.fix });
    }
    if (out.json) out.result('decode', documentOf(first.result, first.sendAttempts));
    else emit(first, false);
    return first.result.ok ? ExitCode.ok : ExitCode.problem;
  }
  if (!out.json) {
    out.line(
      `${plural(count, 'item')}: ${c.green(`${tally.verified} verified`)}, ${tally.notVerified ? c.red(`${tally.notVerified} not verified`) : '0 not verified'}, ${tally.notPayload ? c.red(plural(tally.notPayload, 'not a payload', 'not payloads')) : '0 not payloads'}`,
    );
  }
  if (tally.notPayload) return ExitCode.usage;
  return tally.notVerified ? ExitCode.problem : ExitCode.ok;
}

/** The send attempts of a status or history item, as Apple recorded them (shown after the payload). */
function sendAttemptLines(attempts: unknown, c: CommandContext['out']['c']): string[] {
  if (!Array.isArray(attempts)) return [];
  const lines = ['', `Send attempts (${attempts.length})`];
  if (!attempts.length) lines.push(c.dim('  none recorded'));
  for (const a of attempts) {
    const date = isObject(a) && typeof a.attemptDate === 'number' ? isoWithAge(a.attemptDate) : '(no attemptDate)';
    const result = isObject(a) && typeof a.sendAttemptResult === 'string' ? a.sendAttemptResult : JSON.stringify(isObject(a) ? a.sendAttemptResult : a);
    lines.push(`  ${date}  ${result === 'SUCCESS' ? c.green(result) : c.red(safeText(String(result), { max: 60 }))}`);
  }
  return lines;
}

/** One item alone: the result, and the send attempts the input gave beside it. */
function documentOf(result: SignedDataResult, sendAttempts: unknown): DecodeJson {
  return sendAttempts === undefined ? { ...result } : { ...result, sendAttempts };
}

/**
 * One NDJSON line of a batch: the text of JSON.stringify(recordOf(d)) to the byte (test/jws/json.test.ts),
 * written without building that object and without serialising again what payloads of one chain share.
 */
function recordJson(d: DecodedItem): string {
  if ('error' in d) return JSON.stringify(recordOf(d));
  return resultJson(d.result, d.source, d.sendAttempts === undefined ? undefined : { sendAttempts: d.sendAttempts });
}

/** One item of several: the same, with where it came from first; or why it is not a payload. */
function recordOf(d: DecodedItem): DecodeRecord {
  if ('error' in d) return { ok: false, source: d.source, error: d.error };
  return d.sendAttempts === undefined ? { source: d.source, ...d.result } : { source: d.source, ...d.result, sendAttempts: d.sendAttempts };
}

async function verifyOptions(ctx: DecodeContext): Promise<VerifyOptions> {
  const o = ctx.opts;
  const opts: VerifyOptions = { verify: o.verify, online: o.online === true };
  if (o.at !== undefined) opts.at = o.at;
  if (o.bundleId !== undefined) opts.bundleId = o.bundleId;
  if (o.appAppleId !== undefined) opts.appAppleId = o.appAppleId;
  if (o.env !== undefined) opts.environment = APPLE_ENVIRONMENT_NAME[o.env];
  const roots = await readRootFiles(o.root, ctx.cwd);
  if (roots) opts.roots = roots;
  return opts;
}

/** Items from the positional argument, --file, or stdin; files and stdin are streamed line by line. */
function inputItems(ctx: DecodeContext): AsyncIterable<InputItem> {
  const [arg] = ctx.args;
  const file = ctx.opts.file;
  if (typeof file === 'string') {
    if (typeof arg === 'string') throw usageErrorFrom('decode.two-inputs');
    return itemsFromLines(lineReader(openFile(resolve(ctx.cwd, file), file, ctx.cwd)));
  }
  if (typeof arg === 'string' && arg !== '-') {
    // `decode payload.jws` is common enough: an argument that names a file is read; one that looks like
    // a path but names nothing gets "no such file", not "neither a compact JWS nor JSON".
    if (looksLikePath(arg)) {
      const path = resolve(ctx.cwd, arg);
      if (existsSync(path) || !looksLikePayload(arg)) return itemsFromLines(lineReader(openFile(path, arg, ctx.cwd)));
    }
    return fromArray(itemsFromText(arg, 'argument'));
  }
  if (ctx.stdin.isTTY) {
    throw usageErrorFrom('decode.no-input');
  }
  return itemsFromLines(lineReader(ctx.stdin));
}

/** One token without quotes, braces or spaces, short enough to be a path. */
function looksLikePath(arg: string): boolean {
  return arg.length < 4096 && /^[^\s"'{[][^\s]*$/.test(arg);
}

/** Text that is (or starts) a payload rather than a file name: a JWS, or base64url with dots. */
function looksLikePayload(arg: string): boolean {
  return arg.startsWith('eyJ') || (!/[/\\]/.test(arg) && !/\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(arg));
}

/** Opens a file the user named; the error says in plain words why it cannot be read. */
function openFile(path: string, shown: string, cwd?: string): NodeJS.ReadableStream {
  let fd: number;
  try {
    fd = openSync(path, 'r');
    if (fstatSync(fd).isDirectory()) {
      closeSync(fd);
      throw new UserFileError('is-directory', shown, 'EISDIR');
    }
  } catch (err) {
    const problem = userFileErrorFrom(err, shown);
    if (problem.problem === 'missing') throw usageErrorFrom('decode.no-such-file', { file: shown, cwd: cwd ?? process.cwd() });
    throw usageErrorFrom('decode.file-unreadable', { file: shown, reason: fileProblemText(problem) });
  }
  // 64 KB reads: Node turns the text of a chunk over ~1 MB into an external string that only a full
  // collection frees, so 1 MB reads held ~70 MB more (peak RSS 155 MB at 10k lines, 174 MB at 40k,
  // against 100 MB at both) and took over twice the CPU to read and decode (docs/benchmarks.md).
  return createReadStream(path, { fd, encoding: 'utf8', highWaterMark: 1 << 16 });
}

function lineReader(stream: NodeJS.ReadableStream): AsyncIterable<string | OverlongLine> {
  // Decode as UTF-8 in the stream, so a character split across chunks stays whole.
  stream.setEncoding('utf8');
  return readLines(stream as AsyncIterable<string>);
}

async function* fromArray<T>(xs: T[]): AsyncGenerator<T> {
  yield* xs;
}
