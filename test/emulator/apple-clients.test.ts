// The emulator as Apple, for Apple's own Node library: its AppStoreServerAPIClient calls the emulator
// (test notification, status, notification history with paging and filters, the transaction endpoints,
// the error codes), and its SignedDataVerifier with online checks on (OCSP against the emulator's own
// responder) accepts what the emulator delivered and answered, in both environments, nested JWS too.
// All in-process: the emulator, a receiver and Apple's library on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIException,
  AppStoreServerAPIClient,
  Environment,
  GetTransactionHistoryVersion,
  NotificationTypeV2,
  Order,
  ProductType,
  SignedDataVerifier,
  Status,
  VerificationException,
  VerificationStatus,
  type JWSTransactionDecodedPayload,
  type ResponseBodyV2DecodedPayload,
} from '@apple/app-store-server-library';
import { allPairs, pairLabel } from '../../src/apple/notification-types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { decodeSignedData } from '../../src/jws/index.js';
import { control, decodePart, startReceiver, tempDir, type Receiver } from './helpers.js';

type Env = 'Sandbox' | 'Production';
const tmp = tempDir();
let emu: RunningEmulator;
let receiver: Receiver;
let rootDer: Buffer;

/** Apple's client, pointed at the emulator instead of Apple's host (its base URL is private; nothing else changes). */
function client(env: Env): AppStoreServerAPIClient {
  const c = new AppStoreServerAPIClient(readFileSync(emu.privateKeyPath!, 'utf8'), emu.keyId, emu.issuerId, emu.bundleId, env === 'Sandbox' ? Environment.SANDBOX : Environment.PRODUCTION);
  Object.assign(c, { urlBase: env === 'Sandbox' ? emu.sandboxBaseUrl : emu.baseUrl });
  return c;
}

/** Apple's verifier with online checks on (OCSP, current time), trusting the emulator's root. */
function verifier(env: Env): SignedDataVerifier {
  return env === 'Sandbox'
    ? new SignedDataVerifier([rootDer], true, Environment.SANDBOX, emu.bundleId)
    : new SignedDataVerifier([rootDer], true, Environment.PRODUCTION, emu.bundleId, emu.appAppleId);
}

async function trigger(body: Record<string, unknown>): Promise<string> {
  const res = await control(emu, 'trigger', { body });
  expect(res.status).toBe(200);
  return ((await res.json()) as { signedPayload: string }).signedPayload;
}

/** Everything Apple's verifier would check in a delivered notification, nested JWS included. */
async function verifyAll(v: SignedDataVerifier, signedPayload: string): Promise<ResponseBodyV2DecodedPayload> {
  const n = await v.verifyAndDecodeNotification(signedPayload);
  if (n.data?.signedTransactionInfo) await v.verifyAndDecodeTransaction(n.data.signedTransactionInfo);
  if (n.data?.signedRenewalInfo) await v.verifyAndDecodeRenewalInfo(n.data.signedRenewalInfo);
  if (n.appData?.signedAppTransactionInfo) await v.verifyAndDecodeAppTransaction(n.appData.signedAppTransactionInfo);
  return n;
}

async function apiError(call: Promise<unknown>): Promise<[number, number | null]> {
  try {
    await call;
  } catch (err) {
    if (err instanceof APIException) return [err.httpStatusCode, err.apiError as number | null];
    throw err;
  }
  throw new Error('expected an APIException');
}

async function verificationStatus(call: Promise<unknown>): Promise<VerificationStatus> {
  try {
    await call;
  } catch (err) {
    if (err instanceof VerificationException) return err.status;
    throw err;
  }
  throw new Error('expected a VerificationException');
}

const tx = (jws: string) => decodePart(jws, 1) as unknown as JWSTransactionDecodedPayload;
const withoutSignedDate = (o: object) => ({ ...o, signedDate: undefined });

beforeAll(async () => {
  receiver = await startReceiver();
  emu = await startEmulator({ stateDir: tmp.dir, notifyUrl: receiver.url, timeScale: 3_600_000 });
  rootDer = new X509Certificate(readFileSync(emu.rootCaPath)).raw;
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
  tmp.remove();
});

