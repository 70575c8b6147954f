// history's table. On a wide terminal one line per notification; anything narrower (a pipe is read as
// 80 columns, or $COLUMNS) gets two lines per notification, so no line passes 80 columns whatever the
// type, subtype or result: Apple's longest names (DID_CHANGE_RENEWAL_STATUS/AUTO_RENEW_DISABLED,
// UNSUCCESSFUL_HTTP_RESPONSE_CODE) and a UUID do not fit one 80-column line together.
import type { ChalkInstance } from 'chalk';
import { isoDate } from '../../report/format.js';
import { safeText } from '../../report/terminal-text.js';

export interface HistoryRow {
  date?: number;
  label: string;
  uuid: string;
  lastResult: string;
  attempts: number;
  verified: boolean;
}

/** Longest notificationType/subtype pair Apple defines, and longest sendAttemptResult. */
const TYPE_WIDTH = 45;
const RESULT_WIDTH = 31;
const UUID_WIDTH = 36;
const WIDE_DATE = 24;
const NARROW_DATE = 20;

/** One line per notification needs this many columns. */
export const WIDE_TABLE_COLUMNS = WIDE_DATE + 2 + TYPE_WIDTH + 2 + UUID_WIDTH + 2 + RESULT_WIDTH + 2 + 'ATTEMPTS'.length;

export function tableHeader(columns: number, c: ChalkInstance): string[] {
  if (columns >= WIDE_TABLE_COLUMNS) {
    return [c.dim(`${'DATE'.padEnd(WIDE_DATE)}  ${'TYPE/SUBTYPE'.padEnd(TYPE_WIDTH)}  ${'NOTIFICATION UUID'.padEnd(UUID_WIDTH)}  ${'LAST RESULT'.padEnd(RESULT_WIDTH)}  ATTEMPTS`)];
  }
  return [c.dim(`${'DATE'.padEnd(NARROW_DATE)}  ${'TYPE/SUBTYPE'.padEnd(TYPE_WIDTH)}  ATTEMPTS`), c.dim(`  ${'LAST RESULT'.padEnd(RESULT_WIDTH)}  NOTIFICATION UUID`)];
}

export function tableRow(row: HistoryRow, columns: number, c: ChalkInstance): string[] {
  const label = safeText(row.label, { max: TYPE_WIDTH }).padEnd(TYPE_WIDTH);
  const uuid = safeText(row.uuid, { max: UUID_WIDTH });
  const resultText = safeText(row.lastResult, { max: RESULT_WIDTH }).padEnd(RESULT_WIDTH);
  const result = row.lastResult === 'SUCCESS' ? c.green(resultText) : c.red(resultText);
  if (columns >= WIDE_TABLE_COLUMNS) {
    const flag = row.verified ? '' : c.yellow('  unverified');
    return [`${dateCell(row.date, false).padEnd(WIDE_DATE)}  ${label}  ${uuid.padEnd(UUID_WIDTH)}  ${result}  ${row.attempts}${flag}`];
  }
  const lines = [`${dateCell(row.date, true).padEnd(NARROW_DATE)}  ${label}  ${row.attempts}`, `  ${result}  ${uuid}`];
  if (!row.verified) lines.push(`  ${c.yellow('unverified')}`);
  return lines;
}

/** ISO 8601 in UTC (isoDate never throws on a value no date can hold); the narrow form drops the milliseconds. */
function dateCell(ms: number | undefined, narrow: boolean): string {
  if (ms === undefined) return '-';
  const iso = isoDate(ms);
  return narrow ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
}
