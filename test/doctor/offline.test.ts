// doctor on a machine without network (an empty network namespace: no DNS, no route; nothing can
// leave it): what could not be checked makes the run "could not finish" (exit 3), not "problem
// found" (exit 1). A real problem found on the way still wins.
import { execFile } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_ID, ISSUER_ID, KEY_ID, p256, TempDir } from '../auth/helpers/keys.js';
import { CLI, cleanEnv } from '../helpers/run-cli.js';
import { canUnshare } from '../helpers/namespaces.js';

const dir = new TempDir();
afterAll(() => dir.remove());
const key = dir.file(`SubscriptionKey_${KEY_ID}.p8`, p256().pkcs8Pem);

function offlineDoctor(extra: string[]): Promise<{ code: number; doc: Record<string, any> }> {
  const args = ['-rn', process.execPath, CLI, 'doctor', '--json', '--timeout', '3', '--key', key, '--issuer-id', ISSUER_ID, '--bundle-id', BUNDLE_ID, ...extra];
  return new Promise((resolve) =>
    execFile('unshare', args, { env: cleanEnv({ XDG_CONFIG_HOME: dir.path }), timeout: 30_000 }, (err, stdout) =>
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, doc: JSON.parse(stdout) as Record<string, any> }),
    ),
  );
}

describe.skipIf(!canUnshare('-rn'))('doctor without network', () => {
  it('nothing could be tested: exit 3, "could not finish", every unfinished check marked', async () => {
    const { code, doc } = await offlineDoctor(['--production-url', 'https://hooks.example.com/asn']);
    expect(code).toBe(3);
    expect(doc).toMatchObject({ ok: false, couldNotFinish: true, summary: { id: 'doctor.summary.could-not-finish' } });
    const marked = (doc.checks as { id: string; data?: { couldNotFinish?: boolean } }[]).filter((c) => c.data?.couldNotFinish).map((c) => c.id);
    expect(marked).toEqual(expect.arrayContaining(['doctor.url.could-not-test']));
    expect(marked.some((id) => id.startsWith('api.network.'))).toBe(true);
  });

  it('a problem found on the way still makes it exit 1', async () => {
    const { code, doc } = await offlineDoctor(['--production-url', 'https://hooks.example.com:80/asn']);
    expect(code).toBe(1);
    expect(doc).toMatchObject({ couldNotFinish: false, summary: { id: 'doctor.summary.problems' } });
  });
});
