import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { AttachmentStorage } from '../../attachment-options.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { isStorageKey } from './storage.js';

/** Bytes per row of `messaging_attachment_chunks`: big enough for few statements, small enough to hold one at a time. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * The default storage: the bytes inside the messaging database, so one backup, one prune and
 * one forget-user cover them. A file is `messaging_attachment_chunks` rows of 256 KiB (`bytea`
 * on Postgres, `blob` on SQLite), written as the upload arrives and read back one row at a
 * time: memory holds about two chunks per transfer, never the whole file.
 *
 * No transaction spans a put: it would hold SQLite's write lock for as long as a client takes
 * to upload. A failed put deletes what it wrote; rows of a put that never finished (a crash)
 * belong to no attachment row and are removed by `cleanupOrphans`.
 */
export function createDatabaseStorage(db: Kysely<MessagingDatabase>): AttachmentStorage {
  async function remove(key: string) {
    await db.deleteFrom('messaging_attachment_chunks').where('storage_key', '=', key).execute();
  }

  return {
    async put(key, body) {
      if (!isStorageKey(key)) throw new TypeError(`attachment storage: invalid key ${JSON.stringify(key)}`);
      let seq = 0;
      const write = async (data: Buffer) => {
        await db.insertInto('messaging_attachment_chunks').values({ storage_key: key, seq, data }).execute();
        seq += 1;
      };
      try {
        await remove(key);
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        for await (const piece of body as AsyncIterable<Uint8Array | string>) {
          const bytes = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
          pending.push(bytes);
          pendingBytes += bytes.length;
          while (pendingBytes >= CHUNK_BYTES) {
            const all = Buffer.concat(pending, pendingBytes);
            // A copy: the rest must not keep the whole concatenation alive.
            await write(Buffer.from(all.subarray(0, CHUNK_BYTES)));
            const rest = all.subarray(CHUNK_BYTES);
            pending = rest.length > 0 ? [Buffer.from(rest)] : [];
            pendingBytes = rest.length;
          }
        }
        // An empty file is one empty chunk, so that get() tells it from an unknown key.
        if (pendingBytes > 0 || seq === 0) await write(Buffer.concat(pending, pendingBytes));
      } catch (err) {
        await remove(key).catch(() => {});
        throw err;
      }
    },

    async get(key) {
      if (!isStorageKey(key)) return null;
      const first = await readChunk(db, key, 0);
      if (first === undefined) return null;
      async function* chunks() {
        let seq = 0;
        let data: Uint8Array | undefined = first;
        while (data !== undefined) {
          if (data.byteLength > 0) yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
          seq += 1;
          data = await readChunk(db, key, seq);
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },

    async delete(key) {
      if (!isStorageKey(key)) return;
      await remove(key);
    },
  };
}

async function readChunk(db: Kysely<MessagingDatabase>, key: string, seq: number): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('messaging_attachment_chunks').select('data').where('storage_key', '=', key).where('seq', '=', seq).executeTakeFirst();
  return row?.data;
}
