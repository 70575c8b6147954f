// `doctor` against the emulator (--api-url) and a local TLS receiver, with complete, partial, broken and
// empty configurations. In-process (test/helpers/in-process-cli.ts: the real argument parser, command
// and top-level handler); doctor as a process is in offline.test.ts (exit 3 and 1 without a network)
// and test/cli/interrupt.test.ts (Ctrl-C on a terminal).
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process-cli.js';
import { openDemoSession, type DemoSession } from '../../src/demo/session.js';
import { listenVerifier, startListener } from '../../src/listen/index.js';

interface DoctorJson {
  ok: boolean;
  nothingConfigured: boolean;
  counts: { pass: number; warn: number; fail: number };
  summary: { status: string; title: string };
  checks: { id: string; status: string; title: string; fix?: string; group?: string; sendAttemptResult?: string }[];
}

let s: DemoSession;
let home: string;
let caFile: string;

beforeAll(async () => {
  s = await openDemoSession();
  home = await mkdtemp(join(tmpdir(), 'asn-doctor-home-'));
  caFile = s.listener.caPath!;
});
afterAll(async () => {
  await s.close();
  await rm(home, { recursive: true, force: true });
});

function creds(): string[] {
  return ['--issuer-id', s.emulator.issuerId, '--key-id', s.emulator.keyId, '--key', s.emulator.privateKeyPath!, '--bundle-id', s.emulator.bundleId, '--api-url', s.emulator.baseUrl];
}

async function doctor(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; doc: DoctorJson; stderr: string }> {
  const r = await runInProcess(['doctor', '--json', '--timeout', '5', ...args], { env: { XDG_CONFIG_HOME: home, ...env } });
  return { code: r.code, doc: JSON.parse(r.stdout) as DoctorJson, stderr: r.stderr };
}

const ids = (d: DoctorJson) => d.checks.map((c) => c.id);

