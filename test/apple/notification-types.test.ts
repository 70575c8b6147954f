// The one catalogue of Apple's notification types (src/apple/notification-types.ts) against its
// documentation (docs/apple/notification-types.md): a type, a subtype or "or none" added to one and not
// the other fails here. Also what the catalogue answers for values from outside.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allPairs, checkPair, notificationMeaning, NOTIFICATION_SUBTYPES, NOTIFICATION_TYPES } from '../../src/apple/notification-types.js';

const doc = readFileSync(new URL('../../docs/apple/notification-types.md', import.meta.url), 'utf8');

/** The rows of the markdown table under `heading`, as cells. */
function tableRows(heading: string): string[][] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`no section ${heading}`);
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}
const names = (cell: string) => [...cell.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);

describe('the notification type catalogue', () => {
  it('has every type of the documented table, with the same subtypes in the same order', () => {
    const documented = Object.fromEntries(
      tableRows('Types and subtypes').map(([type, subtypes]) => [names(type!)[0]!, [...names(subtypes!), ...(/—|or none/.test(subtypes!) ? [null] : [])]]),
    );
    expect({ ...NOTIFICATION_SUBTYPES }).toEqual(documented);
  });

  it('has every documented subtype with exactly the types it comes with', () => {
    const documented = Object.fromEntries(tableRows('Subtypes').map(([subtype, withTypes]) => [names(subtype!)[0]!, names(withTypes!).sort()]));
    const inCode: Record<string, string[]> = {};
    for (const p of allPairs()) if (p.subtype) (inCode[p.subtype] ??= []).push(p.notificationType);
    for (const types of Object.values(inCode)) types.sort();
    expect(inCode).toEqual(documented);
  });

  it('explains every type, and each subtype adds its own words', () => {
    for (const p of allPairs()) {
      const line = notificationMeaning(p.notificationType, p.subtype);
      expect(line, `${p.notificationType}/${p.subtype}`).toBeTruthy();
      const typeOnly = notificationMeaning(p.notificationType, 'NOT_A_SUBTYPE')!;
      if (p.subtype) expect(line!.startsWith(`${typeOnly} `), line).toBe(true);
    }
    expect(notificationMeaning('DID_CHANGE_RENEWAL_PREF', undefined)).toBe('The customer changed the plan of a subscription. No subtype: a pending downgrade was cancelled.');
    expect(notificationMeaning('DID_RENEW', undefined)).toBe('The subscription renewed.');
    expect(notificationMeaning('DID_RENEW', 'SOMETHING_NEW')).toBe('The subscription renewed.');
  });

  it('explains MIGRATE like MIGRATION but accepts only MIGRATION', () => {
    expect(notificationMeaning('MIGRATE', undefined)).toBe(notificationMeaning('MIGRATION', undefined));
    expect(checkPair('MIGRATE')).toMatchObject({ ok: false, reason: 'unknown-type' });
    expect(checkPair('migration')).toEqual({ ok: true, pair: { notificationType: 'MIGRATION' } });
  });

  it('knows nothing of names inherited from Object', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(notificationMeaning(name, undefined)).toBeUndefined();
      expect(NOTIFICATION_SUBTYPES[name]).toBeUndefined();
      expect(checkPair(name).ok).toBe(false);
    }
  });

  it('defaults a type that always has a subtype to its first, and names the valid ones otherwise', () => {
    expect(checkPair('subscribed')).toEqual({ ok: true, pair: { notificationType: 'SUBSCRIBED', subtype: 'INITIAL_BUY' } });
    expect(checkPair('EXPIRED', 'nope')).toEqual({ ok: false, reason: 'bad-subtype', valid: ['VOLUNTARY', 'BILLING_RETRY', 'PRICE_INCREASE', 'PRODUCT_NOT_FOR_SALE', '(none)'] });
    expect(checkPair('NOPE')).toEqual({ ok: false, reason: 'unknown-type', valid: [...NOTIFICATION_TYPES] });
  });
});
