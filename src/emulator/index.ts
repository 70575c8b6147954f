// Public API of the emulator, used by the emulator and trigger commands and by other commands' tests
// (send-test, history, listen, doctor, demo run it in-process).
import { readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { basename } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { EmulatorCore, type CoreOptions } from './core.js';
import type { HistoryStore } from './history-store.js';
import type { Environment } from './payloads/ids.js';
import { createEmulatorServer, SANDBOX_PREFIX } from './server/app.js';
import type { Fault, FaultTarget } from './server/faults.js';
import type { ApiEndpoint, RateLimit } from './server/rate-limit.js';
import { resolvePair, signWithState, type NotificationOptions } from './sign-notification.js';
import { loadState } from './state.js';
import { createOcspResponder } from './ocsp-responder.js';
import { controlSecretPath } from './state-dir.js';
import { KEY_FILE_MAX_BYTES, readUserFile } from '../util/user-file.js';
import { verificationKeyFromBytes } from '../auth/index.js';
import { AscEmulator, type AscFaultKind, type AscFaultTarget, type EmulatedApp } from './asc-apps.js';
import { loadAscKey } from './asc-state.js';
import { ASC_PREFIX } from './server/asc-routes.js';

export { defaultStateDir, controlSecretPath } from './state-dir.js';
export { CONTROL_SECRET_HEADER } from './server/guard.js';
export { deliver } from './delivery.js';
export { UnknownPairError } from './sign-notification.js';
export {
  emulatorRootCaPath,
  EmulatorRefusedError,
  triggerThroughEmulator,
  type ControlClientOptions,
  type EmulatorTriggered,
  type EmulatorTriggerRequest,
} from './control-client.js';
export { parseFault, FAULT_KINDS, FAULT_TARGETS } from './server/faults.js';
export { parseRateLimit, API_ENDPOINTS } from './server/rate-limit.js';
export type { AttemptEvent } from './sender.js';
export type { Fault, FaultKind, FaultTarget } from './server/faults.js';
export type { ApiEndpoint, RateLimit } from './server/rate-limit.js';
export type { Environment } from './payloads/ids.js';
export { parseAscFault, ASC_FAULT_KINDS, ASC_FAULT_TARGETS, type AscFaultKind, type AscFaultTarget, type EmulatedApp } from './asc-apps.js';

export interface EmulatorOptions extends Pick<CoreOptions, 'deliveryTimeoutMs' | 'paginationTokenTtlMs' | 'onAttempt' | 'onRejected' | 'onRefused'> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only; 127.0.0.1 by default. */
  host?: string;
  stateDir: string;
  /** Production notification URL (sandbox falls back to it when no sandbox URL is set, as in App Store Connect). */
  notifyUrl?: string;
  sandboxNotifyUrl?: string;
  /** Compresses Apple's retry schedule: 3600 turns each hour into a second. Default 1 (real time). */
  timeScale?: number;
  /** Extra trust anchors (PEM text) for HTTPS notification receivers. */
  ca?: string[];
  /** The user's own In-App Purchase key (.p8, or its public key PEM) instead of the emulator's test key. */
  keyFile?: string;
  keyId?: string;
  issuerId?: string;
  bundleId?: string;
  appAppleId?: number;
  faults?: Partial<Record<FaultTarget, Fault>>;
  rateLimits?: Partial<Record<ApiEndpoint, RateLimit>>;
  /** The app's name in its App Store Connect record. */
  appName?: string;
  /** Its App Store Connect key's role may read apps but not edit them (PATCH answers 403). */
  ascReadOnly?: boolean;
  /** Its App Store Connect key is an individual key (tokens with sub "user", no iss) rather than a team key. */
  ascIndividualKey?: boolean;
  /** More app records: another bundle ID starting with the app's, or a second app with the same one. */
  ascApps?: { bundleId: string; name?: string }[];
  ascFaults?: Partial<Record<AscFaultTarget, { kind: AscFaultKind; remaining?: number }>>;
  /** Requests its App Store Connect key may make per rolling hour (Apple's documented example: 3500). */
  ascHourlyLimit?: number;
}

