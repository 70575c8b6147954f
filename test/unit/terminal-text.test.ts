import { describe, expect, it } from 'vitest';
import { hasUnsafeText, MESSAGE_MAX, safeMessage, safeText, terminalSafeLine } from '../../src/report/terminal-text.js';

describe('safeText', () => {
  it('escapes C0, DEL, C1 and bidirectional overrides visibly', () => {
    expect(safeText('ES\u001b[2Jx')).toBe('ES\\e[2Jx');
    expect(safeText('a\u0007b\u007fc\u009bd')).toBe('a\\x07b\\x7fc\\x9bd');
    expect(safeText('pay\u202eloc')).toBe('pay\\u202eloc');
    expect(safeText('x\u2066y\u2069')).toBe('x\\u2066y\\u2069');
    expect(safeText('line1\nline2\r')).toBe('line1\\nline2\\r');
  });
  it('keeps line breaks when asked, escaping the rest', () => {
    expect(safeText('a\u001b\nb', { multiline: true })).toBe('a\\e\nb');
  });
  it('cuts long values with a marker that says how much was left out', () => {
    const s = safeText('x'.repeat(1000), { max: 10 });
    expect(s).toBe(`${'x'.repeat(10)}…[990 more characters]`);
    expect(safeText('x'.repeat(1000), { max: Infinity })).toHaveLength(1000);
  });
  it('leaves ordinary text, accents and emoji alone', () => {
    expect(safeText('Café ✔ 😀 日本')).toBe('Café ✔ 😀 日本');
    expect(hasUnsafeText('Café ✔')).toBe(false);
    expect(hasUnsafeText('a\u001b')).toBe(true);
  });
});

describe('terminalSafeLine', () => {
  it('keeps our colour codes and tabs, escapes everything else', () => {
    expect(terminalSafeLine('\u001b[31mred\u001b[39m\tok')).toBe('\u001b[31mred\u001b[39m\tok');
    expect(terminalSafeLine('\u001b]0;title\u0007')).toBe('\\e]0;title\\x07');
    expect(terminalSafeLine('a\u202eb')).toBe('a\\u202eb');
  });
});

describe('safeMessage', () => {
  it('escapes a message of ours holding outside values, and cuts it only past 1000 characters', () => {
    expect(safeMessage('Algorithm is ES256\u001b[8m, not ES256')).toBe('Algorithm is ES256\\e[8m, not ES256');
    const long = `redirect to /${'a'.repeat(2000)}`;
    expect(safeMessage(long)).toBe(`${long.slice(0, MESSAGE_MAX)}…[${long.length - MESSAGE_MAX} more characters]`);
    expect(safeMessage('x'.repeat(MESSAGE_MAX))).toBe('x'.repeat(MESSAGE_MAX));
  });
});
