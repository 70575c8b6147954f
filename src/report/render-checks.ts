// Human rendering of check lists, flutter-doctor style: one line per check, the fix under it.
import type { ChalkInstance } from 'chalk';
import type { Check, CheckStatus } from './check.js';
import { safeMessage } from './terminal-text.js';

const ICON: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', info: 'i', skip: '-' };

export function statusIcon(status: CheckStatus, c: ChalkInstance): string {
  switch (status) {
    case 'pass':
      return c.green(ICON.pass);
    case 'warn':
      return c.yellow(ICON.warn);
    case 'fail':
      return c.red(ICON.fail);
    case 'info':
      return c.blue(ICON.info);
    default:
      return c.gray(ICON.skip);
  }
}

export interface RenderChecksOptions {
  /** Show `detail` for passing checks too (e.g. --verbose). */
  verbose?: boolean;
  indent?: number;
}

/** Renders checks as lines; grouped under their `group` when they have one. */
export function renderChecks(checks: readonly Check[], c: ChalkInstance, opts: RenderChecksOptions = {}): string[] {
  const pad = ' '.repeat(opts.indent ?? 0);
  const lines: string[] = [];
  let lastGroup: string | undefined;
  for (const chk of checks) {
    if (chk.group && chk.group !== lastGroup) {
      lines.push(`${pad}${c.bold(safeMessage(chk.group))}`);
      lastGroup = chk.group;
    }
    const inner = chk.group ? `${pad}  ` : pad;
    lines.push(`${inner}${statusIcon(chk.status, c)} ${safeMessage(chk.title)}`);
    const sub = `${inner}    `;
    const showDetail = chk.detail && (opts.verbose || chk.status === 'fail' || chk.status === 'warn');
    if (showDetail) for (const l of chk.detail!.split('\n')) lines.push(`${sub}${c.dim(safeMessage(l))}`);
    if (chk.fix && (chk.status === 'fail' || chk.status === 'warn')) lines.push(`${sub}${c.cyan('fix:')} ${safeMessage(chk.fix)}`);
    if (chk.sendAttemptResult && chk.sendAttemptResult !== 'SUCCESS' && chk.status === 'fail') {
      lines.push(`${sub}Apple would likely record: ${c.bold(chk.sendAttemptResult)}`);
    }
  }
  return lines;
}
