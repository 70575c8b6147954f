// The demo's steps, each calling the same domain code as its command (check-url, token, send-test,
// decode, trigger, history) against the in-process emulator and receiver. Returns data step by step;
// the command renders it.
import { apiTokenParts, inspectToken, signApiToken, loadPrivateKey, resolveAppIdentity, resolveAscCredentials } from '../auth/index.js';
import { applyChange, findApp, planChange, sessionWith, type NotificationUrlSettings, type PlannedChange } from '../asc/index.js';
import { openApiSession } from '../api/session.js';
import { pollInterval } from '../api/rate-limits.js';
import { pollTestStatus, requestTestNotification } from '../api/test-notification.js';
import { buildHistoryRequest, historyPages, lastAttemptResult } from '../api/history.js';
import type { SendAttempt } from '../api/shapes.js';
import { decodeSignedData, type SignedDataResult } from '../jws/index.js';
import { readRootFiles } from '../jws/roots.js';
import { summarize, type ListenEvent } from '../listen/index.js';
import type { Check } from '../report/check.js';
import { checkUrl, type CheckUrlReport } from '../url/index.js';
import type { DemoSession } from './session.js';
import { triggerThroughEmulator } from '../emulator/control-client.js';

export type DemoStep =
  | { step: 'setup'; emulatorUrl: string; receiverUrl: string; caPath: string }
  | { step: 'urls'; app: { id: string; name: string | null; bundleId: string | null }; changes: PlannedChange[]; after: NotificationUrlSettings; ascKeyPath: string }
  | { step: 'check-url'; report: CheckUrlReport }
  | { step: 'token'; token: string; header: Record<string, unknown>; claims: Record<string, unknown>; checks: Check[]; keyPath: string }
  | { step: 'send-test'; testNotificationToken: string; polls: number; elapsedMs: number; attempts: SendAttempt[] }
  | { step: 'arrival'; event: ListenEvent }
  | { step: 'decode'; result: SignedDataResult }
  | { step: 'trigger'; events: ListenEvent[] }
  | { step: 'history'; items: HistoryLine[] };

export interface HistoryLine {
  date?: number;
  notificationType?: string;
  subtype?: string;
  notificationUUID?: string;
  result?: string;
  attempts: number;
  verified: boolean;
}

export interface DemoOptions {
  signal?: AbortSignal;
  onStep(step: DemoStep): void;
}

/** How long any one wait in the demo may take; it normally takes milliseconds. */
const STEP_TIMEOUT_MS = 10_000;
const MORE_TYPES: [string, string | undefined][] = [
  ['SUBSCRIBED', 'INITIAL_BUY'],
  ['DID_RENEW', undefined],
];

