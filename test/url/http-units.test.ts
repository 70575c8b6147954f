// Pure pieces of the HTTP stage: fingerprints, probe bodies, prediction.
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/url/fingerprints.js';
import { LARGE_PROBE_BYTES, probeBody } from '../../src/url/probe-body.js';
import { predict } from '../../src/url/summary.js';
import { check } from '../../src/report/check.js';
import { hasDiagnostic } from '../../src/report/diagnostics/index.js';

describe('fingerprints', () => {
  it.each([
    [{ status: 403, headers: { server: 'cloudflare', 'cf-ray': 'x', 'cf-mitigated': 'challenge' } }, 'cloudflare', 'cloudflare-challenge'],
    [{ status: 403, headers: { server: 'awselb/2.0' }, bodySnippet: '<html><title>403 Forbidden</title></html>' }, 'aws-elb', 'aws-waf'],
    [{ status: 403, headers: { 'x-amzn-requestid': 'r', 'x-amzn-errortype': 'MissingAuthenticationTokenException' }, bodySnippet: '{"message":"Missing Authentication Token"}' }, 'aws-api-gateway', 'api-gateway-missing-token'],
    [{ status: 403, headers: { server: 'Google Frontend' }, bodySnippet: 'Error: Forbidden. Your client does not have permission to get URL' }, 'google', 'google-iam'],
    [{ status: 401, headers: { server: 'Vercel', 'x-vercel-id': 'fra1::abc' } }, 'vercel', 'vercel-protection'],
    [{ status: 200, headers: {}, bodySnippet: '<html>ERR_NGROK_6024 You are about to visit</html>' }, 'ngrok', 'ngrok-browser-warning'],
    [{ status: 404, headers: { 'ngrok-error-code': 'ERR_NGROK_3200' } }, 'ngrok', 'ngrok-offline'],
  ])('%j → %s / %s', (sample, vendor, interstitial) => {
    expect(fingerprint(sample)).toMatchObject({ vendor, interstitial });
    expect(hasDiagnostic(`http.interstitial.${interstitial}`)).toBe(true);
  });

  it('a plain app response has no vendor', () => {
    expect(fingerprint({ status: 200, headers: { 'content-type': 'application/json' }, bodySnippet: '{}' })).toEqual({});
  });
});

describe('probe bodies', () => {
  it('look like responseBodyV2 and say they are probes', () => {
    const body = JSON.parse(probeBody()) as { signedPayload: string };
    const [header, payload, sig] = body.signedPayload.split('.');
    expect(sig).toBe('not-signed');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ typ: 'asn-doctor-probe' });
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ notificationType: 'ASN_DOCTOR_PROBE' });
  });

  it('the large one is about 24 KB', () => {
    const size = Buffer.byteLength(probeBody({ targetBytes: LARGE_PROBE_BYTES }));
    expect(size).toBeGreaterThan(LARGE_PROBE_BYTES - 64);
    expect(size).toBeLessThanOrEqual(LARGE_PROBE_BYTES + 64);
  });
});

describe('prediction', () => {
  it('names the first failing stage’s result', () => {
    const checks = [check('tcp.connected', { address: 'a', ms: 1 }), check('cert.expired', { daysAgo: 1 }), check('http.status.404', { status: 404, get: '-' })];
    expect(predict(checks)).toMatchObject({ verdict: 'not-deliverable', predictedResult: 'TLS_ISSUE', decisiveCheck: 'cert.expired' });
  });

  it('warnings alone are deliverable; a could-not-test stage without failures is not', () => {
    expect(predict([check('tls.versions.only-1.3', {})])).toMatchObject({ verdict: 'deliverable', predictedResult: 'SUCCESS' });
    expect(predict([check('dns.unavailable', { host: 'h', code: 'X' })], 'dns.unavailable')).toMatchObject({ verdict: 'could-not-test', predictedResult: null });
  });
});