describe.each(['Sandbox', 'Production'] as const)("Apple's SignedDataVerifier, online checks on (%s)", (env) => {
  let v: SignedDataVerifier;
  beforeAll(() => {
    v = verifier(env);
  });

  it.each(allPairs().map((p) => [pairLabel(p), p] as const))('accepts a delivered %s with its nested JWS', async (_label, pair) => {
    const before = receiver.bodies.length;
    const signed = await trigger({ notificationType: pair.notificationType, ...(pair.subtype ? { subtype: pair.subtype } : {}), environment: env });
    // What the receiver got is what was signed, and Apple's verifier accepts every part of it.
    expect(JSON.parse(receiver.bodies[before]!)).toEqual({ signedPayload: signed });
    const n = await verifyAll(v, signed);
    expect([n.notificationType, n.subtype]).toEqual([pair.notificationType, pair.subtype]);
  });

  it('accepts the TEST of Request a Test Notification, read back through Get Test Notification Status', async () => {
    const api = client(env);
    const { testNotificationToken } = await api.requestTestNotification();
    let status;
    for (let i = 0; i < 100 && !status; i++) {
      status = await api.getTestNotificationStatus(testNotificationToken!).catch((e: unknown) => {
        if (e instanceof APIException && e.apiError === 4040008) return undefined;
        throw e;
      });
      if (!status) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status!.sendAttempts![0]!.sendAttemptResult).toBe('SUCCESS');
    expect((await v.verifyAndDecodeNotification(status!.signedPayload!)).notificationType).toBe(NotificationTypeV2.TEST);
  });
});

