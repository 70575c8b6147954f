// Human rendering: meaning, facts, verdict, enum names, dates with age, nested sections, checks.
import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { decodeSignedData, renderSignedData, v1Result } from '../../src/jws/index.js';

const c = new Chalk({ level: 0 });
const now = Date.parse('2026-11-26T00:00:00Z');
const real = (n: number) => readFileSync(new URL(`../fixtures/apple/real-${n}.jws`, import.meta.url), 'utf8').trim();

describe('renderSignedData', () => {
  it('a verified notification with nested data', async () => {
    const text = renderSignedData(await decodeSignedData(real(11)), c, { now }).join('\n');
    expect(text).toContain('Notification  SUBSCRIBED / RESUBSCRIBE\n  The customer subscribed');
    expect(text).toContain('environment Sandbox · bundle com.loki-project.loki-messenger · appAppleId 1470168868 · signed 2025-10-02T07:06:16.941Z (1 year 1 month ago)');
    expect(text).toContain('VERIFIED: signed by Apple (chain to Apple Root CA - G3); certificates checked at 2025-10-02T07:06:16.941Z');
    expect(text).toMatch(/data\.status\s+1 \(active\)/);
    expect(text).toMatch(/data\.signedTransactionInfo\s+\(signed; decoded below\)/);
    expect(text).toMatch(/price\s+1990 \(1\.99 AUD; milliunits\)/);
    expect(text).toMatch(/autoRenewStatus\s+1 \(on\)/);
    expect(text).toContain('Renewal info (data.signedRenewalInfo)');
    expect(text).toContain('✓ ES256 signature verifies with the leaf key');
    expect(text).not.toContain('eyJ');
  });

  it('warns in the verdict that Apple\'s library checking at the current time would reject a payload whose leaf expired since', async () => {
    const lines = renderSignedData(await decodeSignedData(real(3)), c, { now });
    const verdict = lines.findIndex((l) => l.startsWith('VERIFIED: signed by Apple'));
    expect(verdict).toBeGreaterThan(-1);
    expect(lines[verdict + 1]).toMatch(/^  warning: Apple's library with online checks on would reject this: the leaf certificate expired on 2025-10-11T19:51:52\.000Z \(/);
    expect(lines[verdict + 2]).toMatch(/checks them at the current time, and refuses this payload with INVALID_CERTIFICATE/);
    // A payload whose leaf is still valid has no such line.
    const fresh = renderSignedData(await decodeSignedData(real(11)), c, { now });
    expect(fresh.join('\n')).not.toContain('leaf expired on');
  });

  it('the meaning line fits the type and its subtype (or the absence of one)', async () => {
    const head = async (n: number) => renderSignedData(await decodeSignedData(real(n)), c, { now }).slice(0, 2).join('\n');
    expect(await head(13)).toBe('Notification  EXPIRED / VOLUNTARY\n  The subscription expired. The customer turned auto-renew off.');
    expect(await head(12)).toBe('Notification  DID_CHANGE_RENEWAL_STATUS / AUTO_RENEW_DISABLED\n  Auto-renew was turned on or off. Auto-renew is now off (also happens after a refund request).');
    expect(await head(18)).toBe('Notification  DID_CHANGE_RENEWAL_PREF\n  The customer changed the plan of a subscription. No subtype: a pending downgrade was cancelled.');
    // A DID_RENEW without a subtype is a plain renewal, not a billing recovery.
    expect(await head(10)).toBe('Notification  DID_RENEW\n  The subscription renewed.');
  });

  it('a chain to a --root says "not signed by Apple"', async () => {
    const lib = (n: string) => readFileSync(new URL(`../fixtures/apple/apple-lib/${n}`, import.meta.url));
    const r = await decodeSignedData(lib('testNotification').toString().trim(), { roots: [lib('testCA.der')], at: new Date(1681314324000) });
    expect(renderSignedData(r, c, { now }).join('\n')).toMatch(/VERIFIED, but not signed by Apple: the chain leads to your --root C=US, ST=California, L=Cupertino/);
  });

  it('a claim mismatch on an authentic payload reads as MISMATCH with both values', async () => {
    const r = await decodeSignedData(real(1), { bundleId: 'com.other' });
    const text = renderSignedData(r, c, { now }).join('\n');
    expect(text).toContain('MISMATCH: signed by Apple, but bundleId is com.loki-project.loki-messenger, expected com.other');
  });

  it('a version 1 body: unsigned, password redacted, no V2 enum names', () => {
    const text = renderSignedData(v1Result({ notification_type: 'DID_RENEW', password: 'pw-123', environment: 'PROD', bid: 'com.example.app', unified_receipt: { status: 0 } }), c, { now }).join('\n');
    expect(text).toContain('Notification, version 1\n  environment PROD · bundle com.example.app\n');
    expect(text).toContain('UNSIGNED: version 1 notifications carry no signature');
    expect(text).not.toContain('pw-123');
    expect(text).toMatch(/unified_receipt\.status\s+0$/m);
  });
});
