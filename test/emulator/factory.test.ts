// Every notificationType/subtype pair: the factory's output verifies with the decoder given the
// emulator's root, and its fields follow the rules of its type.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSignedData, type SignedDataResult } from '../../src/jws/index.js';
import { allPairs, pairLabel } from '../../src/apple/notification-types.js';
import { signNotification } from '../../src/emulator/index.js';
import { loadState } from '../../src/emulator/state.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

function rootDer(path: string): Buffer {
  return Buffer.from(new X509Certificate(readFileSync(path)).raw);
}

type Payload = Record<string, unknown>;
function nested(result: SignedDataResult, field: string): Payload | undefined {
  return result.nested.find((n) => n.field.endsWith(field))?.payload;
}

describe('payload factory', () => {
  for (const environment of ['Sandbox', 'Production'] as const) {
    for (const pair of allPairs()) {
      it(`${pairLabel(pair)} (${environment}) verifies against the emulator root and follows its field rules`, async () => {
        const signed = await signNotification(pair.notificationType, {
          ...(pair.subtype ? { subtype: pair.subtype } : {}),
          environment,
          stateDir: tmp.dir,
        });
        const state = await loadState(tmp.dir);
        const result = await decodeSignedData(signed.signedPayload, {
          roots: [rootDer(signed.rootCaPath)],
          bundleId: state.identity.bundleId,
          environment,
          ...(environment === 'Production' ? { appAppleId: String(state.identity.appAppleId) } : {}),
        });
        expect(result.verification.status).toBe('VERIFIED');
        expect(result.verified).toBe(true);
        for (const n of result.nested) expect([n.field, n.verified]).toEqual([n.field, true]);

        const p = result.payload;
        expect(p.notificationType).toBe(pair.notificationType);
        expect(p.subtype).toBe(pair.subtype);
        expect(p.notificationUUID).toBe(signed.notificationUUID);
        expect(p.version).toBe('2.0');
        expect(typeof p.signedDate).toBe('number');
        checkRules(pair.notificationType, pair.subtype, environment, p, result, state.identity.appAppleId);
      });
    }
  }

  it('signs with a header exactly like Apple: alg ES256 and x5c [leaf, intermediate, root] in standard base64, raw R||S', async () => {
    const signed = await signNotification('TEST', { stateDir: tmp.dir });
    const [h, , s] = signed.signedPayload.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string; x5c: string[] };
    expect(Object.keys(header)).toEqual(['alg', 'x5c']);
    expect(header.alg).toBe('ES256');
    expect(header.x5c).toHaveLength(3);
    for (const c of header.x5c) expect(c).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(s, 'base64url')).toHaveLength(64);
    const [leaf, intermediate, root] = header.x5c.map((c) => new X509Certificate(Buffer.from(c, 'base64')));
    expect(leaf!.checkIssued(intermediate!)).toBe(true);
    expect(intermediate!.checkIssued(root!)).toBe(true);
    expect(root!.subject).toMatch(/NOT APPLE/);
    expect(intermediate!.ca).toBe(true);
    expect(leaf!.ca).toBe(false);
    expect(leaf!.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(rootDer(signed.rootCaPath).equals(root!.raw)).toBe(true);
  });

  it('is not accepted by a verifier that trusts only Apple', async () => {
    const signed = await signNotification('TEST', { stateDir: tmp.dir });
    const result = await decodeSignedData(signed.signedPayload, {});
    expect(result.verified).toBe(false);
  });

  it('creates the CA once and reuses it; each notification gets a fresh UUID', async () => {
    const a = await signNotification('TEST', { stateDir: tmp.dir });
    const rootBefore = readFileSync(a.rootCaPath, 'utf8');
    const other = tempDir();
    try {
      // A fresh process would read state.json from disk: bypass the in-process cache with a copy.
      const { cpSync } = await import('node:fs');
      cpSync(tmp.dir, other.dir, { recursive: true });
      const b = await signNotification('TEST', { stateDir: other.dir });
      expect(readFileSync(b.rootCaPath, 'utf8')).toBe(rootBefore);
      expect(b.notificationUUID).not.toBe(a.notificationUUID);
    } finally {
      other.remove();
    }
  });

  it('uses the bundle ID, product and transaction IDs it is given', async () => {
    const signed = await signNotification('SUBSCRIBED', {
      subtype: 'RESUBSCRIBE',
      stateDir: tmp.dir,
      bundleId: 'com.acme.app',
      productId: 'com.acme.pro.monthly',
      transactionId: '2000000123456789',
      originalTransactionId: '2000000111111111',
    });
    const result = await decodeSignedData(signed.signedPayload, { roots: [rootDer(signed.rootCaPath)], bundleId: 'com.acme.app' });
    expect(result.verified).toBe(true);
    const tx = nested(result, 'signedTransactionInfo')!;
    expect(tx).toMatchObject({ bundleId: 'com.acme.app', productId: 'com.acme.pro.monthly', transactionId: '2000000123456789', originalTransactionId: '2000000111111111' });
    expect(nested(result, 'signedRenewalInfo')).toMatchObject({ originalTransactionId: '2000000111111111', productId: 'com.acme.pro.monthly' });
  });
});

