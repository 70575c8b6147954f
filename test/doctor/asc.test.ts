// doctor with an App Store Connect API key: the URLs checked are the ones App Store Connect really has,
// each line says where its URL came from, and a local URL that differs from App Store Connect's is a
// finding. In-process, against the emulator standing in for both of Apple's APIs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoSession, type DemoSession } from '../../src/demo/session.js';
import { TempDir } from '../auth/helpers/keys.js';
import { runInProcess } from '../helpers/in-process-cli.js';

let s: DemoSession;
const dir = new TempDir();
beforeAll(async () => {
  s = await openDemoSession();
});
afterAll(async () => {
  await s?.close();
  dir.remove();
});

interface Doc {
  ok: boolean;
  checks: { id: string; status: string; title: string; group?: string }[];
}

async function doctor(args: string[]): Promise<{ code: number; doc: Doc }> {
  const e = s.emulator;
  const creds = ['--issuer-id', e.issuerId, '--key-id', e.keyId, '--key', e.privateKeyPath!, '--bundle-id', e.bundleId, '--api-url', e.baseUrl];
  const r = await runInProcess(['doctor', '--json', '--timeout', '5', ...creds, '--ca', s.listener.caPath!, '--allow-private', ...args], { cwd: dir.path });
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc };
}

describe('doctor with an App Store Connect API key', () => {
  it('checks the URLs App Store Connect has, says so, and flags a local URL that differs', async () => {
    const e = s.emulator;
    s.emulator.setNotifyUrl('Sandbox', undefined);
    const config = join(dir.path, 'config.json');
    writeFileSync(config, JSON.stringify({ notificationUrls: { production: 'https://old.example.com/asn' } }));
    const { code, doc } = await doctor(['--config', config, '--asc-url', e.ascUrl, '--asc-issuer-id', e.ascIssuerId!, '--asc-key', e.ascPrivateKeyPath]);
    const byId = (id: string) => doc.checks.filter((c) => c.id === id);
    expect(byId('doctor.asc.key')[0]!.title).toBe(`App Store Connect API key ${e.ascKeyId} (team key, from flag)`);
    expect(byId('doctor.asc.read')).toHaveLength(1);
    expect(byId('doctor.asc.differs')[0]!.title).toBe(`Production URL differs: App Store Connect has ${s.receiverUrl}, config file says https://old.example.com/asn`);
    const urls = doc.checks.filter((c) => c.group === 'Notification URLs');
    expect(urls.map((c) => c.id)).toEqual(['doctor.url.warn', 'doctor.url.sandbox-falls-back']);
    expect(urls[0]!.title).toContain(`Production URL ${s.receiverUrl} (App Store Connect): deliverable`);
    expect(doc.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(code).toBe(0);
  });

  it('without one: the local URLs, a note that they may not be what Apple uses, and where each came from', async () => {
    const { doc } = await doctor(['--production-url', s.receiverUrl]);
    expect(doc.checks.find((c) => c.id === 'doctor.asc.none')?.status).toBe('info');
    expect(doc.checks.find((c) => c.group === 'Notification URLs')!.title).toContain('(--production-url)');
  });

  it('an App Store Connect URL that answers no apps resource: a finding, the other stages still run', async () => {
    const e = s.emulator;
    const { doc } = await doctor(['--asc-url', `${e.baseUrl}/nowhere`, '--asc-key', e.ascPrivateKeyPath, '--production-url', s.receiverUrl]);
    expect(doc.checks.find((c) => c.id === 'doctor.asc.failed')?.status).toBe('fail');
    expect(doc.checks.some((c) => c.id === 'doctor.api.ok')).toBe(true);
    expect(doc.checks.find((c) => c.group === 'Notification URLs')!.title).toContain('(--production-url)');
  });
});
