// Kinds of signed data and the claims Apple compares for each.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedData, type VerifyOptions } from '../../src/jws/index.js';
import { createAppleLikeChain, signJws, type AppleLikeChain } from '../helpers/apple-like-chain.js';

let chain: AppleLikeChain;
let opts: VerifyOptions;
beforeAll(async () => {
  chain = await createAppleLikeChain();
  opts = { roots: [chain.root.certDer] };
});
const now = Date.now();

describe('kinds', () => {
  it('a renewal-extension summary', async () => {
    const r = await decodeSignedData(
      signJws(chain, { notificationType: 'RENEWAL_EXTENSION', subtype: 'SUMMARY', summary: { bundleId: 'com.a', environment: 'Production', appAppleId: 42, succeededCount: 3 }, signedDate: now }),
      { ...opts, bundleId: 'com.a', environment: 'Production', appAppleId: '42' },
    );
    expect(r.kind).toBe('summary');
    expect(r.ok).toBe(true);
  });

  it('an external purchase token: environment from the SANDBOX prefix', async () => {
    const jws = signJws(chain, { notificationType: 'EXTERNAL_PURCHASE_TOKEN', subtype: 'UNREPORTED', externalPurchaseToken: { externalPurchaseId: 'SANDBOX_1', bundleId: 'com.a', appAppleId: 42 }, signedDate: now });
    const r = await decodeSignedData(jws, { ...opts, environment: 'Production' });
    expect(r.kind).toBe('externalPurchaseToken');
    expect(r.verification.checks.find((c) => c.status === 'fail')?.title).toBe('environment is Sandbox, expected Production');
  });

  it('an app transaction nested in appData (RESCIND_CONSENT), dated by receiptCreationDate', async () => {
    const app = signJws(chain, { receiptType: 'Sandbox', bundleId: 'com.a', appAppleId: 42, receiptCreationDate: now - 1000, originalApplicationVersion: '1' });
    const r = await decodeSignedData(signJws(chain, { notificationType: 'RESCIND_CONSENT', appData: { bundleId: 'com.a', environment: 'Sandbox', signedAppTransactionInfo: app }, signedDate: now }), opts);
    expect(r.ok).toBe(true);
    expect(r.nested[0]).toMatchObject({ field: 'appData.signedAppTransactionInfo', kind: 'appTransaction', verified: true });
    expect(r.nested[0]!.verification.effectiveDate).toBe(new Date(now - 1000).toISOString());
  });

  it('unknown fields and enum values are kept as they are', async () => {
    const r = await decodeSignedData(signJws(chain, { notificationType: 'SOMETHING_NEW', data: { status: 9, newField: 'x', bundleId: 'b', environment: 'Sandbox' }, signedDate: now }), opts);
    expect(r.ok).toBe(true);
    expect(r.payload).toMatchObject({ notificationType: 'SOMETHING_NEW', data: { status: 9, newField: 'x' } });
  });
});