describe("Apple's AppStoreServerAPIClient against the transaction endpoints", () => {
  const api = () => client('Sandbox');
  let originalTransactionId: string;
  const renewals: string[] = [];

  beforeAll(async () => {
    // One customer: a first purchase with an app account token, then 24 renewals of it, a consumable.
    const first = await trigger({ notificationType: 'SUBSCRIBED', subtype: 'INITIAL_BUY', appAccountToken: '7E3FB20B-4CDB-47CC-936D-99D65F608138' });
    originalTransactionId = String(tx(String((decodePart(first, 1).data as { signedTransactionInfo: string }).signedTransactionInfo)).originalTransactionId);
    for (let i = 0; i < 24; i++) renewals.push(await trigger({ notificationType: 'DID_RENEW', originalTransactionId }));
    await trigger({ notificationType: 'REFUND', originalTransactionId, transactionId: txOf(renewals[0]!).transactionId });
  });
  const txOf = (signedPayload: string) => tx(String((decodePart(signedPayload, 1).data as { signedTransactionInfo: string }).signedTransactionInfo));

  it('Get Transaction Info: a triggered DID_RENEW is found, signed now, and says what was delivered', async () => {
    const delivered = txOf(renewals.at(-1)!);
    const { signedTransactionInfo } = await api().getTransactionInfo(delivered.transactionId!);
    const answered = await verifier('Sandbox').verifyAndDecodeTransaction(signedTransactionInfo!);
    expect(withoutSignedDate(answered)).toEqual(withoutSignedDate(delivered));
    expect(answered.signedDate!).toBeGreaterThanOrEqual(delivered.signedDate!);
    // The customer keeps what their first purchase fixed.
    expect(answered).toMatchObject({ originalTransactionId, appAccountToken: '7e3fb20b-4cdb-47cc-936d-99d65f608138', transactionReason: 'RENEWAL' });
  });

  it('Get All Subscription Statuses: the latest transaction and renewal info of the subscription, status filter', async () => {
    const delivered = txOf(renewals.at(-1)!);
    const status = await api().getAllSubscriptionStatuses(renewals.length ? delivered.transactionId! : originalTransactionId);
    expect(status).toMatchObject({ environment: 'Sandbox', bundleId: emu.bundleId, appAppleId: emu.appAppleId });
    const item = status.data![0]!.lastTransactions![0]!;
    expect(status.data![0]!.subscriptionGroupIdentifier).toBe(delivered.subscriptionGroupIdentifier);
    expect(item).toMatchObject({ originalTransactionId, status: Status.ACTIVE });
    const v = verifier('Sandbox');
    expect(withoutSignedDate(await v.verifyAndDecodeTransaction(item.signedTransactionInfo!))).toEqual(withoutSignedDate(delivered));
    expect((await v.verifyAndDecodeRenewalInfo(item.signedRenewalInfo!)).originalTransactionId).toBe(originalTransactionId);
    expect((await api().getAllSubscriptionStatuses(originalTransactionId, [Status.EXPIRED])).data).toEqual([]);
  });

  it('Get Transaction History v2: 20 a page, the revision for the next, filters and sort', async () => {
    const seen: string[] = [];
    let revision: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await api().getTransactionHistory(originalTransactionId, revision, {}, GetTransactionHistoryVersion.V2);
      expect(page).toMatchObject({ environment: 'Sandbox', bundleId: emu.bundleId, appAppleId: emu.appAppleId });
      for (const s of page.signedTransactions!) seen.push((await verifier('Sandbox').verifyAndDecodeTransaction(s)).transactionId!);
      pages++;
      revision = page.revision!;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(25);
    // Nothing changed since the last revision: an empty page, not the history again.
    const after = await api().getTransactionHistory(originalTransactionId, revision, {}, GetTransactionHistoryVersion.V2);
    expect([after.signedTransactions, after.hasMore]).toEqual([[], false]);

    const refunded = await api().getTransactionHistory(originalTransactionId, null, { revoked: true }, GetTransactionHistoryVersion.V2);
    expect(refunded.signedTransactions!.map((s) => tx(s).transactionId)).toEqual([txOf(renewals[0]!).transactionId]);
    const none = await api().getTransactionHistory(originalTransactionId, null, { productTypes: [ProductType.CONSUMABLE] }, GetTransactionHistoryVersion.V2);
    expect(none.signedTransactions).toEqual([]);
    const product = await api().getTransactionHistory(originalTransactionId, null, { productIds: [txOf(renewals[1]!).productId!], sort: Order.DESCENDING }, GetTransactionHistoryVersion.V2);
    // The refund changed renewals[0] last: newest first puts it at the top.
    expect(tx(product.signedTransactions![0]!).transactionId).toBe(txOf(renewals[0]!).transactionId);
    const future = await api().getTransactionHistory(originalTransactionId, null, { startDate: Date.now() + 3_600_000 }, GetTransactionHistoryVersion.V2);
    expect(future.signedTransactions).toEqual([]);
  });

  it('Get App Transaction Info: the customer’s app transaction, from any of their IDs', async () => {
    const appTransactionId = txOf(renewals[3]!).appTransactionId!;
    for (const id of [originalTransactionId, txOf(renewals[3]!).transactionId!]) {
      const { signedAppTransactionInfo } = await api().getAppTransactionInfo(id);
      const app = await verifier('Sandbox').verifyAndDecodeAppTransaction(signedAppTransactionInfo!);
      expect(app).toMatchObject({ appTransactionId, bundleId: emu.bundleId, receiptType: 'Sandbox' });
    }
  });

  it('Get Notification History: pages of 20, a type filter, and transactionId selecting the whole customer', async () => {
    const request = { startDate: Date.now() - 3_600_000, endDate: Date.now() + 1000 };
    const byType = await api().getNotificationHistory(null, { ...request, notificationType: NotificationTypeV2.DID_RENEW });
    expect([byType.notificationHistory!.length, byType.hasMore]).toEqual([20, true]);
    const rest = await api().getNotificationHistory(byType.paginationToken!, { ...request, notificationType: NotificationTypeV2.DID_RENEW });
    const renewed = emu.history.all().filter((r) => r.environment === 'Sandbox' && r.notificationType === 'DID_RENEW').length;
    expect(renewed).toBeGreaterThan(24);
    expect([rest.notificationHistory!.length, rest.hasMore]).toEqual([renewed - 20, false]);
    // Any one renewal's transaction ID selects the customer: the purchase, 24 renewals and the refund.
    const customer: string[] = [];
    let token: string | null = null;
    do {
      const page = await api().getNotificationHistory(token, { ...request, transactionId: txOf(renewals[5]!).transactionId! });
      for (const item of page.notificationHistory!) customer.push(String(decodePart(item.signedPayload!, 1).notificationType));
      token = page.hasMore ? page.paginationToken! : null;
    } while (token);
    expect(customer.filter((t) => t === 'DID_RENEW')).toHaveLength(24);
    expect(customer).toEqual(expect.arrayContaining(['SUBSCRIBED', 'REFUND']));
    expect(customer).toHaveLength(26);
  });

  it("answers Apple's error codes in JSON: unknown, malformed and other-environment IDs, bad parameters", async () => {
    const known = txOf(renewals[2]!).transactionId!;
    expect(await apiError(api().getTransactionInfo('123456789'))).toEqual([404, 4040010]);
    expect(await apiError(api().getTransactionInfo('not-a-number'))).toEqual([400, 4000006]);
    // A sandbox transaction is unknown to the production host, as at Apple.
    expect(await apiError(client('Production').getTransactionInfo(known))).toEqual([404, 4040010]);
    expect(await apiError(api().getAllSubscriptionStatuses('123456789'))).toEqual([404, 4040010]);
    expect(await apiError(api().getAllSubscriptionStatuses(known, [9 as Status]))).toEqual([400, 4000031]);
    expect(await apiError(api().getTransactionHistory('123456789', null, {}, GetTransactionHistoryVersion.V2))).toEqual([404, 4040010]);
    expect(await apiError(api().getTransactionHistory(known, 'bm90LWEtcmV2aXNpb24', {}, GetTransactionHistoryVersion.V2))).toEqual([400, 4000005]);
    expect(await apiError(api().getTransactionHistory(known, null, { sort: 'SIDEWAYS' as Order }, GetTransactionHistoryVersion.V2))).toEqual([400, 4000021]);
    expect(await apiError(api().getAppTransactionInfo('123456789'))).toEqual([404, 4040010]);
    expect(await apiError(api().getTransactionInfo(txOf(renewals[2]!).appTransactionId!))).toEqual([400, 4000048]);
    expect(await apiError(api().getNotificationHistory(null, { startDate: Date.now() - 60_000, endDate: Date.now(), transactionId: '123456789' }))).toEqual([404, 4040010]);
  });

  it('are rate-limited like Apple (429 4290000), per endpoint and environment', async () => {
    // Production's Get All Subscription Statuses has not been called yet: one request allowed.
    emu.setRateLimit('subscriptions', { limit: 1, windowMs: 60_000 });
    try {
      expect(await apiError(client('Production').getAllSubscriptionStatuses('123456789'))).toEqual([404, 4040010]);
      expect(await apiError(client('Production').getAllSubscriptionStatuses('123456789'))).toEqual([429, 4290000]);
      expect(await apiError(client('Production').getTransactionInfo('123456789'))).toEqual([404, 4040010]);
    } finally {
      emu.setRateLimit('subscriptions', undefined);
    }
  });
});

