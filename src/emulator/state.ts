// The emulator's state folder: its root CA (certificate and key) and its test App Store Server API key,
// created on first use and reused afterwards, in one state.json (written once, atomically, so parallel
// first runs agree); the root PEM and the .p8 key are exported next to it for other tools.
//
// The intermediate and leaf that sign payloads name the emulator's OCSP responder, whose URL holds the
// emulator's origin, so they are issued per origin under the same root: one chain-<host>-<port>.json per
// fixed port (the CLI's default 127.0.0.1:8760 included), kept in memory only for a port picked at
// random. A verifier that trusts emulator-root-ca.pem trusts them all.
//
// Version 1 folders (before OCSP) kept no root key, so their root cannot issue a new chain: on first
// use they get a new root, and keep their identity (issuer ID, key ID, test key, bundle ID, app Apple ID).
import { randomInt, randomUUID, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureWritableDir, writeFileAtomic } from '../util/atomic-write.js';
import { pemToDer } from '../pki/pem.js';
import { issuedFromPem, type Issued } from '../pki/issue.js';
import { createEmulatorRoot, issueSigningChain, ocspUrlFor, type EmulatorCa, type SigningChainFile } from './ca.js';
import { DEFAULT_EMULATOR_ORIGIN } from './state-dir.js';

export interface EmulatorIdentity {
  issuerId: string;
  keyId: string;
  bundleId: string;
  appAppleId: number;
}

interface StateFile {
  version: 2;
  root: { certPem: string; keyPem: string };
  identity: EmulatorIdentity;
  /** PKCS#8 PEM of the test In-App Purchase key (the emulator's stand-in for a .p8). */
  apiKeyPem: string;
}

/** What a version 1 file holds that version 2 keeps. */
interface KeptFromV1 {
  identity: EmulatorIdentity;
  apiKeyPem: string;
}

export interface EmulatorState {
  dir: string;
  /** The chain in use (root, intermediate, leaf and the leaf's key). */
  ca: EmulatorCa;
  identity: EmulatorIdentity;
  rootCaPath: string;
  privateKeyPath: string;
  /** Where the intermediate and leaf say their OCSP responder is. */
  ocspUrl: string;
  /** DER of root, intermediate and leaf, for the x5c header. */
  chainDer: { leaf: Buffer; intermediate: Buffer; root: Buffer };
  /** The root with its key, to issue chains and OCSP signers. */
  root: { certPem: string; keyPem: string };
  /** The intermediate with its key (PEM), to issue the OCSP signer for the leaf. */
  intermediateKeyPem: string;
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

/**
 * Loads the state folder, creating it on first use, with the chain for `origin` (default: the CLI's
 * emulator address, 127.0.0.1:8760). `persist` false keeps a new chain in memory only (a random port).
 * Cached per folder and origin within a process.
 */
const chains = new Map<string, Promise<EmulatorState>>();
export function loadState(dir: string, origin = DEFAULT_EMULATOR_ORIGIN, opts: { persist?: boolean } = {}): Promise<EmulatorState> {
  const key = `${dir}\n${origin}`;
  let p = chains.get(key);
  if (!p) {
    p = openBase(dir).then((base) => withChain(base, origin, opts.persist ?? true));
    chains.set(key, p);
    p.catch(() => chains.delete(key));
  }
  return p;
}

interface BaseState {
  dir: string;
  file: StateFile;
  rootCaPath: string;
  privateKeyPath: string;
}

const openBase: (dir: string) => Promise<BaseState> = oncePerFolder(openState);

async function openState(dir: string): Promise<BaseState> {
  const file = join(dir, 'state.json');
  const existing = await readState(file);
  let state = existing.state;
  if (!state || !usable(state)) {
    // A full disk or a read-only folder is found before the CA is made, and nothing is half-written.
    await ensureWritableDir(dir);
    state = await createState(existing.kept);
    // A missing file is created without overwriting (parallel first runs agree); a corrupt, expired or
    // version 1 one is replaced.
    if (existing.exists) await rm(file, { force: true });
    await writeFileAtomic(file, JSON.stringify(state, null, 2), { mode: 0o600, exclusive: true });
    // Another process may have won the race: use whatever is on disk now.
    state = (await readState(file)).state ?? state;
  }
  const rootCaPath = join(dir, 'emulator-root-ca.pem');
  const privateKeyPath = join(dir, `SubscriptionKey_${state.identity.keyId}.p8`);
  await writeIfChanged(rootCaPath, state.root.certPem, 0o644);
  await writeIfChanged(privateKeyPath, state.apiKeyPem, 0o600);
  return { dir, file: state, rootCaPath, privateKeyPath };
}

async function readState(file: string): Promise<{ state?: StateFile; kept?: KeptFromV1; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    // A missing folder, or a file where the folder should be: there is no state yet (the write check says why).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { exists: false };
    throw err;
  }
  let parsed: { version?: unknown; root?: Partial<StateFile['root']>; identity?: unknown; apiKeyPem?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return { exists: true };
  }
  if (parsed.version === 2 && parsed.root?.certPem && parsed.root.keyPem && isIdentity(parsed.identity) && typeof parsed.apiKeyPem === 'string') {
    return { state: parsed as StateFile, exists: true };
  }
  // Version 1: no root key. Its identity and test key stay, so a configured key ID and .p8 keep working.
  if (parsed.version === 1 && isIdentity(parsed.identity) && typeof parsed.apiKeyPem === 'string') {
    return { kept: { identity: parsed.identity, apiKeyPem: parsed.apiKeyPem }, exists: true };
  }
  return { exists: true };
}

