// The purchases behind the notifications the emulator signed, so the endpoints a handler calls after
// a notification (Get Transaction Info, Get All Subscription Statuses, Get Transaction History, Get App
// Transaction Info) answer from the same facts, and later notifications about the same original
// transaction keep its customer, product and dates. One book per environment and app, as Apple keeps
// them apart: a sandbox ID is unknown to the production host.
//
// A customer is one app transaction (appTransactionId): every original transaction of theirs, and
// every transaction of those. Each store change gets the next sequence number, the order Get
// Transaction History sorts by ("recently modified", Apple's words) and its revision token counts in.
import type { Environment } from './payloads/ids.js';
import type { BuiltNotification, KnownPurchase } from './payloads/notification.js';
import type { ProductKind } from './payloads/scenario.js';

export interface StoredTransaction {
  /** JWSTransactionDecodedPayload as last signed. */
  payload: Record<string, unknown>;
  /** When it was last changed, in store order. */
  seq: number;
}

export interface SubscriptionState {
  originalTransactionId: string;
  subscriptionGroupIdentifier: string;
  /** data.status of the latest notification about it (1 active … 5 revoked). */
  status: number;
  /** The latest transaction of this original transaction. */
  transaction: Record<string, unknown>;
  renewal: Record<string, unknown>;
}

export interface CustomerView {
  appTransaction: Record<string, unknown>;
  /** Every transaction of the customer, in store order. */
  transactions: StoredTransaction[];
  /** One entry per auto-renewable original transaction. */
  subscriptions: SubscriptionState[];
}

interface OriginalTransaction {
  id: string;
  kind: ProductKind;
  customer: Customer;
  latestTransactionId: string;
  renewal?: Record<string, unknown>;
  status?: number;
  known: KnownPurchase;
}

interface Customer {
  appTransactionId: string;
  appTransaction: Record<string, unknown>;
  originals: Set<string>;
}

interface Book {
  transactions: Map<string, StoredTransaction>;
  originals: Map<string, OriginalTransaction>;
  customers: Map<string, Customer>;
}

export class TransactionStore {
  private readonly books = new Map<string, Book>();
  private seq = 0;

  private book(environment: Environment, bundleId: string): Book {
    const key = `${environment}\n${bundleId}`;
    let b = this.books.get(key);
    if (!b) {
      b = { transactions: new Map(), originals: new Map(), customers: new Map() };
      this.books.set(key, b);
    }
    return b;
  }

  /** Keeps what a signed notification said about a purchase and its customer. */
  record(environment: Environment, bundleId: string, built: BuiltNotification): void {
    const book = this.book(environment, bundleId);
    const app = built.appTransaction;
    const appTransactionId = typeof app?.appTransactionId === 'string' ? app.appTransactionId : undefined;
    if (!app || !appTransactionId) return;
    let customer = book.customers.get(appTransactionId);
    if (!customer) {
      customer = { appTransactionId, appTransaction: app, originals: new Set() };
      book.customers.set(appTransactionId, customer);
    }
    const p = built.purchase;
    if (!p) return;
    const tx = p.transaction;
    const transactionId = String(tx.transactionId);
    const originalTransactionId = String(tx.originalTransactionId);
    book.transactions.set(transactionId, { payload: tx, seq: ++this.seq });
    const known: KnownPurchase = {
      kind: p.kind,
      appTransactionId,
      productId: String((p.renewal?.productId as string | undefined) ?? tx.productId),
      ...(typeof tx.subscriptionGroupIdentifier === 'string' ? { subscriptionGroupIdentifier: tx.subscriptionGroupIdentifier } : {}),
      ...(typeof tx.originalPurchaseDate === 'number' ? { originalPurchaseDate: tx.originalPurchaseDate } : {}),
      ...(typeof tx.appAccountToken === 'string' ? { appAccountToken: tx.appAccountToken } : {}),
    };
    const before = book.originals.get(originalTransactionId);
    // The latest transaction is the one bought last; a notification about an older one (a refund of
    // an earlier period) changes that one, not the subscription's current state.
    const current = before ? book.transactions.get(before.latestTransactionId)?.payload : undefined;
    const isLatest = !current || current === tx || Number(tx.purchaseDate) >= Number(current.purchaseDate);
    const original: OriginalTransaction = {
      ...before,
      id: originalTransactionId,
      kind: p.kind,
      customer,
      latestTransactionId: isLatest ? transactionId : before!.latestTransactionId,
      known,
    };
    if (isLatest && p.renewal) original.renewal = p.renewal;
    if (isLatest && p.status !== undefined) original.status = p.status;
    book.originals.set(originalTransactionId, original);
    customer.originals.add(originalTransactionId);
  }

  /**
   * What earlier notifications fixed for the purchase a new notification names: its original
   * transaction (found from a known transaction ID when only that is given) and that one's facts.
   */
  known(environment: Environment, bundleId: string, ids: { transactionId?: string; originalTransactionId?: string }): { originalTransactionId?: string; known?: KnownPurchase } {
    const book = this.book(environment, bundleId);
    const originalTransactionId = ids.originalTransactionId ?? (ids.transactionId ? (book.transactions.get(ids.transactionId)?.payload.originalTransactionId as string | undefined) : undefined);
    const original = originalTransactionId ? book.originals.get(originalTransactionId) : undefined;
    return { ...(originalTransactionId ? { originalTransactionId } : {}), ...(original ? { known: original.known } : {}) };
  }

  /** The transaction with this ID, as last signed. */
  transaction(environment: Environment, bundleId: string, transactionId: string): StoredTransaction | undefined {
    return this.book(environment, bundleId).transactions.get(transactionId);
  }

  /** Whether the ID is a customer's appTransactionId (some endpoints refuse those). */
  isAppTransactionId(environment: Environment, bundleId: string, id: string): boolean {
    return this.book(environment, bundleId).customers.has(id);
  }

  /** The customer behind any of their IDs: a transaction ID, an original transaction ID or their appTransactionId. */
  customer(environment: Environment, bundleId: string, anyId: string): CustomerView | undefined {
    const book = this.book(environment, bundleId);
    const customer =
      book.customers.get(anyId) ??
      book.originals.get(anyId)?.customer ??
      book.originals.get(String(book.transactions.get(anyId)?.payload.originalTransactionId))?.customer;
    if (!customer) return undefined;
    const transactions: StoredTransaction[] = [];
    const subscriptions: SubscriptionState[] = [];
    for (const id of customer.originals) {
      const original = book.originals.get(id)!;
      for (const t of book.transactions.values()) if (t.payload.originalTransactionId === id) transactions.push(t);
      const latest = book.transactions.get(original.latestTransactionId);
      if (original.kind === 'subscription' && latest && original.renewal) {
        subscriptions.push({
          originalTransactionId: id,
          subscriptionGroupIdentifier: String(latest.payload.subscriptionGroupIdentifier),
          status: original.status ?? 1,
          transaction: latest.payload,
          renewal: original.renewal,
        });
      }
    }
    transactions.sort((a, b) => a.seq - b.seq);
    return { appTransaction: customer.appTransaction, transactions, subscriptions };
  }

  /** Every transaction ID and original transaction ID of the customer behind `anyId`; undefined for an unknown ID. */
  customerIds(environment: Environment, bundleId: string, anyId: string): Set<string> | undefined {
    const view = this.customer(environment, bundleId, anyId);
    if (!view) return undefined;
    const ids = new Set<string>();
    for (const t of view.transactions) {
      ids.add(String(t.payload.transactionId));
      ids.add(String(t.payload.originalTransactionId));
    }
    return ids;
  }
}
