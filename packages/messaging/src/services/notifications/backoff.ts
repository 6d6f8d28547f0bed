/** The first wait after a failed send; it doubles with every attempt. */
export const FIRST_RETRY_MS = 30_000;
/** The longest wait between attempts. */
export const MAX_RETRY_MS = 3_600_000;

/** How long to wait after failed attempt number `attempt` (from 1): 30 s, 60 s, 2 min, … up to 1 h. */
export function retryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
}
