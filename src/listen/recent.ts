// The events a listener keeps for `waitFor` and its callers: a window of the most recent ones, bounded
// in count and in the signedPayload text they hold (their decoded form is of the same order), so a
// listener left running for days, or flooded with large notifications, keeps a bounded amount of memory.
import type { ListenEvent } from './types.js';

export class RecentEvents {
  private readonly items: ListenEvent[] = [];
  private bytes = 0;
  /** Every event ever added, kept or not. */
  total = 0;

  constructor(
    readonly maxEvents: number,
    readonly maxBytes: number,
  ) {}

  add(e: ListenEvent): void {
    this.items.push(e);
    this.bytes += weight(e);
    this.total += 1;
    // The newest event stays even when it alone is over the byte bound (it is at most --max-body).
    while (this.items.length > 1 && (this.items.length > this.maxEvents || this.bytes > this.maxBytes)) {
      this.bytes -= weight(this.items.shift()!);
    }
  }

  /** The kept events, oldest first. */
  get list(): readonly ListenEvent[] {
    return this.items;
  }

  /** The signedPayload characters the kept events hold. */
  get retainedBytes(): number {
    return this.bytes;
  }
}

function weight(e: ListenEvent): number {
  return e.signedPayload?.length ?? 0;
}