export interface EmulatorInfo {
  /** Production base URL (Apple's https://api.storekit.apple.com). */
  baseUrl: string;
  /** Sandbox base URL (Apple's https://api.storekit-sandbox.apple.com): baseUrl + /sandbox. */
  sandboxBaseUrl: string;
  issuerId: string;
  keyId: string;
  bundleId: string;
  appAppleId: number;
  /** The .p8 the emulator accepts; null when --key-file gave only a public key. */
  privateKeyPath: string | null;
  rootCaPath: string;
  stateDir: string;
  /** Base URL of its App Store Connect API (Apple's https://api.appstoreconnect.apple.com): baseUrl + /asc. */
  ascUrl: string;
  /** Its App Store Connect key's issuer ID; null for an individual key. */
  ascIssuerId: string | null;
  ascKeyId: string;
  /** The AuthKey_<KEYID>.p8 it accepts for its App Store Connect API. */
  ascPrivateKeyPath: string;
}

export interface RunningEmulator extends EmulatorInfo {
  /** This run's secret for the /_emulator/ control routes (header X-Emulator-Secret). */
  controlSecret: string;
  /** The file (mode 0600, in the state folder) that holds it while the emulator runs. */
  controlSecretPath: string;
  /** Change faults at run time (undefined clears one). */
  setFault(endpoint: FaultTarget, fault: Fault | undefined): void;
  setNotifyUrl(environment: Environment, url: string | undefined): void;
  setRateLimit(endpoint: ApiEndpoint, limit: RateLimit | undefined): void;
  /** Make its App Store Connect key read-only (PATCH answers 403 FORBIDDEN_ERROR) or not. */
  setAscReadOnly(readOnly: boolean): void;
  /** Add an app record to its App Store Connect API. */
  addAscApp(app: { bundleId: string; name?: string; id?: string }): EmulatedApp;
  setAscFault(target: AscFaultTarget, fault: { kind: AscFaultKind; remaining?: number } | undefined): void;
  /** Everything signed and delivered so far. */
  readonly history: HistoryStore;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const state = await loadState(opts.stateDir);
  const key = await acceptedKey(opts, state.identity.keyId, state.privateKeyPath);
  const bundleId = opts.bundleId ?? state.identity.bundleId;
  const issuerId = opts.issuerId ?? state.identity.issuerId;
  const appAppleId = opts.appAppleId ?? state.identity.appAppleId;
  const core = new EmulatorCore({
    state,
    timeScale: opts.timeScale ?? 1,
    apiKey: { keyId: key.keyId, issuerId, bundleId, publicKey: key.publicKey },
    appAppleId,
    ...(opts.notifyUrl ? { notifyUrl: opts.notifyUrl } : {}),
    ...(opts.sandboxNotifyUrl ? { sandboxNotifyUrl: opts.sandboxNotifyUrl } : {}),
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.deliveryTimeoutMs ? { deliveryTimeoutMs: opts.deliveryTimeoutMs } : {}),
    ...(opts.paginationTokenTtlMs ? { paginationTokenTtlMs: opts.paginationTokenTtlMs } : {}),
    ...(opts.onAttempt ? { onAttempt: opts.onAttempt } : {}),
    ...(opts.onRejected ? { onRejected: opts.onRejected } : {}),
    ...(opts.onRefused ? { onRefused: opts.onRefused } : {}),
  });
  for (const [endpoint, fault] of Object.entries(opts.faults ?? {})) core.faults.set(endpoint as FaultTarget, fault);
  Object.assign(core.limiter.overrides, opts.rateLimits ?? {});
  const ascKey = await loadAscKey(state.dir);
  const asc = new AscEmulator(
    core,
    { keyId: ascKey.keyId, issuerId: opts.ascIndividualKey ? null : ascKey.issuerId, publicKey: createPublicKey(ascKey.privateKeyPem) },
    { id: String(appAppleId), name: opts.appName ?? 'asn-doctor emulated app', bundleId },
  );
  core.asc = asc;
  asc.readOnly = opts.ascReadOnly === true;
  if (opts.ascHourlyLimit !== undefined) asc.hourlyLimit = opts.ascHourlyLimit;
  const addAscApp = (app: { bundleId: string; name?: string; id?: string }): EmulatedApp => {
    const added = { id: app.id ?? String(appAppleId + asc.apps.length), name: app.name ?? app.bundleId, bundleId: app.bundleId };
    asc.addApp(added);
    return added;
  };
  for (const app of opts.ascApps ?? []) addAscApp(app);
  for (const [target, fault] of Object.entries(opts.ascFaults ?? {})) asc.setFault(target as AscFaultTarget, fault);

  let info: EmulatorInfo | undefined;
  // Until the secret file is written no control request can match: the path is filled in below.
  const access = { secret: randomBytes(32).toString('base64url'), secretPath: '' };
  const server = createEmulatorServer(core, () => ({ ...info }), access);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  access.secretPath = controlSecretPath(state.dir, port);
  try {
    // The chain names this emulator's OCSP responder, so it is issued for this origin (kept on disk
    // for a fixed port, so a restart keeps signing with the same leaf).
    core.state = await loadState(opts.stateDir, baseUrl, { persist: (opts.port ?? 0) !== 0 });
    core.ocsp = await createOcspResponder(core.state);
    await writeFileAtomic(access.secretPath, `${access.secret}\n`, { mode: 0o600 });
  } catch (err) {
    core.close();
    await new Promise((resolve) => server.close(resolve));
    throw err;
  }
  info = {
    baseUrl,
    sandboxBaseUrl: `${baseUrl}${SANDBOX_PREFIX}`,
    issuerId,
    keyId: key.keyId,
    bundleId,
    appAppleId,
    privateKeyPath: key.privateKeyPath,
    rootCaPath: state.rootCaPath,
    stateDir: state.dir,
    ascUrl: `${baseUrl}${ASC_PREFIX}`,
    ascIssuerId: asc.key.issuerId,
    ascKeyId: ascKey.keyId,
    ascPrivateKeyPath: ascKey.privateKeyPath,
  };

  let closing: Promise<void> | undefined;
  return {
    ...info,
    controlSecret: access.secret,
    controlSecretPath: access.secretPath,
    history: core.store,
    setFault: (endpoint, fault) => core.faults.set(endpoint, fault),
    setNotifyUrl: (environment, url) => {
      if (url) core.notifyUrls[environment] = url;
      else delete core.notifyUrls[environment];
    },
    setRateLimit: (endpoint, limit) => {
      if (limit) core.limiter.overrides[endpoint] = limit;
      else delete core.limiter.overrides[endpoint];
    },
    setAscReadOnly: (readOnly) => {
      asc.readOnly = readOnly;
    },
    addAscApp,
    setAscFault: (target, fault) => asc.setFault(target, fault),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        core.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => removeSecret(access.secretPath, access.secret));
      return closing;
    },
  };
}

