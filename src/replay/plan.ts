// The order of a replay: oldest signedDate first (Apple promises no order in its history, and a
// handler that applies notifications in order needs the oldest first), ties in the order read;
// notifications an earlier run delivered (per the state file) are left out.
import type { ReplayItem } from './collect.js';
import type { ReplayState } from './state.js';

export interface ReplayPlan {
  /** To send, in order. */
  items: ReplayItem[];
  /** Left out: the state file says they were delivered. */
  alreadyDelivered: number;
  oldestSignedDate?: number;
  newestSignedDate?: number;
}

export function planReplay(found: readonly ReplayItem[], state: ReplayState | undefined): ReplayPlan {
  // Array.prototype.sort is stable: equal dates keep the order they were read in.
  const ordered = [...found].sort((a, b) => a.signedDate - b.signedDate);
  const items = state ? ordered.filter((i) => !state.delivered(i.notificationUUID)) : ordered;
  const plan: ReplayPlan = { items, alreadyDelivered: ordered.length - items.length };
  if (items.length) {
    plan.oldestSignedDate = items[0]!.signedDate;
    plan.newestSignedDate = items.at(-1)!.signedDate;
  }
  return plan;
}
