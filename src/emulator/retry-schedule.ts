// Apple's V2 production retry schedule: 5 retries, 1, 12, 24, 48 and 72 hours after the previous
// attempt (docs/apple/delivery.md#retries). Sandbox makes one attempt only.
export const RETRY_DELAYS_HOURS = [1, 12, 24, 48, 72] as const;

/**
 * The wait before retry number `attemptsSoFar` (1-based count of attempts already made), compressed by
 * `timeScale` (3600 turns an hour into a second), or undefined when no retry follows.
 */
export function nextRetryDelayMs(
  environment: 'Sandbox' | 'Production',
  attemptsSoFar: number,
  timeScale: number,
): number | undefined {
  if (environment === 'Sandbox') return undefined;
  const hours = RETRY_DELAYS_HOURS[attemptsSoFar - 1];
  if (hours === undefined) return undefined;
  return Math.max(1, Math.round((hours * 3600_000) / timeScale));
}
