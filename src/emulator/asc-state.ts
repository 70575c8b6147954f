// The emulator's App Store Connect API key: created on first use in the state folder and reused, like
// its In-App Purchase test key (state.ts) but in a file of its own, so a state folder made before it
// existed gains one without being rewritten. asc-key.json (mode 0600, written once, atomically) holds
// the identity and the key; AuthKey_<KEYID>.p8 is exported beside it, as App Store Connect names it.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureWritableDir, writeFileAtomic } from '../util/atomic-write.js';
import { newKeyId, oncePerFolder } from './state.js';

export interface AscKeyState {
  issuerId: string;
  keyId: string;
  /** The exported AuthKey_<KEYID>.p8. */
  privateKeyPath: string;
  privateKeyPem: string;
}

interface AscKeyFile {
  version: 1;
  issuerId: string;
  keyId: string;
  keyPem: string;
}

/** The state folder's App Store Connect key, created on first use. Cached per folder within a process. */
export const loadAscKey: (dir: string) => Promise<AscKeyState> = oncePerFolder(openAscKey);

async function openAscKey(dir: string): Promise<AscKeyState> {
  const file = join(dir, 'asc-key.json');
  const existing = await readKeyFile(file);
  let state = existing.state;
  if (!state) {
    await ensureWritableDir(dir);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const fresh: AscKeyFile = { version: 1, issuerId: randomUUID(), keyId: newKeyId(), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    // A damaged file is replaced; parallel first runs agree: the first write wins, everyone uses what is on disk.
    if (existing.exists) await rm(file, { force: true });
    await writeFileAtomic(file, JSON.stringify(fresh, null, 2), { mode: 0o600, exclusive: true });
    state = (await readKeyFile(file)).state ?? fresh;
  }
  const privateKeyPath = join(dir, `AuthKey_${state.keyId}.p8`);
  const current = await readFile(privateKeyPath, 'utf8').catch(() => undefined);
  if (current !== state.keyPem) await writeFileAtomic(privateKeyPath, state.keyPem, { mode: 0o600 });
  return { issuerId: state.issuerId, keyId: state.keyId, privateKeyPath, privateKeyPem: state.keyPem };
}

async function readKeyFile(file: string): Promise<{ state?: AscKeyFile; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { exists: false };
  }
  try {
    const parsed = JSON.parse(text) as AscKeyFile;
    return parsed.version === 1 && parsed.issuerId && parsed.keyId && parsed.keyPem ? { state: parsed, exists: true } : { exists: true };
  } catch {
    return { exists: true };
  }
}