export async function runDemo(s: DemoSession, opts: DemoOptions): Promise<void> {
  const { emulator, listener } = s;
  opts.onStep({ step: 'setup', emulatorUrl: emulator.baseUrl, receiverUrl: s.receiverUrl, caPath: listener.caPath ?? '' });
  opts.onStep(await registerReceiver(s, opts));

  const report = await checkUrl(s.receiverUrl, {
    ca: [s.receiverCaPem],
    allowPrivate: true,
    timeoutMs: 5000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  opts.onStep({ step: 'check-url', report });

  const keyPath = emulator.privateKeyPath ?? '';
  const key = await loadPrivateKey(keyPath);
  const creds = { issuerId: emulator.issuerId, keyId: emulator.keyId, bundleId: emulator.bundleId, privateKey: key.key };
  const now = new Date();
  const token = signApiToken(creds, { now });
  const parts = apiTokenParts(creds, { now });
  const inspected = inspectToken(token, { now, publicKey: key.key });
  opts.onStep({ step: 'token', token, header: parts.header, claims: parts.claims, checks: inspected.checks, keyPath });

  const session = await openApiSession({
    flags: { issuerId: emulator.issuerId, keyId: emulator.keyId, key: keyPath, bundleId: emulator.bundleId, apiUrl: emulator.baseUrl, env: 'sandbox' },
    // The user's own ASN_* variables and config file stay out of the demo.
    env: { XDG_CONFIG_HOME: s.dir },
    cwd: s.dir,
    userAgentNote: 'demo',
    timeoutMs: 5000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  try {
    const requested = await requestTestNotification(session.client);
    const polled = await pollTestStatus(session.client, requested.token, {
      waitMs: STEP_TIMEOUT_MS,
      intervalMs: pollInterval('sandbox', session.base.target).intervalMs,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const attempts = polled.status?.sendAttempts ?? [];
    opts.onStep({ step: 'send-test', testNotificationToken: requested.token, polls: polled.polls, elapsedMs: Math.round(polled.elapsedMs), attempts });
    if (!polled.answered) throw new Error('the emulator recorded no delivery attempt');

    const arrival = await listener.waitFor((e) => e.notification?.notificationType === 'TEST', STEP_TIMEOUT_MS);
    opts.onStep({ step: 'arrival', event: arrival });
    opts.onStep({ step: 'decode', result: arrival.notification?.decoded as SignedDataResult });

    const events: ListenEvent[] = [];
    for (const [type, subtype] of MORE_TYPES) {
      const sent = await triggerThroughEmulator(emulator.baseUrl, { notificationType: type, ...(subtype ? { subtype } : {}) }, { secret: emulator.controlSecret });
      events.push(await listener.waitFor((e) => e.notification?.notificationUUID === sent.notificationUUID, STEP_TIMEOUT_MS));
    }
    opts.onStep({ step: 'trigger', events });

    const roots = (await readRootFiles([emulator.rootCaPath], s.dir)) ?? [];
    const { body } = buildHistoryRequest({ since: '1h' }, 'sandbox', Date.now());
    const items: HistoryLine[] = [];
    for await (const page of historyPages(session.client, body)) {
      for (const item of page.items) {
        const n = summarize(await decodeSignedData(item.signedPayload, { roots }));
        const line: HistoryLine = { attempts: item.sendAttempts.length, verified: n.verified };
        const result = lastAttemptResult(item);
        if (result) line.result = result;
        if (n.signedDate !== undefined) line.date = n.signedDate;
        if (n.notificationType) line.notificationType = n.notificationType;
        if (n.subtype) line.subtype = n.subtype;
        if (n.notificationUUID) line.notificationUUID = n.notificationUUID;
        items.push(line);
      }
    }
    opts.onStep({ step: 'history', items });
  } finally {
    await session.close();
  }
}

/**
 * The set-up step, as `urls set --production <receiver>` does it: through the emulator's App Store
 * Connect API, with its App Store Connect key (not the In-App Purchase key), read back afterwards. No
 * Sandbox URL: sandbox notifications fall back to the Production URL, as they do at Apple.
 */
async function registerReceiver(s: DemoSession, opts: DemoOptions): Promise<DemoStep> {
  const { emulator } = s;
  // The user's own ASN_* variables and config file stay out of the demo.
  const env = { XDG_CONFIG_HOME: s.dir };
  const flags = { ascUrl: emulator.ascUrl, ascKey: emulator.ascPrivateKeyPath, ascKeyId: emulator.ascKeyId, ascIssuerId: emulator.ascIssuerId ?? undefined, bundleId: emulator.bundleId };
  const creds = (await resolveAscCredentials(flags, env, { cwd: s.dir, required: true }))!;
  const session = sessionWith(creds, await resolveAppIdentity(flags, env, { cwd: s.dir }), { timeoutMs: 5000, userAgentNote: 'demo', ...(opts.signal ? { signal: opts.signal } : {}) });
  try {
    const app = await findApp(session.client, session.selector);
    const plan = planChange(app.settings, { production: s.receiverUrl });
    const outcome = await applyChange(session.client, app, plan);
    if (outcome.state !== 'applied') throw new Error(`the emulator's App Store Connect API did not take the URL (${outcome.state})`);
    return { step: 'urls', app: { id: app.id, name: app.name, bundleId: app.bundleId }, changes: plan.changes, after: outcome.app.settings, ascKeyPath: emulator.ascPrivateKeyPath };
  } finally {
    await session.close();
  }
}
