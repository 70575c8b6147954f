// listen --save: every notification body kept exactly as it arrived, one file each, named by arrival
// time and notificationUUID, written atomically; a body that cannot be kept is answered 500. Tests may
// run as root, which ignores permissions: an unusable folder is a path under a regular file.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenVerifier, startListener, type Listener } from '../../src/listen/index.js';
import { readRootFiles } from '../../src/jws/roots.js';
import { runInProcess } from '../helpers/in-process-cli.js';
import { TempDir } from '../auth/helpers/keys.js';
import { notary, type Notary } from '../replay/helpers.js';

const dir = new TempDir();
let n: Notary;
let listener: Listener;
const kept = join(dir.path, 'kept');

beforeAll(async () => {
  n = await notary(dir.path);
  mkdirSync(kept);
  const roots = (await readRootFiles([n.state.rootCaPath], dir.path)) ?? [];
  listener = await startListener({ port: 0, verify: listenVerifier({ roots }), saveDir: kept });
});
afterAll(async () => {
  await listener?.close();
  dir.remove();
});

const post = (body: string) => fetch(`${listener.url}asn`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('listen --save', () => {
  it('keeps each notification body byte for byte, named by arrival time and notificationUUID', async () => {
    const s = n.sign();
    // Spacing no serializer would produce: kept as it came.
    const body = `{ "signedPayload":\n  "${s.signedPayload}" }`;
    const res = await post(body);
    expect(res.status).toBe(200);
    const event = await listener.waitFor((e) => e.notification?.notificationUUID === s.uuid, 5000);
    expect(event.saved).toMatch(new RegExp(`/\\d{8}T\\d{6}\\.\\d{3}Z_${s.uuid}\\.json$`));
    expect(readFileSync(event.saved!, 'utf8')).toBe(body);
    // The same notification again (a retry): a second file, the first untouched.
    await post(body);
    const files = readdirSync(kept).filter((f) => f.includes(s.uuid));
    expect(files).toHaveLength(2);
    expect(readdirSync(kept).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('keeps only notifications: a body without a signedPayload is not a file', async () => {
    const before = readdirSync(kept).length;
    const res = await post('{"hello": "world"}');
    expect(res.status).toBe(400);
    expect(readdirSync(kept)).toHaveLength(before);
  });

  it('answers 500 when a body cannot be kept, so the sender tries again', async () => {
    const broken = join(dir.path, 'gone');
    mkdirSync(broken);
    const other = await startListener({ port: 0, verify: listenVerifier({ roots: [] }), saveDir: broken });
    try {
      // The folder is replaced by a file after the start.
      rmSync(broken, { recursive: true });
      writeFileSync(broken, 'in the way');
      const s = n.sign();
      const res = await fetch(`${other.url}asn`, { method: 'POST', body: JSON.stringify({ signedPayload: s.signedPayload }) });
      expect(res.status).toBe(500);
      const event = await other.waitFor(() => true, 5000);
      expect(event).toMatchObject({ kind: 'notification', status: 500, reason: 'listen.save.failed' });
      expect(event.detail).toContain('part of the path is a file, not a folder');
    } finally {
      await other.close();
    }
  });

  it('a folder it cannot write stops listen before it starts (exit 2)', async () => {
    const file = dir.file('a-file', 'x');
    const r = await runInProcess(['listen', '--port', '0', '--save', join(file, 'kept')], { cwd: dir.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: listen --save cannot write to \S+kept: part of the path is a file, not a folder\n {2}fix: /);
  });
});
