// replay's lines, laid out like history's table (src/commands/history/table.ts): one line per
// notification on a wide terminal, two lines within 80 columns anywhere else (a pipe, a file).
import type { ChalkInstance } from 'chalk';
import { dateCell, NARROW_DATE, RESULT_WIDTH, TYPE_WIDTH, UUID_WIDTH, WIDE_DATE } from '../history/table.js';
import { safeText } from '../../report/terminal-text.js';

export interface ReplayRow {
  signedDate: number;
  label: string;
  uuid: string;
  /** The sendAttemptResult, or `to send` on a dry run. */
  result: string;
  /** Delivered, failed, or null on a dry run (nothing sent). */
  ok: boolean | null;
  /** `200`, or `-` when the handler never answered; empty on a dry run. */
  status: string;
  /** `12 ms`; empty on a dry run. */
  time: string;
}

const STATUS_WIDTH = 6;
const TIME_WIDTH = 9;
export const WIDE_REPLAY_COLUMNS = WIDE_DATE + 2 + TYPE_WIDTH + 2 + UUID_WIDTH + 2 + RESULT_WIDTH + 2 + STATUS_WIDTH + 2 + TIME_WIDTH;

export function replayHeader(columns: number, c: ChalkInstance): string[] {
  if (columns >= WIDE_REPLAY_COLUMNS) {
    return [c.dim(`${'SIGNED'.padEnd(WIDE_DATE)}  ${'TYPE/SUBTYPE'.padEnd(TYPE_WIDTH)}  ${'NOTIFICATION UUID'.padEnd(UUID_WIDTH)}  ${'RESULT'.padEnd(RESULT_WIDTH)}  ${'STATUS'.padEnd(STATUS_WIDTH)}  TIME`)];
  }
  return [c.dim(`${'SIGNED'.padEnd(NARROW_DATE)}  ${'TYPE/SUBTYPE'.padEnd(TYPE_WIDTH)}  TIME`), c.dim(`  ${'RESULT'.padEnd(RESULT_WIDTH)}  STATUS  NOTIFICATION UUID`)];
}

export function replayRow(row: ReplayRow, columns: number, c: ChalkInstance): string[] {
  const label = safeText(row.label, { max: TYPE_WIDTH }).padEnd(TYPE_WIDTH);
  const uuid = safeText(row.uuid, { max: UUID_WIDTH });
  const resultText = row.result.padEnd(RESULT_WIDTH);
  const result = row.ok === null ? resultText : row.ok ? c.green(resultText) : c.red(resultText);
  if (columns >= WIDE_REPLAY_COLUMNS) {
    return [`${dateCell(row.signedDate, false).padEnd(WIDE_DATE)}  ${label}  ${uuid.padEnd(UUID_WIDTH)}  ${result}  ${row.status.padEnd(STATUS_WIDTH)}  ${row.time}`.trimEnd()];
  }
  return [`${dateCell(row.signedDate, true).padEnd(NARROW_DATE)}  ${label}  ${row.time}`.trimEnd(), `  ${result}  ${row.status.padEnd(STATUS_WIDTH)}  ${uuid}`];
}
