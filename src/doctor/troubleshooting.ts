// docs/troubleshooting.md, rendered from the diagnostics registry so the two never drift:
// `scripts/docs-troubleshooting.mjs` (`npm run docs:troubleshooting`) writes it between its markers, and
// test/doctor/docs-troubleshooting.test.ts fails when the file differs.
import { allDiagnostics, type DiagnosticDef } from '../report/diagnostics/index.js';

type Tag = NonNullable<DiagnosticDef['troubleshooting']>;

const SECTIONS: { tag: Tag; heading: string; first: string }[] = [
  { tag: 'sendAttemptResult', heading: 'When Apple records a `sendAttemptResult`', first: 'result' },
  { tag: 'auth401', heading: 'When the App Store Server API answers 401', first: 'cause' },
  { tag: 'url', heading: 'When `check-url` finds a problem', first: 'finding' },
  { tag: 'decode', heading: 'When a payload does not verify', first: 'finding' },
];

export const TROUBLESHOOTING_START = '<!-- section:troubleshooting -->';
export const TROUBLESHOOTING_END = '<!-- /section:troubleshooting -->';

/** The Markdown between the troubleshooting markers (without the markers). */
export function troubleshootingMarkdown(defs: readonly DiagnosticDef[] = allDiagnostics()): string {
  const parts: string[] = [
    '# Troubleshooting',
    '',
    'Generated from the diagnostics registry (`npm run docs:troubleshooting`); the same wording appears in the',
    'commands’ output. Run `asn-doctor doctor` to see which of these applies to your set-up.',
  ];
  for (const s of SECTIONS) {
    const rows = defs.filter((d) => d.troubleshooting === s.tag);
    if (rows.length === 0) continue;
    parts.push('', `## ${s.heading}`, '', `| ${s.first} | what it means | fix |`, '|---|---|---|');
    for (const d of rows) parts.push(`| ${cell(firstColumn(d))} | ${cell(meaning(d))} | ${cell(d.fix ? placeholders(d.fix) : '—')} |`);
  }
  return `${parts.join('\n')}\n`;
}

/** Replaces the generated part of docs/troubleshooting.md's text; throws when the markers are missing. */
export function withTroubleshooting(doc: string, markdown = troubleshootingMarkdown()): string {
  const start = doc.indexOf(TROUBLESHOOTING_START);
  const end = doc.indexOf(TROUBLESHOOTING_END);
  if (start < 0 || end < start) throw new Error(`docs/troubleshooting.md has no ${TROUBLESHOOTING_START} … ${TROUBLESHOOTING_END} markers`);
  return `${doc.slice(0, start + TROUBLESHOOTING_START.length)}\n${markdown}${doc.slice(end)}`;
}

function firstColumn(d: DiagnosticDef): string {
  if (d.troubleshooting === 'sendAttemptResult' && d.sendAttemptResult) return `\`${d.sendAttemptResult}\``;
  return placeholders(d.title);
}

function meaning(d: DiagnosticDef): string {
  let title = placeholders(d.title);
  if (d.troubleshooting === 'sendAttemptResult' && d.sendAttemptResult && title.startsWith(`${d.sendAttemptResult}: `)) {
    title = title.slice(d.sendAttemptResult.length + 2);
  }
  const head = d.troubleshooting === 'sendAttemptResult' ? `${capitalize(title)}.` : '';
  return [head, d.explain ? placeholders(d.explain) : ''].filter(Boolean).join(' ') || '—';
}

function placeholders(text: string): string {
  return text.replace(/\{(\w+)\}/g, '‹$1›');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
