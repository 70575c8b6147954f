// `replay --state FILE`: what this replay has already delivered, so a second run sends only what is
// left. The whole file is rewritten atomically (src/util/atomic-write.ts) after each answer, before
// the next notification goes out: whatever stops the run, the file is the one before or the one after
// an answer, and only a notification whose answer was not yet written can be sent twice. A file that
// is not such a record is refused and never written over.
import { writeFileAtomic } from '../util/atomic-write.js';
import { readUserFile, userFileErrorFrom } from '../util/user-file.js';
import { isSendAttemptResult, type SendAttemptResult } from '../apple/send-attempt-result.js';
import { fileProblemText, usageErrorFrom } from '../report/diagnostics/errors.js';
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../report/diagnostics/index.js';

/** The marker and format version of a state file. */
const FORMAT = 'asn-doctor replay state';
const VERSION = 1;
/** Far above any real replay (a million notifications are about 130 MB of state). */
export const STATE_FILE_MAX_BYTES = 512 * 1024 * 1024;

export interface StateEntry {
  result: SendAttemptResult;
  /** The handler's status; null when it never answered. */
  status: number | null;
  signedDate: number;
  /** When the answer came (ISO 8601). */
  at: string;
}

export class ReplayState {
  private readonly entries: Map<string, StateEntry>;
  private version = 0;
  private written = 0;
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    /** The handler the recorded deliveries went to. */
    readonly url: string | undefined,
    entries: Map<string, StateEntry>,
  ) {
    this.entries = entries;
  }

  /**
   * The state kept in `path` (an empty state when there is no such file yet). `url` is where this run
   * sends: a file recording deliveries to another handler is refused, as is a file that cannot be read
   * or is not a state file.
   */
  static load(path: string, shown: string, url: string | undefined): ReplayState {
    let text: string;
    try {
      text = readUserFile(path, STATE_FILE_MAX_BYTES).bytes.toString('utf8');
    } catch (err) {
      const problem = userFileErrorFrom(err, shown);
      if (problem.problem === 'missing' && problem.code === 'ENOENT') return new ReplayState(path, url, new Map());
      throw usageErrorFrom('replay.state.unreadable', { file: shown, reason: fileProblemText(problem) });
    }
    const parsed = parseState(text);
    if ('why' in parsed) throw usageErrorFrom('replay.state.corrupt', { file: shown, reason: diagnostic(parsed.why, parsed.vars).title });
    if (url !== undefined && parsed.url !== url) throw usageErrorFrom('replay.state.other-target', { file: shown, recorded: parsed.url, url });
    return new ReplayState(path, parsed.url, parsed.entries);
  }

  /** True when an earlier run delivered this notification (its handler answered SUCCESS). */
  delivered(notificationUUID: string): boolean {
    return this.entries.get(notificationUUID)?.result === 'SUCCESS';
  }

  /** Writes the file as it is now (creating it): done before the first delivery, so a folder that cannot take it stops the run first. */
  save(url: string): Promise<void> {
    return this.record(url);
  }

  /**
   * Records an answer and resolves once a file holding it is in place. Answers that arrive while a
   * write is under way are written together by the next one; a failed write rejects every later call.
   */
  record(url: string, notificationUUID?: string, entry?: StateEntry): Promise<void> {
    if (notificationUUID !== undefined && entry) this.entries.set(notificationUUID, entry);
    this.version += 1;
    const wanted = this.version;
    this.chain = this.chain.then(async () => {
      if (this.written >= wanted) return;
      const snapshot = this.version;
      await writeFileAtomic(this.path, serialise(url, this.entries), { mode: 0o600 });
      this.written = snapshot;
    });
    return this.chain;
  }
}

/** One entry a line, so the file reads (and diffs) well; still one JSON document. */
function serialise(url: string, entries: Map<string, StateEntry>): string {
  const lines = [...entries].map(([uuid, e]) => `    ${JSON.stringify(uuid)}: ${JSON.stringify(e)}`);
  const head = [`  "format": ${JSON.stringify(FORMAT)}`, `  "version": ${VERSION}`, `  "url": ${JSON.stringify(url)}`, `  "updatedAt": ${JSON.stringify(new Date().toISOString())}`];
  const body = lines.length ? `{\n${lines.join(',\n')}\n  }` : '{}';
  return `{\n${head.join(',\n')},\n  "notifications": ${body}\n}\n`;
}

/** The state in a file's text, or why it is not a state file (a registry id). */
function parseState(text: string): { url: string; entries: Map<string, StateEntry> } | { why: DiagnosticId; vars?: DiagnosticVars } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return text.trim() === '' ? { why: 'replay.state.why.empty' } : { why: 'replay.state.why.not-json', vars: { message: (err as Error).message } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { why: 'replay.state.why.not-object' };
  const v = value as Record<string, unknown>;
  if (v.format !== FORMAT) return { why: 'replay.state.why.format', vars: { format: FORMAT } };
  if (v.version !== VERSION) return { why: 'replay.state.why.version', vars: { version: JSON.stringify(v.version) ?? 'none', supported: VERSION } };
  if (typeof v.url !== 'string' || !URL.canParse(v.url)) return { why: 'replay.state.why.url' };
  const list = v.notifications;
  if (list === null || typeof list !== 'object' || Array.isArray(list)) return { why: 'replay.state.why.notifications' };
  const entries = new Map<string, StateEntry>();
  for (const [uuid, raw] of Object.entries(list)) {
    const e = raw as Partial<StateEntry> | null;
    if (
      e === null ||
      typeof e !== 'object' ||
      !isSendAttemptResult(e.result) ||
      !(e.status === null || (typeof e.status === 'number' && Number.isInteger(e.status))) ||
      typeof e.signedDate !== 'number' ||
      typeof e.at !== 'string'
    ) {
      return { why: 'replay.state.why.entry', vars: { uuid: JSON.stringify(uuid.slice(0, 80)) } };
    }
    entries.set(uuid, { result: e.result, status: e.status, signedDate: e.signedDate, at: e.at });
  }
  return { url: v.url, entries };
}
