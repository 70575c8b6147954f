// doctor must not hang on servers that never finish answering (issue 10, point 1): its API probe,
// its check-url of both notification URLs and its --send wait all end within their limits, even when
// the API endpoint and the receiver answer with endless 103 Early Hints.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { CHECK_URL_PHASES } from '../../src/url/index.js';
import { misbehave, startRawServer, timed, type RawServer } from '../helpers/hostile-http.js';
import { createZooPki, issueLeaf, startTlsServer, type ZooServer } from '../helpers/tls-zoo.js';

const T = 1500;
const WAIT_MS = 1500;
let dir: string;
let api: RawServer;
let receiver: ZooServer;
let caPem: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'asn-doctor-hostile-'));
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(path.join(dir, 'AuthKey_ABC123DEFG.p8'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  api = await startRawServer(misbehave('early-hints'));
  const pki = await createZooPki();
  caPem = pki.caPem;
  receiver = await startTlsServer({ creds: await issueLeaf(pki), onSocket: misbehave('early-hints') });
});
afterAll(async () => {
  await Promise.all([api?.close(), receiver?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

it('doctor --send against an API and a receiver that never finish: ends, with timeouts reported', async () => {
  const url = `https://127.0.0.1:${receiver.port}/asn`;
  const r = await timed(() =>
    runDoctor({
      flags: { issuerId: '57246542-96fe-1a63-e053-0824d011072a', keyId: 'ABC123DEFG', key: path.join(dir, 'AuthKey_ABC123DEFG.p8'), bundleId: 'com.example.app', apiUrl: api.url.replace(/\/$/, '') },
      env: { XDG_CONFIG_HOME: path.join(dir, 'no-config') },
      cwd: dir,
      send: true,
      urls: { production: url, sandbox: url },
      ca: [caPem],
      allowPrivate: true,
      timeoutMs: T,
      waitMs: WAIT_MS,
    }),
  );
  expect(r.error).toBeUndefined();
  const checks = r.value!.checks;
  expect(checks.filter((c) => c.group === 'Notification URLs').map((c) => c.sendAttemptResult)).toEqual(['TIMED_OUT', 'TIMED_OUT']);
  expect(checks.find((c) => c.id === 'api.network.timeout')?.status).toBe('fail');
  // API probe and URL checks run side by side, then the test request (one timeout) and the wait.
  expect(r.ms).toBeLessThan(CHECK_URL_PHASES * T + T + WAIT_MS + 3000);
});