/** Removes the secret file unless a later run on the same port has already replaced it. */
async function removeSecret(path: string, secret: string): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current?.trim() === secret) await rm(path, { force: true }).catch(() => undefined);
}

interface AcceptedKey {
  keyId: string;
  publicKey: KeyObject;
  privateKeyPath: string | null;
}

/**
 * The emulator's own test key, or the user's (--key-file: a .p8, a public key or a certificate), read
 * like every key (src/auth/key.ts): a key that is not EC P-256 is refused with the same words.
 */
async function acceptedKey(opts: EmulatorOptions, ownKeyId: string, ownKeyPath: string): Promise<AcceptedKey> {
  const path = opts.keyFile ?? ownKeyPath;
  const { publicKey, fromPrivateKey } = verificationKeyFromBytes(readUserFile(path, KEY_FILE_MAX_BYTES).bytes, path);
  const fromName = /^(?:SubscriptionKey|AuthKey)_([A-Z0-9]+)\.p8$/i.exec(basename(path))?.[1];
  const keyId = opts.keyId ?? (opts.keyFile ? fromName : ownKeyId);
  if (!keyId) throw new Error('keyId is needed with keyFile when the file name is not SubscriptionKey_<KEYID>.p8');
  return { keyId, publicKey, privateKeyPath: fromPrivateKey ? path : null };
}

export interface SignNotificationOptions extends NotificationOptions {
  stateDir: string;
}

/**
 * Signs one notification with the emulator's CA (never Apple's). Throws UnknownPairError for a
 * type/subtype pair not in Apple's table.
 */
export async function signNotification(
  type: string,
  opts: SignNotificationOptions,
): Promise<{ signedPayload: string; notificationUUID: string; payload: Record<string, unknown>; rootCaPath: string }> {
  const pair = resolvePair(type, opts.subtype);
  const state = await loadState(opts.stateDir);
  const signed = signWithState(state, pair, opts);
  return { signedPayload: signed.signedPayload, notificationUUID: signed.notificationUUID, payload: signed.payload, rootCaPath: state.rootCaPath };
}
