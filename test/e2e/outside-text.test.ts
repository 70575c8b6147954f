// The commands end to end (issue 10 point 7): control characters and bidirectional overrides from
// outside — a JWS header's alg and payload fields, a server's headers and certificate, an API error
// body, history and status answers, a token, what listen receives — never reach stdout or stderr raw in
// human mode, and come out exact with --json. Whole commands run in-process (the real parser, command
// and top-level handler writing to captured streams); decode also runs as a process, so the bytes on a
// real stdout and stderr are checked too. Renderers alone are tested in test/unit/outside-text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as runProcess } from '../helpers/run-cli.js';
import { runInProcess, startInProcess } from '../helpers/in-process-cli.js';
import { createAppleLikeChain, samplePayload, signJws, b64url, type AppleLikeChain } from '../helpers/apple-like-chain.js';
import { createZooPki, issueLeaf, startHttpsServer, type ZooServer } from '../helpers/tls-zoo.js';
import { startLocalApi, type LocalApi } from '../api/local-api.js';
import { strangerKey } from '../api/helpers.js';

// [8m (conceal) is a colour-style sequence: a filter that lets our own colours through would let it through too.
const ESC = '\u001b[8m\u001b[2J\u001b]0;pwned\u0007';
const BIDI = 'gnp.\u202eexe';
/** Anything a terminal would act on; output runs with NO_COLOR, so not even colour codes belong here. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const runCli = (args: string[]): Promise<CliResult> => runInProcess(args);

function expectNoRaw(r: CliResult): void {
  expect(RAW.exec(r.stdout)?.[0]).toBeUndefined();
  expect(RAW.exec(r.stderr)?.[0]).toBeUndefined();
}

let dir: string;
let chain: AppleLikeChain;
let rootPem: string;
let hostile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'asn-outside-text-'));
  chain = await createAppleLikeChain();
  rootPem = join(dir, 'root.pem');
  writeFileSync(rootPem, chain.root.certPem);
  hostile = signJws(chain, samplePayload({ notificationType: `TEST${ESC}`, subtype: BIDI, data: { bundleId: `com.example${ESC}`, environment: 'Sandbox' } }), {
    header: { alg: `ES256${ESC}` },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('outside text on a terminal', () => {
  it('decode (process): an ESC in alg and in payload fields, a U+202E in a field', async () => {
    const human = await runProcess(['decode', '--root', rootPem, hostile]);
    expect(human.code).toBe(1);
    expectNoRaw(human);
    expect(human.stdout).toContain('Algorithm is ES256\\e[8m\\e[2J\\e]0;pwned\\x07, not ES256');
    expect(human.stdout).toContain('TEST\\e[8m\\e[2J\\e]0;pwned\\x07 / gnp.\\u202eexe');
    const json = await runProcess(['--json', 'decode', '--root', rootPem, hostile]);
    const doc = JSON.parse(json.stdout);
    expect(doc.header.alg).toBe(`ES256${ESC}`);
    expect(doc.payload.subtype).toBe(BIDI);
    expect(doc.payload.data.bundleId).toBe(`com.example${ESC}`);
  });

  it('token inspect: a JWT header and claims holding control characters', async () => {
    const jwt = `${b64url({ alg: `ES256${ESC}`, kid: BIDI, typ: 'JWT' })}.${b64url({ iss: `x${ESC}`, exp: 1e308 })}.AAAA`;
    const human = await runCli(['token', 'inspect', jwt]);
    expectNoRaw(human);
    expect(human.stdout).toContain('\\u202e');
    expect(human.stdout).toContain('1e+308 (not a valid date)');
    const doc = JSON.parse((await runCli(['--json', 'token', 'inspect', jwt])).stdout);
    expect(doc.header.alg).toBe(`ES256${ESC}`);
    expect(doc.header.kid).toBe(BIDI);
  });

  describe('check-url: a server whose headers and certificate hold control characters', () => {
    let server: ZooServer;
    let caFile: string;
    beforeAll(async () => {
      const pki = await createZooPki();
      caFile = join(dir, 'zoo-ca.pem');
      writeFileSync(caFile, pki.caPem);
      // HTTP parsers refuse C0 in a header; C1 (a lone 0x9b is CSI on many terminals) and UTF-8 bidi bytes pass.
      // A very long header value is cut on a terminal, with the marker, and kept whole in --json.
      const raw = Buffer.from(`HTTP/1.1 405 Nope\r\nAllow: GET \u009b2J \u00e2\u0080\u00ae${' POST'.repeat(400)}\r\nContent-Type: text/plain; charset=\u009b5m\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody`, 'latin1');
      server = await startHttpsServer({
        creds: await issueLeaf(pki, { selfSigned: true, cn: `evil${ESC}${BIDI}` }),
        handler: (req, res) => {
          req.resume();
          req.on('end', () => res.socket?.end(raw));
        },
      });
    });
    afterAll(() => server?.close());
    const args = () => ['check-url', server.url, '--resolve', server.resolveArg, '--ca', caFile, '--allow-private', '--timeout', '5'];

    it('human: escaped; --json: exact', async () => {
      const human = await runCli(args());
      expectNoRaw(human);
      // Node's certificate parser escapes C0 in names itself (\1B); the bidi override is left to us.
      expect(human.stdout).toMatch(/self-signed certificate \(evil.*gnp\.\\u202eexe\)/);
      const json = await runCli([...args(), '--json']);
      const titles = (JSON.parse(json.stdout).checks as { title: string }[]).map((k) => k.title).join('\n');
      expect(titles).toContain(BIDI);
      expect(human.stdout).toMatch(/Allow: GET \\x9b2J .* POST P?…\[\d+ more characters\]\n/);
      expect(titles).toContain(`Allow: GET \u009b2J \u00e2\u0080\u00ae${' POST'.repeat(400)})`);
    });
  });

  describe('the API: an error body, a history answer and a test status holding control characters', () => {
    let api: LocalApi;
    let keyPath: string;
    beforeAll(async () => {
      api = await startLocalApi();
      keyPath = strangerKey(dir);
    });
    afterAll(() => api?.close());
    const creds = () => ['--api-url', api.url, '--env', 'production', '--issuer-id', '57246542-96fe-1a63-e053-0824d011072a', '--key', keyPath, '--bundle-id', 'com.example.app', '--timeout', '3'];

    it('an API error body', async () => {
      api.script(() => ({ status: 400, json: { errorCode: 4009999, errorMessage: `Invalid ${ESC}${BIDI}` } }));
      const human = await runCli(['history', ...creds()]);
      expect(human.code).toBe(2);
      expectNoRaw(human);
      expect(human.stderr).toContain('Invalid \\e[8m\\e[2J');
      const json = await runCli(['--json', 'history', ...creds()]);
      expect(json.stdout).toContain(JSON.stringify(`Invalid ${ESC}${BIDI}`).slice(1, -1));
    });

    it('history rows and attempts, with a date no Date can hold', async () => {
      const attempts = [{ attemptDate: 1e308, sendAttemptResult: `OTHER${ESC}` }];
      api.script(() => ({ status: 200, json: { notificationHistory: [{ signedPayload: hostile, sendAttempts: attempts }], hasMore: false } }));
      for (const extra of [['--verbose']]) {
        const human = await runCli(['history', ...creds(), ...extra]);
        expectNoRaw(human);
        expect(human.stdout).toContain('TEST\\e[8m\\e[2J');
        expect(human.stdout).not.toContain('Invalid time value');
      }
      const json = await runCli(['--json', 'history', ...creds()]);
      const rec = JSON.parse(json.stdout.trim().split('\n')[0]!);
      expect(rec.sendAttempts).toEqual(attempts);
    });

    it('a test status', async () => {
      api.script(() => ({ status: 200, json: { signedPayload: hostile, sendAttempts: [{ attemptDate: -1e20, sendAttemptResult: `NO_RESPONSE${BIDI}` }] } }));
      const token = '00000000-0000-4000-8000-000000000000';
      const human = await runCli(['test-status', token, ...creds(), '--verbose']);
      expectNoRaw(human);
      expect(human.stdout).toContain('-100000000000000000000 (not a valid date)');
      expect(human.stdout).toContain('NO_RESPONSEgnp.\\u202eexe');
      const doc = JSON.parse((await runCli(['--json', 'test-status', token, ...creds()])).stdout);
      expect(doc.sendAttempts[0]).toEqual({ attemptDate: -1e20, sendAttemptResult: `NO_RESPONSE${BIDI}` });
    });
  });

  it('listen: a received notification, human and --json', async () => {
    for (const json of [false, true]) {
      const listen = startInProcess([...(json ? ['--json'] : []), 'listen', '--port', '0', '--root', rootPem]);
      try {
        const url = /https?:\/\/127\.0\.0\.1:\d+\/?/.exec(await listen.waitFor((out) => /https?:\/\/127\.0\.0\.1:\d+/.test(out)))![0];
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signedPayload: hostile }) });
        expect(res.status).toBe(200);
        const event = (await listen.waitFor((out) => out.split('\n').some((l) => l.includes('TEST')))).split('\n').find((l) => l.includes('TEST'))!;
        if (json) {
          expect(JSON.parse(event).notification).toMatchObject({ notificationType: `TEST${ESC}`, subtype: BIDI });
        } else {
          expect(event).toContain('TEST\\e[8m\\e[2J\\e]0;pwned\\x07/gnp.\\u202eexe');
        }
      } finally {
        const r = await listen.stop();
        if (!json) expectNoRaw(r);
      }
    }
  });
});
