import type { Kysely, Migration } from 'kysely';

/**
 * Schema version 4: `messaging_idempotency_keys.request_hash`, the fingerprint (SHA-256 of the
 * method, route, thread and canonical body) of the request a key was first used for, so that
 * the same key on another request is refused instead of replaying an unrelated answer. Keys
 * stored before this version (null) still replay as before; they expire within 24 hours.
 * Frozen once released.
 */
export const idempotencyFingerprints: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('messaging_idempotency_keys').addColumn('request_hash', 'text').execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.alterTable('messaging_idempotency_keys').dropColumn('request_hash').execute();
  },
};
