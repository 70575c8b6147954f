// The emulator's shared state while it runs: identity, CA, history, sender, limits and faults.
import type { KeyObject } from 'node:crypto';
import type { PostResult } from '../delivery/post.js';
import type { TypePair } from '../apple/notification-types.js';
import { HistoryStore, type NotificationRecord } from './history-store.js';
import type { Environment } from './payloads/ids.js';
import { NotificationSender, type AttemptEvent } from './sender.js';
import { FaultSwitches } from './server/faults.js';
import { RateLimiter } from './server/rate-limit.js';
import type { RegisteredKey } from './server/auth.js';
import { signWithState, type NotificationOptions } from './sign-notification.js';
import type { EmulatorState } from './state.js';
import type { AscEmulator } from './asc-apps.js';
import type { OcspResponder } from './ocsp-responder.js';
import { TransactionStore } from './transaction-store.js';

export interface CoreOptions {
  state: EmulatorState;
  notifyUrl?: string;
  sandboxNotifyUrl?: string;
  timeScale: number;
  ca?: string[];
  /** The App Store Server API key the emulator accepts (defaults to its own test key). */
  apiKey: { keyId: string; issuerId: string; bundleId: string; publicKey: KeyObject };
  appAppleId: number;
  deliveryTimeoutMs?: number;
  paginationTokenTtlMs?: number;
  onAttempt?: (e: AttemptEvent) => void;
  /** Called when a request is refused with 401, with the reason (Apple gives none). */
  onRejected?: (e: { path: string; reason: string }) => void;
  /** Called when the guard refuses a request (foreign Host, a web page, no or wrong control secret). */
  onRefused?: (e: { path: string; status: number; reason: string }) => void;
}

export interface Pagination {
  environment: Environment;
  bundleId: string;
  records: NotificationRecord[];
  offset: number;
  createdAt: number;
}

export class EmulatorCore {
  readonly store = new HistoryStore();
  /** The purchases behind what it signed, for the transaction endpoints. */
  readonly transactions = new TransactionStore();
  readonly limiter = new RateLimiter();
  readonly faults = new FaultSwitches();
  readonly sender: NotificationSender;
  readonly key: RegisteredKey;
  readonly paginations = new Map<string, Pagination>();
  notifyUrls: Partial<Record<Environment, string>>;
  /** The App Store Connect API stand-in (asc-apps.ts); its main app's URLs are notifyUrls. */
  asc?: AscEmulator;
  /** The CA in use: replaced once the emulator knows its own origin (its OCSP URL is in the chain). */
  state: EmulatorState;
  /** The OCSP responder for that chain; undefined until then. */
  ocsp: OcspResponder | undefined;

  constructor(readonly opts: CoreOptions) {
    this.key = opts.apiKey;
    this.state = opts.state;
    this.notifyUrls = {
      ...(opts.notifyUrl ? { Production: opts.notifyUrl } : {}),
      ...(opts.sandboxNotifyUrl ? { Sandbox: opts.sandboxNotifyUrl } : {}),
    };
    this.sender = new NotificationSender({
      timeScale: opts.timeScale,
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.deliveryTimeoutMs ? { timeoutMs: opts.deliveryTimeoutMs } : {}),
      ...(opts.onAttempt ? { onAttempt: opts.onAttempt } : {}),
    });
  }

  /** Where Apple would deliver for this environment: with no sandbox URL, sandbox goes to the production URL. */
  notifyUrlFor(environment: Environment): string | undefined {
    return environment === 'Sandbox' ? (this.notifyUrls.Sandbox ?? this.notifyUrls.Production) : this.notifyUrls.Production;
  }

  /** Signs, records and delivers a notification; resolves after the first attempt. */
  async sendNotification(
    pair: TypePair,
    opts: NotificationOptions & { environment: Environment; url: string; testNotificationToken?: string },
  ): Promise<{ record: NotificationRecord; post: PostResult }> {
    const record = this.record(pair, opts);
    const { post } = await this.sender.send(record);
    return { record, post };
  }

  /** Signs and records a notification without waiting for delivery (Request a Test Notification). */
  startNotification(
    pair: TypePair,
    opts: NotificationOptions & { environment: Environment; url: string; testNotificationToken?: string },
  ): NotificationRecord {
    const record = this.record(pair, opts);
    void this.sender.send(record).catch(() => undefined);
    return record;
  }

  private record(
    pair: TypePair,
    opts: NotificationOptions & { environment: Environment; url: string; testNotificationToken?: string },
  ): NotificationRecord {
    const bundleId = opts.bundleId ?? this.state.identity.bundleId;
    // A notification about a known purchase keeps its customer, product and first purchase date.
    const { originalTransactionId, known } = this.transactions.known(opts.environment, bundleId, opts);
    const signed = signWithState(this.state, pair, {
      appAppleId: this.opts.appAppleId,
      ...opts,
      ...(originalTransactionId ? { originalTransactionId } : {}),
      ...(known ? { known } : {}),
    });
    this.transactions.record(signed.environment, signed.bundleId, signed);
    const record: NotificationRecord = {
      notificationUUID: signed.notificationUUID,
      notificationType: pair.notificationType,
      ...(pair.subtype ? { subtype: pair.subtype } : {}),
      environment: signed.environment,
      bundleId: signed.bundleId,
      signedPayload: signed.signedPayload,
      signedDate: signed.payload.signedDate as number,
      url: opts.url,
      transactionIds: signed.transactionIds,
      sendAttempts: [],
      retrying: true,
      ...(opts.testNotificationToken ? { testNotificationToken: opts.testNotificationToken } : {}),
    };
    this.store.add(record);
    return record;
  }

  close(): void {
    this.sender.close();
  }
}
