// Text from outside (payload fields, JWS headers, certificate names, a server's status line, headers and
// body, API error bodies, what `listen` receives) must never reach a terminal with raw control characters:
// an ESC in a JWS header's `alg` could otherwise rewrite the screen, and a bidirectional override could
// make a value read differently from what it is. Human renderers pass every outside value through
// `safeText`; `--json` keeps exact values (JSON.stringify escapes C0 itself).

/** C0 (except none), DEL, C1, and the bidirectional embedding/override/isolate characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export interface SafeTextOptions {
  /** Cut after this many characters with a visible marker; default 300. 0 or Infinity keeps it whole. */
  max?: number;
  /** Keep line breaks (for multi-line bodies); each line is still escaped. Default false. */
  multiline?: boolean;
}

export const DEFAULT_SAFE_TEXT_MAX = 300;

/**
 * Makes one outside value safe to print: control characters are escaped visibly (`\e`, `\x07`,
 * `\u202e`) and a long value is cut with a marker saying how much was left out.
 */
export function safeText(value: unknown, opts: SafeTextOptions = {}): string {
  const text = typeof value === 'string' ? value : String(value);
  const max = opts.max ?? DEFAULT_SAFE_TEXT_MAX;
  const cut = max > 0 && Number.isFinite(max) && text.length > max;
  const kept = cut ? text.slice(0, max) : text;
  const escaped = opts.multiline
    ? kept.split(/\r?\n/).map((line) => line.replace(UNSAFE, escapeChar)).join('\n')
    : kept.replace(UNSAFE, escapeChar);
  return cut ? `${escaped}…[${text.length - max} more characters]` : escaped;
}

/** Far longer than any of our own wordings: what goes past it in a message is an outside value. */
export const MESSAGE_MAX = 1000;

/**
 * A message of ours with outside values filled in (a check title holding an `alg`, a certificate subject,
 * a server's status line; an error naming an API error body): escaped like any outside value, and cut
 * only where an outside value made it long. `--json` prints messages as they are.
 */
export function safeMessage(text: string): string {
  return safeText(text, { max: MESSAGE_MAX });
}

/** True when the value holds a character that `safeText` would escape. */
export function hasUnsafeText(value: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(value);
  UNSAFE.lastIndex = 0;
  return found;
}

// Our own colours are SGR sequences (ESC [ params m); anything else starting with ESC, and every other
// control character, is escaped. Used as a last line of defence on whole lines a renderer built.
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * Escapes control characters in a line a renderer built, keeping our own colour codes (SGR) and tabs.
 * Renderers still call `safeText` on each outside value (it also cuts long ones); this catches a miss.
 */
export function terminalSafeLine(line: string): string {
  if (!hasUnsafeText(line)) return line;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\u001b') {
      SGR.lastIndex = i;
      const m = SGR.exec(line);
      if (m) {
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    if (ch === '\t' || ch === '\n') {
      out += ch;
      continue;
    }
    UNSAFE.lastIndex = 0;
    out += UNSAFE.test(ch) ? escapeChar(ch) : ch;
  }
  UNSAFE.lastIndex = 0;
  return out;
}
