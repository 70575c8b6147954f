// Gathers the notifications to replay from one source (Apple's history, a `history --json` file, a
// `listen --save` folder) into the spool: each notificationUUID once, with what it is and where it
// was read. Inputs that hold no notification are kept as problems, named by line or file.
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryPage } from '../api/history.js';
import { notificationBody } from '../delivery/deliver.js';
import { readLines, MAX_LINE_LENGTH } from '../jws/input.js';
import { inputProblem, notificationFacts, type InputProblem, type NotificationFacts } from './notification.js';
import type { Spool, SpoolPlace } from './spool.js';

export interface ReplayItem extends NotificationFacts {
  /** Where it was read: `history page 2`, `line 12`, or a file name. */
  from: string;
  /** The exact body to POST, in the spool. */
  body: SpoolPlace;
}

export interface BadInput {
  from: string;
  problem: InputProblem;
}

/** Bad inputs kept to show; more are only counted. */
export const MAX_BAD_KEPT = 1000;

/** A file in a `listen --save` folder larger than this is not a notification body. */
export const MAX_SAVED_BODY_BYTES = 4 * 1024 * 1024;

export class Collection {
  readonly items: ReplayItem[] = [];
  readonly bad: BadInput[] = [];
  badCount = 0;
  duplicates = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly spool: Spool) {}

  /** Adds a notification (its body exactly as it will be sent); a notificationUUID seen before is counted, not kept. */
  async add(facts: NotificationFacts, body: Buffer, from: string): Promise<void> {
    if (this.seen.has(facts.notificationUUID)) {
      this.duplicates += 1;
      return;
    }
    this.seen.add(facts.notificationUUID);
    this.items.push({ ...facts, from, body: await this.spool.append(body) });
  }

  addBad(from: string, problem: InputProblem): void {
    this.badCount += 1;
    if (this.bad.length < MAX_BAD_KEPT) this.bad.push({ from, problem });
  }

  /** Adds the notification in `signedPayload`, sent in Apple's body, or a problem when it is none. */
  async addSignedPayload(signedPayload: string, from: string, body?: Buffer): Promise<void> {
    const read = notificationFacts(signedPayload);
    if (!read.ok) return this.addBad(from, read.problem);
    await this.add(read.facts, body ?? Buffer.from(notificationBody(signedPayload)), from);
  }
}

/** Every item of every page of Get Notification History. `onPage` sees each page as it arrives (progress). */
export async function collectHistory(pages: AsyncIterable<HistoryPage>, into: Collection, onPage?: (page: HistoryPage) => void): Promise<number> {
  let count = 0;
  for await (const page of pages) {
    for (const [i, item] of page.items.entries()) {
      count += 1;
      await into.addSignedPayload(item.signedPayload, `history page ${page.page} item ${i + 1}`);
    }
    onPage?.(page);
  }
  return count;
}

/**
 * A saved stream, one record a line: `history --json` (notification lines carry `signedPayload`; the
 * summary is skipped), `listen --json` (request lines with a `signedPayload`), notification bodies, or
 * bare JWS lines. Lines that are some other record of those streams are skipped; anything else is a
 * problem named by its line number. Read as a stream: memory does not grow with the file.
 */
export async function collectFile(path: string, into: Collection): Promise<void> {
  const handle = await open(path, 'r');
  // The stream owns the handle and closes it.
  const stream = handle.createReadStream({ encoding: 'utf8', highWaterMark: 1 << 20 });
  let n = 0;
  try {
    for await (const line of readLines(stream as AsyncIterable<string>)) {
      n += 1;
      const from = `line ${n}`;
      if (typeof line !== 'string') {
        into.addBad(from, inputProblem('replay.input.line-too-long', { limit: MAX_LINE_LENGTH / 1024 / 1024 }));
        continue;
      }
      const read = signedPayloadOfLine(line);
      if (read.kind === 'skip') continue;
      if (read.kind === 'bad') into.addBad(from, read.problem);
      else await into.addSignedPayload(read.signedPayload, from);
    }
  } finally {
    stream.destroy();
  }
}

type LineRead = { kind: 'skip' } | { kind: 'bad'; problem: InputProblem } | { kind: 'payload'; signedPayload: string };

export function signedPayloadOfLine(line: string): LineRead {
  const text = line.trim();
  if (text === '') return { kind: 'skip' };
  if (text.startsWith('eyJ')) return { kind: 'payload', signedPayload: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { kind: 'bad', problem: inputProblem('replay.input.not-json', { reason: (err as Error).message }) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'bad', problem: inputProblem('replay.input.not-a-record') };
  const record = value as Record<string, unknown>;
  if (typeof record.signedPayload === 'string') return { kind: 'payload', signedPayload: record.signedPayload };
  if (isOtherRecord(record)) return { kind: 'skip' };
  if ('notification_type' in record) return { kind: 'bad', problem: inputProblem('replay.input.v1') };
  return { kind: 'bad', problem: inputProblem('replay.input.no-signed-payload') };
}

/** The lines of our own streams that are not notifications: summaries, listen's first line and requests without a body, errors. */
function isOtherRecord(r: Record<string, unknown>): boolean {
  return r.kind === 'summary' || r.event === 'listening' || r.event === 'request' || (r.ok === false && typeof r.error === 'object');
}

/** Reads a --from path: a folder is what `listen --save` kept, anything else a saved stream. Throws the file system's error. */
export async function collectFrom(path: string, into: Collection): Promise<'file' | 'folder'> {
  const isFolder = (await stat(path)).isDirectory();
  if (isFolder) await collectFolder(path, into);
  else await collectFile(path, into);
  return isFolder ? 'folder' : 'file';
}

/**
 * What `listen --save` kept: one file per notification body, sent again exactly as it arrived. Files
 * are read in name order (their names start with the time they arrived); hidden files (a write in
 * progress) are not notifications.
 */
export async function collectFolder(dir: string, into: Collection): Promise<void> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    if (!entry.isFile()) continue;
    const body = await readSavedBody(join(dir, entry.name));
    if (!body.ok) {
      into.addBad(entry.name, body.problem);
      continue;
    }
    const text = body.bytes.toString('utf8');
    const read = signedPayloadOfLine(text);
    // A body as listen kept it goes out as it arrived; a bare JWS someone saved goes out in Apple's body.
    if (read.kind === 'payload') await into.addSignedPayload(read.signedPayload, entry.name, text.trimStart().startsWith('{') ? body.bytes : undefined);
    else into.addBad(entry.name, read.kind === 'bad' ? read.problem : inputProblem('replay.input.empty'));
  }
}

async function readSavedBody(path: string): Promise<{ ok: true; bytes: Buffer } | { ok: false; problem: InputProblem }> {
  try {
    const handle = await open(path, 'r');
    try {
      const size = (await handle.stat()).size;
      if (size > MAX_SAVED_BODY_BYTES) return { ok: false, problem: inputProblem('replay.input.too-large', { limit: MAX_SAVED_BODY_BYTES / 1024 / 1024 }) };
      return { ok: true, bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { ok: false, problem: inputProblem('replay.input.unreadable', { code: (err as NodeJS.ErrnoException).code ?? (err as Error).message }) };
  }
}
