// The emulator's state folder: its CA and its test App Store Server API key, created on first use
// and reused afterwards. Everything lives in one state.json (written once, atomically, so parallel
// first runs agree); the root PEM and the .p8 key are exported next to it for other tools.
import { randomInt, randomUUID, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureWritableDir, writeFileAtomic } from '../util/atomic-write.js';
import { pemToDer } from '../pki/pem.js';
import { createEmulatorCa, type EmulatorCa } from './ca.js';

export interface EmulatorIdentity {
  issuerId: string;
  keyId: string;
  bundleId: string;
  appAppleId: number;
}

interface StateFile {
  version: 1;
  ca: EmulatorCa;
  identity: EmulatorIdentity;
  /** PKCS#8 PEM of the test In-App Purchase key (the emulator's stand-in for a .p8). */
  apiKeyPem: string;
}

export interface EmulatorState {
  dir: string;
  ca: EmulatorCa;
  identity: EmulatorIdentity;
  rootCaPath: string;
  privateKeyPath: string;
  /** DER of root, intermediate and leaf, for the x5c header. */
  chainDer: { leaf: Buffer; intermediate: Buffer; root: Buffer };
}

export const DEFAULT_BUNDLE_ID = 'com.example.asndoctor';
const KEY_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A key ID as Apple makes them: 10 upper-case letters and digits. */
export function newKeyId(): string {
  let keyId = '';
  for (let i = 0; i < 10; i += 1) keyId += KEY_ID_ALPHABET[randomInt(KEY_ID_ALPHABET.length)];
  return keyId;
}

/** `open`, run once per folder within a process (parallel callers share it); a failure is not kept. */
export function oncePerFolder<T>(open: (dir: string) => Promise<T>): (dir: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (dir) => {
    let p = cache.get(dir);
    if (!p) {
      p = open(dir);
      cache.set(dir, p);
      p.catch(() => cache.delete(dir));
    }
    return p;
  };
}

/** Loads the state folder, creating it on first use. Cached per folder within a process. */
export const loadState: (dir: string) => Promise<EmulatorState> = oncePerFolder(openState);

async function openState(dir: string): Promise<EmulatorState> {
  const file = join(dir, 'state.json');
  const existing = await readState(file);
  let state = existing.state;
  if (!state || !usable(state)) {
    // A full disk or a read-only folder is found before the CA is made, and nothing is half-written.
    await ensureWritableDir(dir);
    state = await createState();
    // A missing file is created without overwriting (parallel first runs agree); a corrupt or
    // expired one is replaced.
    if (existing.exists) await rm(file, { force: true });
    await writeFileAtomic(file, JSON.stringify(state, null, 2), { mode: 0o600, exclusive: true });
    // Another process may have won the race: use whatever is on disk now.
    state = (await readState(file)).state ?? state;
  }
  const rootCaPath = join(dir, 'emulator-root-ca.pem');
  const privateKeyPath = join(dir, `SubscriptionKey_${state.identity.keyId}.p8`);
  await writeIfChanged(rootCaPath, state.ca.rootPem, 0o644);
  await writeIfChanged(privateKeyPath, state.apiKeyPem, 0o600);
  return {
    dir,
    ca: state.ca,
    identity: state.identity,
    rootCaPath,
    privateKeyPath,
    chainDer: {
      leaf: pemToDer(state.ca.leafPem),
      intermediate: pemToDer(state.ca.intermediatePem),
      root: pemToDer(state.ca.rootPem),
    },
  };
}

async function readState(file: string): Promise<{ state?: StateFile; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    // A missing folder, or a file where the folder should be: there is no state yet (the write check says why).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { exists: false };
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as StateFile;
    const ok = parsed.version === 1 && parsed.ca && parsed.identity && parsed.apiKeyPem;
    return ok ? { state: parsed, exists: true } : { exists: true };
  } catch {
    return { exists: true };
  }
}

/** A chain whose leaf has expired (or will within a day) is replaced. */
function usable(state: StateFile): boolean {
  try {
    const leaf = new X509Certificate(state.ca.leafPem);
    return Date.parse(leaf.validTo) > Date.now() + 24 * 3600_000;
  } catch {
    return false;
  }
}

async function createState(): Promise<StateFile> {
  const ca = await createEmulatorCa();
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const apiKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keyId = newKeyId();
  return {
    version: 1,
    ca,
    identity: { issuerId: randomUUID(), keyId, bundleId: DEFAULT_BUNDLE_ID, appAppleId: 1_000_000_000 + randomInt(899_999_999) },
    apiKeyPem,
  };
}

async function writeIfChanged(file: string, text: string, mode: number): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === text) return;
  await writeFileAtomic(file, text, { mode });
}
