// Writes N unique notifications (each with a nested signedTransactionInfo and signedRenewalInfo, all
// ES256-signed by an Apple-shaped test chain) one a line, plus the chain's root for --root.
// Needs `npm run build` first (uses dist/pki/issue.js).
import { KeyObject, sign } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { issueCertificate, KeyUsage } from '../../dist/pki/issue.js';

export async function makeChain() {
  const notBefore = new Date(Date.now() - 30 * 86_400_000);
  const root = await issueCertificate({ subject: 'CN=Bench Root CA, O=asn-doctor bench', keys: { kind: 'ec', curve: 'P-384' }, signatureHash: 'SHA-384', ca: true, keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign, notBefore });
  const intermediate = await issueCertificate({ subject: 'CN=Bench WWDR CA, O=asn-doctor bench', issuer: root, keys: { kind: 'ec', curve: 'P-384' }, signatureHash: 'SHA-384', ca: { pathLength: 0 }, keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign, extensions: [{ oid: '1.2.840.113635.100.6.2.1' }], notBefore });
  const leaf = await issueCertificate({ subject: 'CN=Bench Receipt Signing, O=asn-doctor bench', issuer: intermediate, keys: { kind: 'ec', curve: 'P-256' }, signatureHash: 'SHA-384', ca: false, keyUsage: KeyUsage.digitalSignature,  extensions: [{ oid: '1.2.840.113635.100.6.11.1' }], notBefore });
  return { root, intermediate, leaf };
}

export function signer(chain) {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', x5c: [chain.leaf, chain.intermediate, chain.root].map((c) => c.certDer.toString('base64')) })).toString('base64url');
  const key = KeyObject.from(chain.leaf.keys.privateKey);
  return (payload) => {
    const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
}

export const BUNDLE_ID = 'com.example.bench';

export function notification(sign, i, now) {
  const signedDate = now - i * 1000;
  const tx = sign({
    transactionId: String(2000000000000000 + i), originalTransactionId: '2000000000000000', webOrderLineItemId: String(2000000000300000 + i),
    bundleId: BUNDLE_ID, productId: 'com.example.bench.monthly', subscriptionGroupIdentifier: '21000000', purchaseDate: signedDate - 5000,
    originalPurchaseDate: now - 86_400_000 * 30, expiresDate: signedDate + 86_400_000 * 30, quantity: 1, type: 'Auto-Renewable Subscription',
    inAppOwnershipType: 'PURCHASED', signedDate, environment: 'Sandbox', transactionReason: 'RENEWAL', storefront: 'USA', storefrontId: '143441', price: 9990, currency: 'USD',
  });
  const renewal = sign({
    originalTransactionId: '2000000000000000', autoRenewProductId: 'com.example.bench.monthly', productId: 'com.example.bench.monthly', autoRenewStatus: 1,
    signedDate, environment: 'Sandbox', recentSubscriptionStartDate: now - 86_400_000 * 30, renewalDate: signedDate + 86_400_000 * 30, renewalPrice: 9990, currency: 'USD',
  });
  return sign({
    notificationType: 'DID_RENEW', notificationUUID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    data: { bundleId: BUNDLE_ID, bundleVersion: '1', environment: 'Sandbox', signedTransactionInfo: tx, signedRenewalInfo: renewal, status: 1 },
    version: '2.0', signedDate,
  });
}

/** Writes `count` lines to `file` (streamed) and the root to `rootFile`. */
export async function makeBatch(file, rootFile, count, reuse) {
  const chain = reuse ?? (await makeChain());
  const sign = signer(chain);
  writeFileSync(rootFile, chain.root.certPem);
  const out = createWriteStream(file);
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    if (!out.write(`${notification(sign, i, now)}\n`)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  return chain;
}