describe('asn-doctor doctor', () => {
  it('complete configuration: every stage runs, --send delivers, exit 0', async () => {
    const { code, doc } = await doctor([...creds(), '--sandbox-url', s.receiverUrl, '--production-url', s.receiverUrl, '--ca', caFile, '--allow-private', '--send', '--wait', '10']);
    expect(doc.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(code).toBe(0);
    expect(doc.ok).toBe(true);
    expect(ids(doc)).toEqual(expect.arrayContaining(['doctor.key.loaded', 'doctor.token.ok', 'doctor.api.ok', 'auth.clock.ok', 'doctor.send.ok']));
    // Local rehearsal: deliverable, with the warnings that say what Apple would see differently.
    expect(doc.checks.filter((c) => c.group === 'Notification URLs').map((c) => c.id)).toEqual(['doctor.url.warn', 'doctor.url.warn']);
    // The command offered for the details reproduces the rehearsal, or it would report different failures.
    for (const c of doc.checks.filter((x) => x.group === 'Notification URLs')) {
      expect(c.fix).toBe(`Run \`asn-doctor check-url ${s.receiverUrl} --ca <your CA file> --allow-private\` for the details.`);
    }
  });

  it('the same in human form: one line per check, a summary line', async () => {
    const r = await runInProcess(['doctor', ...creds(), '--sandbox-url', s.receiverUrl, '--ca', caFile, '--allow-private'], { env: { XDG_CONFIG_HOME: home } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ a fresh token follows Apple’s rules/);
    expect(r.stdout).toMatch(/! no production notification URL configured\n\s+fix: /);
    expect(r.stdout).toMatch(/- no test notification requested \(add --send/);
    expect(r.stdout).toMatch(/No problems; \d+ warnings? to look at\.\n$/);
    expect(r.stdout).not.toContain('eyJ'); // never a token
  });

  it('--send with a receiver that answers 500: the attempt result and its fix, exit 1', async () => {
    const failing = await startListener({ port: 0, respondStatus: 500, verify: listenVerifier({ roots: [] }) });
    s.emulator.setNotifyUrl('Sandbox', failing.url);
    try {
      const { code, doc } = await doctor([...creds(), '--send', '--wait', '10']);
      expect(code).toBe(1);
      const sent = doc.checks.find((c) => c.id === 'doctor.send.fail');
      expect(sent).toMatchObject({ status: 'fail', sendAttemptResult: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' });
      expect(sent?.fix).toBeTruthy();
    } finally {
      s.emulator.setNotifyUrl('Sandbox', s.receiverUrl);
      await failing.close();
    }
  });

  it('partial configuration: names each missing credential with its flag and variable, still checks the URL', async () => {
    const { code, doc } = await doctor(['--issuer-id', s.emulator.issuerId, '--sandbox-url', s.receiverUrl, '--ca', caFile, '--allow-private']);
    expect(code).toBe(1);
    const missing = doc.checks.filter((c) => c.id === 'doctor.credential.missing');
    expect(missing.map((c) => c.title)).toEqual(['key ID not set', 'private key not set', 'bundle ID not set']);
    expect(missing[0]!.fix).toContain('ASN_KEY_ID');
    expect(ids(doc)).toEqual(expect.arrayContaining(['doctor.token.skipped', 'doctor.api.skipped', 'doctor.url.warn']));
  });

  it('broken: a key file that is not there', async () => {
    const { code, doc } = await doctor([...creds().slice(0, 4), '--key', join(home, 'SubscriptionKey_ABCDEFGHIJ.p8'), '--bundle-id', s.emulator.bundleId]);
    expect(code).toBe(1);
    const fail = doc.checks.find((c) => c.id === 'auth.key.missing');
    expect(fail?.status).toBe('fail');
    expect(fail?.fix).toBeTruthy();
  });

  it('broken: a key ID the API does not know gets a 401 with its triage', async () => {
    const args = creds();
    args[3] = 'ZZZZZZZZZZ';
    const { code, doc } = await doctor(args);
    expect(code).toBe(1);
    expect(ids(doc)).toContain('api.http.401');
    expect(ids(doc)).toContain('api.401.credentials-rejected');
    expect(new Set(doc.checks.map((c) => `${c.id} ${c.title}`)).size).toBe(doc.checks.length);
  });

  it('broken: a malformed issuer ID from the environment names the variable', async () => {
    const { code, doc } = await doctor([], { ASN_ISSUER_ID: 'not-a-uuid' });
    expect(code).toBe(1);
    const fail = doc.checks.find((c) => c.status === 'fail');
    expect(fail?.title).toContain('ASN_ISSUER_ID');
  });

  it('reads credentials and URLs from the config file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asn-doctor-cfg-'));
    try {
      await copyFile(s.emulator.privateKeyPath!, join(dir, 'key.p8'));
      const config = join(dir, 'config.json');
      await writeFile(config, JSON.stringify({ issuerId: s.emulator.issuerId, keyId: s.emulator.keyId, privateKeyPath: 'key.p8', bundleId: s.emulator.bundleId, apiUrl: s.emulator.baseUrl, notificationUrls: { sandbox: s.receiverUrl } }), { mode: 0o600 });
      const { code, doc } = await doctor(['--config', config, '--ca', caFile, '--allow-private']);
      expect(code).toBe(0);
      expect(ids(doc)).toEqual(expect.arrayContaining(['doctor.config.found', 'doctor.api.ok', 'doctor.url.warn', 'doctor.url.missing']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('broken: a --config file that is not there is one failure, not also "using flags only"', async () => {
    const { code, doc } = await doctor([...creds(), '--config', join(home, 'missing.json')]);
    expect(code).toBe(1);
    expect(ids(doc)).not.toContain('doctor.config.none');
    expect(doc.checks.filter((c) => c.status === 'fail').map((c) => c.title)).toEqual([expect.stringContaining('missing.json')]);
  });

  it('nothing configured: exit 2 and says what to set', async () => {
    const { code, doc } = await doctor([]);
    expect(code).toBe(2);
    expect(doc.ok).toBe(false);
    expect(doc.nothingConfigured).toBe(true);
    expect(doc.summary.title).toMatch(/Nothing to check/);
  });
});
