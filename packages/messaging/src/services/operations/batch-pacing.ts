/**
 * Sizes a bulk job's batches by time rather than by count. A batch holds the write lock (SQLite)
 * or its rows' locks (Postgres) from its first statement to its commit, and what a row costs
 * varies a lot: the search index's secure delete, a message's files, a busy thread's counters.
 * A fixed count of 1,000 took 50 ms before the search index and 250 ms after it, and a send
 * waited for all of it. So each batch starts small, and the next one's count is scaled by how
 * long this one took against the target; the pause after a batch is at least as long as the
 * batch, so a request that waited through it gets the database before the next batch starts.
 */

/** How {@link createBatchPacing} sizes batches. */
export interface BatchPacingOptions {
  /** The most rows a batch may take. */
  maxSize: number;
  /** How long a batch should take, first statement to commit, in milliseconds. */
  targetMs: number;
  /** The least pause between batches, in milliseconds. */
  minPauseMs: number;
  /** The first batch's count (at most `maxSize`). @default 20 */
  startSize?: number;
}

/** The count for the next batch, and the pause after one. */
export interface BatchPacing {
  /** Rows the next batch takes. */
  readonly size: number;
  /** Tells how long a batch of `rows` rows took; returns the pause to keep before the next one. */
  record(rows: number, elapsedMs: number): number;
}

/**
 * A pacing that keeps each batch near `targetMs`: the count grows at most twofold per batch
 * (a batch that happened to run fast must not make the next one long) and shrinks as far as
 * the last batch overran. Never below one row or above `maxSize`.
 */
export function createBatchPacing(options: BatchPacingOptions): BatchPacing {
  const maxSize = Math.max(1, Math.floor(options.maxSize));
  let size = Math.min(maxSize, Math.max(1, Math.floor(options.startSize ?? 20)));
  return {
    get size() {
      return size;
    },
    record(rows, elapsedMs) {
      const elapsed = Math.max(0.1, elapsedMs);
      // Only a full batch tells what a full batch costs (the last one may take fewer rows).
      if (rows >= size) size = Math.min(maxSize, 2 * size, Math.max(1, Math.floor(size / 4), Math.floor((size * options.targetMs) / elapsed)));
      else if (elapsed > options.targetMs) size = Math.max(1, Math.floor((rows * options.targetMs) / elapsed));
      // As long as the batch took: a send that waited through it sleeps in SQLite's busy handler
      // for steps no longer than its wait so far, so it wakes up inside the pause.
      return Math.max(options.minPauseMs, elapsedMs);
    },
  };
}