describe("the emulator's OCSP responder", () => {
  it('answers good to decode --online with the emulator root, for the leaf and the intermediate', async () => {
    const signed = await trigger({ notificationType: 'DID_RENEW', environment: 'Sandbox' });
    const r = await decodeSignedData(signed, { roots: [rootDer], online: true, ocspTimeoutMs: 5000 });
    expect(r.verification.checks.filter((c) => c.id.startsWith('jws.ocsp.')).map((c) => c.id)).toEqual(['jws.ocsp.good', 'jws.ocsp.good']);
    expect(r.ok).toBe(true);
  });

  it('answers revoked while the fault switch is on: Apple\'s verifier fails, decode --online says REVOKED', async () => {
    const signed = await trigger({ notificationType: 'DID_RENEW', environment: 'Sandbox' });
    emu.setFault('ocsp', { kind: 'revoked' });
    try {
      expect(await verificationStatus(verifier('Sandbox').verifyAndDecodeNotification(signed))).toBe(VerificationStatus.FAILURE);
      const r = await decodeSignedData(signed, { roots: [rootDer], online: true, ocspTimeoutMs: 5000 });
      expect(r.verification).toMatchObject({ status: 'VERIFICATION_FAILURE', reason: 'jws.ocsp.revoked' });
    } finally {
      emu.setFault('ocsp', undefined);
    }
    await verifyAll(verifier('Sandbox'), signed);
  });

  it('answers HTTP 500 under the fault switch: retryable for Apple and for decode', async () => {
    const signed = await trigger({ notificationType: 'DID_RENEW', environment: 'Sandbox' });
    emu.setFault('ocsp', { kind: '500' });
    try {
      expect(await verificationStatus(verifier('Sandbox').verifyAndDecodeNotification(signed))).toBe(VerificationStatus.RETRYABLE_VERIFICATION_FAILURE);
      const r = await decodeSignedData(signed, { roots: [rootDer], online: true, ocspTimeoutMs: 5000 });
      expect(r.verification).toMatchObject({ status: 'RETRYABLE_VERIFICATION_FAILURE', reason: 'jws.ocsp.unreachable' });
    } finally {
      emu.setFault('ocsp', undefined);
    }
  });

  it('is unreachable once the emulator stops: retryable, for Apple and for decode', async () => {
    const other = await startEmulator({ stateDir: tmp.dir, notifyUrl: receiver.url });
    const signed = (await (await control(other, 'trigger', { body: { notificationType: 'DID_RENEW' } })).json()) as { signedPayload: string };
    await other.close();
    expect(await verificationStatus(verifier('Sandbox').verifyAndDecodeNotification(signed.signedPayload))).toBe(VerificationStatus.RETRYABLE_VERIFICATION_FAILURE);
    const r = await decodeSignedData(signed.signedPayload, { roots: [rootDer], online: true, ocspTimeoutMs: 5000 });
    expect(r.verification).toMatchObject({ status: 'RETRYABLE_VERIFICATION_FAILURE', reason: 'jws.ocsp.unreachable' });
  });
});
