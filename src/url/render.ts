// Human rendering of a check-url report: the checks by stage, then one summary naming the verdict
// and the sendAttemptResult Apple would most likely record.
import type { ChalkInstance } from 'chalk';
import { countChecks } from '../report/check.js';
import { diagnostic } from '../report/diagnostics/index.js';
import { plural } from '../report/format.js';
import { renderChecks } from '../report/render-checks.js';
import { safeText } from '../report/terminal-text.js';
import type { CheckUrlReport } from './index.js';

export function renderCheckUrlReport(report: CheckUrlReport, c: ChalkInstance, opts: { verbose?: boolean } = {}): string[] {
  const lines: string[] = [];
  lines.push(`${c.bold('check-url')} ${safeText(report.normalizedUrl ?? report.url)}`);
  lines.push('');
  lines.push(...renderChecks(report.checks, c, { verbose: opts.verbose ?? false }));
  lines.push('');
  const counts = countChecks(report.checks);
  const vars = {
    problems: plural(counts.fail, 'problem'),
    warnings: plural(counts.warn, 'warning'),
    result: report.predictedResult,
  };
  const summary = diagnostic(`url.summary.${report.verdict}`, vars);
  const icon = report.verdict === 'deliverable' ? c.green('✓') : report.verdict === 'not-deliverable' ? c.red('✗') : c.yellow('?');
  lines.push(`${icon} ${c.bold(summary.title)}`);
  if (summary.explain) lines.push(`  ${summary.explain}`);
  if (summary.fix) lines.push(`  ${c.dim(summary.fix)}`);
  return lines;
}
