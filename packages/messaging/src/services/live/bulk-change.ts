import type { Kysely } from 'kysely';

type Listener = () => void;

/** Listeners per database handle; a WeakMap, so a closed instance's handle is not kept alive. */
const listeners = new WeakMap<object, Set<Listener>>();

/**
 * Bulk jobs (retention, forget-user) rewrite the counters of many members at once, and some
 * take only a database handle, no instance. They call this after each commit; the instances on
 * that handle then forget what they remembered of members (the badge cache). The CLI's
 * `disable` calls it too, so that running servers end their live streams at once (the CLI
 * sends it over the Postgres bus).
 */
export function announceBulkChange(db: Kysely<any>): void {
  for (const listener of listeners.get(db) ?? []) listener();
}

/** Calls `listener` after every bulk change on `db`; returns the function that stops it. */
export function onBulkChange(db: Kysely<any>, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}