/** The field rules of each type (docs/apple/signed-data.md: #notification-payload, #transaction-payload, #renewal-info-payload). */
function checkRules(
  type: string,
  subtype: string | undefined,
  environment: 'Sandbox' | 'Production',
  p: Payload,
  result: SignedDataResult,
  appAppleId: number,
): void {
  const containers = ['data', 'summary', 'externalPurchaseToken', 'appData'].filter((k) => k in p);
  expect(containers).toHaveLength(1);
  const container = p[containers[0]!] as Payload;
  // As in real payloads (test/fixtures/apple/INDEX.md): every sandbox notification but TEST carries appAppleId.
  if (environment === 'Sandbox' && type === 'TEST') expect(container.appAppleId).toBeUndefined();
  else expect(container.appAppleId).toBe(appAppleId);

  const tx = nested(result, 'signedTransactionInfo');
  const rn = nested(result, 'signedRenewalInfo');
  const signedDate = p.signedDate as number;

  if (type === 'TEST') {
    expect(Object.keys(container).sort()).toEqual((environment === 'Sandbox' ? ['bundleId', 'environment'] : ['appAppleId', 'bundleId', 'environment']).sort());
    expect(result.nested).toHaveLength(0);
    return;
  }
  if (type === 'RENEWAL_EXTENSION' && subtype === 'SUMMARY') {
    expect(containers[0]).toBe('summary');
    expect(container).toMatchObject({ environment, requestIdentifier: expect.any(String), succeededCount: expect.any(Number), failedCount: expect.any(Number) });
    expect(container.storefrontCountryCodes).toEqual(expect.arrayContaining(['USA']));
    return;
  }
  if (type === 'EXTERNAL_PURCHASE_TOKEN') {
    expect(containers[0]).toBe('externalPurchaseToken');
    expect(container.environment).toBeUndefined();
    expect(String(container.externalPurchaseId).startsWith('SANDBOX')).toBe(environment === 'Sandbox');
    expect(typeof container.tokenCreationDate).toBe('number');
    if (subtype === 'CREATED') expect(container).toMatchObject({ tokenType: expect.any(String), tokenExpirationDate: expect.any(Number) });
    return;
  }
  if (type === 'RESCIND_CONSENT') {
    expect(containers[0]).toBe('appData');
    expect(container.environment).toBe(environment);
    const app = nested(result, 'signedAppTransactionInfo')!;
    expect(app).toMatchObject({ receiptType: environment, bundleId: container.bundleId });
    // StoreKit: appID and appVersionID are nil in sandbox.
    expect(app.appAppleId).toBe(environment === 'Production' ? appAppleId : undefined);
    expect(app.versionExternalIdentifier === undefined).toBe(environment === 'Sandbox');
    return;
  }

  expect(containers[0]).toBe('data');
  expect(container.environment).toBe(environment);
  expect(tx).toBeDefined();
  expect(tx!.environment).toBe(environment);
  expect(tx!.bundleId).toBe(container.bundleId);

  const consumable = type === 'ONE_TIME_CHARGE' || type === 'CONSUMPTION_REQUEST';
  if (consumable) {
    expect(tx!.type).toBe('Consumable');
    expect(rn).toBeUndefined();
    expect(container.status).toBeUndefined();
    expect(tx!.transactionId).toBe(tx!.originalTransactionId);
    if (type === 'CONSUMPTION_REQUEST') expect(container.consumptionRequestReason).toEqual(expect.any(String));
    return;
  }
  expect(tx!.type).toBe('Auto-Renewable Subscription');
  expect(rn).toBeDefined();
  expect(rn!.environment).toBe(environment);
  expect(rn!.originalTransactionId).toBe(tx!.originalTransactionId);
  expect([1, 2, 3, 4, 5]).toContain(container.status);
  const expiresDate = tx!.expiresDate as number;
  // A monthly period: 5 minutes in sandbox (Apple's default sandbox rate), a calendar month in production.
  const length = expiresDate - (tx!.purchaseDate as number) - (type === 'RENEWAL_EXTENDED' ? (environment === 'Sandbox' ? 300_000 : 30 * 86_400_000) : 0);
  if (environment === 'Sandbox') expect(length).toBe(300_000);
  else expect(length / 86_400_000).toBeOneOf([28, 29, 30, 31]);

  switch (type) {
    case 'EXPIRED':
      expect(container.status).toBe(2);
      expect(rn!.autoRenewStatus).toBe(0);
      expect(expiresDate).toBeLessThan(signedDate);
      expect(rn!.expirationIntent).toBe({ VOLUNTARY: 1, BILLING_RETRY: 2, PRICE_INCREASE: 3, PRODUCT_NOT_FOR_SALE: 4 }[subtype ?? ''] ?? 5);
      break;
    case 'REFUND':
      expect(tx!.revocationDate).toEqual(expect.any(Number));
      expect(tx!.revocationReason).toEqual(expect.any(Number));
      expect(container.status).toBe(5);
      break;
    case 'REVOKE':
      expect(tx!.inAppOwnershipType).toBe('FAMILY_SHARED');
      expect(tx!.revocationDate).toEqual(expect.any(Number));
      expect(container.status).toBe(5);
      break;
    case 'DID_CHANGE_RENEWAL_STATUS':
      expect(rn!.autoRenewStatus).toBe(subtype === 'AUTO_RENEW_DISABLED' ? 0 : 1);
      break;
    case 'DID_FAIL_TO_RENEW':
      expect(rn!.isInBillingRetryPeriod).toBe(true);
      expect(expiresDate).toBeLessThan(signedDate);
      if (subtype === 'GRACE_PERIOD') {
        expect(container.status).toBe(4);
        expect(rn!.gracePeriodExpiresDate as number).toBeGreaterThan(signedDate);
      } else expect(container.status).toBe(3);
      break;
    case 'GRACE_PERIOD_EXPIRED':
      expect(rn!.gracePeriodExpiresDate as number).toBeLessThan(signedDate);
      break;
    case 'DID_RENEW':
      expect(tx!.transactionReason).toBe('RENEWAL');
      expect(tx!.transactionId).not.toBe(tx!.originalTransactionId);
      expect(expiresDate).toBeGreaterThan(signedDate);
      break;
    case 'SUBSCRIBED':
      expect(tx!.transactionId === tx!.originalTransactionId).toBe(subtype === 'INITIAL_BUY');
      expect(container.status).toBe(1);
      break;
    case 'DID_CHANGE_RENEWAL_PREF':
      if (subtype === 'DOWNGRADE') expect(rn!.autoRenewProductId).not.toBe(rn!.productId);
      else expect(rn!.autoRenewProductId).toBe(rn!.productId);
      break;
    case 'OFFER_REDEEMED':
      expect(tx!.offerType).toEqual(expect.any(Number));
      expect(tx!.offerIdentifier).toEqual(expect.any(String));
      break;
    case 'PRICE_INCREASE':
      expect(rn!.priceIncreaseStatus).toBe(subtype === 'ACCEPTED' ? 1 : 0);
      expect(rn!.renewalPrice as number).toBeGreaterThan(tx!.price as number);
      break;
    case 'REFUND_DECLINED':
    case 'REFUND_REVERSED':
      expect(tx!.revocationDate).toBeUndefined();
      break;
    default:
      expect(container.status).toBe(1);
      expect(expiresDate).toBeGreaterThan(signedDate);
  }
}
