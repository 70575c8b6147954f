// What a decoded payload is, and which identifying claims Apple's verifier compares for it.
import { isValidDateMs } from '../report/format.js';

export type PayloadKind =
  | 'notification'
  | 'transaction'
  | 'renewalInfo'
  | 'appTransaction'
  | 'summary'
  | 'externalPurchaseToken'
  | 'notificationV1'
  | 'unknown';

/** Kinds that are V2 notifications (summary and externalPurchaseToken are notifications too). */
export const NOTIFICATION_KINDS: ReadonlySet<PayloadKind> = new Set(['notification', 'summary', 'externalPurchaseToken']);

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function detectKind(p: Record<string, unknown>): PayloadKind {
  if (typeof p.notificationType === 'string') {
    if (isObject(p.summary)) return 'summary';
    if (isObject(p.externalPurchaseToken)) return 'externalPurchaseToken';
    return 'notification';
  }
  if ('notification_type' in p || 'unified_receipt' in p) return 'notificationV1';
  if ('transactionId' in p && ('productId' in p || 'type' in p || 'purchaseDate' in p)) return 'transaction';
  if ('autoRenewStatus' in p || 'autoRenewProductId' in p || 'expirationIntent' in p) return 'renewalInfo';
  if ('receiptType' in p || ('appTransactionId' in p && 'originalApplicationVersion' in p)) return 'appTransaction';
  return minimalKind(p);
}

/**
 * Apple's libraries test with payloads that hold only what the verifier compares (their
 * mock_signed_data `transactionInfo` and `renewalInfo`): environment, bundleId, signedDate. Such a
 * payload is the kind whose verifier reads exactly those fields: with bundleId a transaction
 * (bundleId and environment compared), without it renewal info (environment only).
 */
function minimalKind(p: Record<string, unknown>): PayloadKind {
  const keys = Object.keys(p);
  if (typeof p.environment !== 'string' || !keys.every((k) => k === 'environment' || k === 'bundleId' || k === 'signedDate')) return 'unknown';
  return typeof p.bundleId === 'string' ? 'transaction' : 'renewalInfo';
}

export const KIND_LABEL: Record<PayloadKind, string> = {
  notification: 'Notification',
  transaction: 'Transaction',
  renewalInfo: 'Renewal info',
  appTransaction: 'App transaction',
  summary: 'Notification (renewal-extension summary)',
  externalPurchaseToken: 'Notification (external purchase token)',
  notificationV1: 'Notification, version 1',
  unknown: 'Signed data of unknown kind',
};

export interface Claims {
  bundleId?: unknown;
  appAppleId?: unknown;
  environment?: unknown;
  /** Which claims Apple compares for this kind. */
  compares: { bundleId: boolean; appAppleId: boolean; environment: boolean };
}

/** The claims Apple's SignedDataVerifier reads for each kind (docs/apple/signed-data.md#claim-checks). */
export function claimsOf(kind: PayloadKind, p: Record<string, unknown>): Claims {
  switch (kind) {
    case 'notification':
    case 'summary':
    case 'externalPurchaseToken': {
      const src = [p.data, p.summary, p.externalPurchaseToken, p.appData].find(isObject) ?? {};
      let environment = src.environment;
      if (src === p.externalPurchaseToken) {
        const id = src.externalPurchaseId;
        environment = typeof id === 'string' && id.startsWith('SANDBOX') ? 'Sandbox' : 'Production';
      }
      return { bundleId: src.bundleId, appAppleId: src.appAppleId, environment, compares: { bundleId: true, appAppleId: true, environment: true } };
    }
    case 'transaction':
      return { bundleId: p.bundleId, environment: p.environment, compares: { bundleId: true, appAppleId: false, environment: true } };
    case 'renewalInfo':
      return { environment: p.environment, compares: { bundleId: false, appAppleId: false, environment: true } };
    case 'notificationV1':
      // Shown only: a version 1 body is unsigned, so nothing is compared.
      return { bundleId: p.bid, environment: p.environment, compares: { bundleId: false, appAppleId: false, environment: false } };
    case 'appTransaction':
      return { bundleId: p.bundleId, appAppleId: p.appAppleId, environment: p.receiptType, compares: { bundleId: true, appAppleId: true, environment: true } };
    default:
      return { bundleId: p.bundleId, appAppleId: p.appAppleId, environment: p.environment, compares: { bundleId: true, appAppleId: true, environment: true } };
  }
}

/** The field holding the date Apple checks certificates at, offline: receiptCreationDate for an app transaction. */
export function signingDateField(kind: PayloadKind): string {
  return kind === 'appTransaction' ? 'receiptCreationDate' : 'signedDate';
}

/** The signing date (see signingDateField), when the payload carries one. */
export function signingDateOf(kind: PayloadKind, p: Record<string, unknown>): { ms: number; field: string } | undefined {
  const field = signingDateField(kind);
  const v = p[field];
  return isValidDateMs(v) ? { ms: v, field } : undefined;
}

/** The nested signed fields of a notification, each verified on its own. */
export function nestedFields(p: Record<string, unknown>): { field: string; jws: unknown; expect: PayloadKind }[] {
  const out: { field: string; jws: unknown; expect: PayloadKind }[] = [];
  if (isObject(p.data)) {
    if (p.data.signedTransactionInfo !== undefined) out.push({ field: 'data.signedTransactionInfo', jws: p.data.signedTransactionInfo, expect: 'transaction' });
    if (p.data.signedRenewalInfo !== undefined) out.push({ field: 'data.signedRenewalInfo', jws: p.data.signedRenewalInfo, expect: 'renewalInfo' });
  }
  if (isObject(p.appData) && p.appData.signedAppTransactionInfo !== undefined) {
    out.push({ field: 'appData.signedAppTransactionInfo', jws: p.appData.signedAppTransactionInfo, expect: 'appTransaction' });
  }
  return out;
}
