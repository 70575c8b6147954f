// history's table fits the width it is given: 80 columns holds Apple's longest names, and a wide
// terminal gets one line per notification.
import { Chalk } from 'chalk';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tableHeader, tableRow, WIDE_TABLE_COLUMNS } from '../../src/commands/history/table.js';
import { Output } from '../../src/report/output.js';

const c = new Chalk({ level: 1 });
const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
const longest = {
  date: Date.UTC(2026, 10, 1, 8, 0, 0, 123),
  label: 'DID_CHANGE_RENEWAL_STATUS/AUTO_RENEW_DISABLED',
  uuid: '0b090c8b-307e-43fa-b976-92a4090267a2',
  lastResult: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE',
  attempts: 12,
  verified: false,
};

describe('history table', () => {
  it('at 80 columns no line passes 80, even with the longest type and result, and nothing is dropped', () => {
    const lines = [...tableHeader(80, c), ...tableRow(longest, 80, c)];
    for (const l of lines) expect(visible(l), l).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    for (const part of [longest.label, longest.uuid, longest.lastResult, '12', 'unverified', '2026-11-01T08:00:00Z']) expect(text).toContain(part);
  });

  it('on a wide terminal, one line per notification', () => {
    expect(tableHeader(WIDE_TABLE_COLUMNS, c)).toHaveLength(1);
    const [line, ...rest] = tableRow({ ...longest, verified: true }, WIDE_TABLE_COLUMNS, c);
    expect(rest).toEqual([]);
    expect(visible(line!)).toBeLessThanOrEqual(WIDE_TABLE_COLUMNS);
    expect(line).toContain('2026-11-01T08:00:00.123Z');
  });

  it('takes the width from the terminal, else $COLUMNS, else 80', () => {
    const pipe = new PassThrough();
    expect(new Output({ json: false, debug: false, stdout: pipe, env: {} }).columns()).toBe(80);
    expect(new Output({ json: false, debug: false, stdout: pipe, env: { COLUMNS: '132' } }).columns()).toBe(132);
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    expect(new Output({ json: false, debug: false, stdout: tty, env: { COLUMNS: '132' } }).columns()).toBe(200);
  });
});