function isIdentity(v: unknown): v is EmulatorIdentity {
  const i = v as Partial<EmulatorIdentity> | undefined;
  return typeof i?.issuerId === 'string' && typeof i.keyId === 'string' && typeof i.bundleId === 'string' && typeof i.appAppleId === 'number';
}

/** A root that has expired (or will within a year) is replaced. */
function usable(state: StateFile): boolean {
  try {
    const root = new X509Certificate(state.root.certPem);
    return Date.parse(root.validTo) > Date.now() + 365 * 24 * 3600_000;
  } catch {
    return false;
  }
}

async function createState(kept?: KeptFromV1): Promise<StateFile> {
  const root = await createEmulatorRoot();
  if (kept) return { version: 2, root: { certPem: root.certPem, keyPem: root.keyPem }, ...kept };
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const apiKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keyId = newKeyId();
  return {
    version: 2,
    root: { certPem: root.certPem, keyPem: root.keyPem },
    identity: { issuerId: randomUUID(), keyId, bundleId: DEFAULT_BUNDLE_ID, appAppleId: 1_000_000_000 + randomInt(899_999_999) },
    apiKeyPem,
  };
}

/** The chain file for an origin: `chain-127.0.0.1-8760.json`. */
function chainFile(dir: string, origin: string): string {
  const url = new URL(origin);
  const host = url.hostname.replace(/[^A-Za-z0-9.-]/g, '_');
  return join(dir, `chain-${host}-${url.port || (url.protocol === 'https:' ? '443' : '80')}.json`);
}

async function withChain(base: BaseState, origin: string, persist: boolean): Promise<EmulatorState> {
  const ocspUrl = ocspUrlFor(origin);
  const root = await issuedFromPem(base.file.root.certPem, base.file.root.keyPem);
  const path = chainFile(base.dir, origin);
  let chain = persist ? await readChain(path, root, ocspUrl) : undefined;
  if (!chain) {
    chain = await issueSigningChain(root, ocspUrl);
    if (persist) {
      const written = await writeFileAtomic(path, JSON.stringify(chain, null, 2), { mode: 0o600, exclusive: true });
      // Another process issued it first (exclusive write refused), or an old one is in the way: read or replace.
      if (!written) {
        const theirs = await readChain(path, root, ocspUrl);
        if (theirs) chain = theirs;
        else await writeFileAtomic(path, JSON.stringify(chain, null, 2), { mode: 0o600 });
      }
    }
  }
  return {
    dir: base.dir,
    ca: { rootPem: base.file.root.certPem, intermediatePem: chain.intermediatePem, leafPem: chain.leafPem, leafKeyPem: chain.leafKeyPem },
    identity: base.file.identity,
    rootCaPath: base.rootCaPath,
    privateKeyPath: base.privateKeyPath,
    ocspUrl,
    chainDer: { leaf: pemToDer(chain.leafPem), intermediate: pemToDer(chain.intermediatePem), root: pemToDer(base.file.root.certPem) },
    root: base.file.root,
    intermediateKeyPem: chain.intermediateKeyPem,
  };
}

/** A saved chain, if it is for this URL, issued by this root, and its leaf good for more than a day. */
async function readChain(path: string, root: Issued, ocspUrl: string): Promise<SigningChainFile | undefined> {
  try {
    const c = JSON.parse(await readFile(path, 'utf8')) as SigningChainFile;
    if (c.ocspUrl !== ocspUrl || !c.intermediateKeyPem || !c.leafKeyPem) return undefined;
    const intermediate = new X509Certificate(c.intermediatePem);
    const leaf = new X509Certificate(c.leafPem);
    const rootNode = new X509Certificate(root.certDer);
    if (!intermediate.verify(rootNode.publicKey) || !leaf.verify(intermediate.publicKey)) return undefined;
    return Date.parse(leaf.validTo) > Date.now() + 24 * 3600_000 ? c : undefined;
  } catch {
    return undefined;
  }
}

async function writeIfChanged(file: string, text: string, mode: number): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === text) return;
  await writeFileAtomic(file, text, { mode });
}
