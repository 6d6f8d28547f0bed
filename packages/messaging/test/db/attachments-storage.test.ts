import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentStorage } from '../../src/attachment-options.js';
import { createDatabaseStorage } from '../../src/services/attachments/database-storage.js';
import { createFileSystemStorage } from '../../src/services/attachments/file-system-storage.js';
import { checkAttachmentStorage } from '../../src/services/attachments/storage-check.js';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';

let instance: TestMessaging;
let directory: string;

beforeAll(async () => {
  instance = await createTestMessaging();
  directory = mkdtempSync(join(tmpdir(), 'messaging-attachments-'));
});
afterAll(async () => {
  await instance?.cleanup();
  rmSync(directory, { recursive: true, force: true });
});

describe('the shipped attachment storages pass the conformance check', () => {
  it('database storage (chunks in the messaging database)', async () => {
    const db = instance.messaging.database.db;
    await checkAttachmentStorage(createDatabaseStorage(db));
    // Every key it wrote is deleted again.
    const left = await db
      .selectFrom('messaging_attachment_chunks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  }, 120_000);

  it('file-system storage', async () => {
    await checkAttachmentStorage(createFileSystemStorage({ directory: join(directory, 'files') }));
    expect(readdirSync(join(directory, 'files'))).toEqual([]);
  }, 120_000);
});

describe('the database storage', () => {
  it('stores a file in 256 KiB rows and removes what a failed put wrote', async () => {
    const db = instance.messaging.database.db;
    const storage = createDatabaseStorage(db);
    await storage.put('sized', Readable.from([Buffer.alloc(600 * 1024, 1)]), { contentType: 'application/pdf' });
    const rows = await db.selectFrom('messaging_attachment_chunks').select(['seq', 'data']).where('storage_key', '=', 'sized').orderBy('seq').execute();
    expect(rows.map((r) => r.data.byteLength)).toEqual([256 * 1024, 256 * 1024, 88 * 1024]);
    await storage.delete('sized');

    async function* failing() {
      yield Buffer.alloc(700 * 1024);
      throw new Error('client went away');
    }
    await expect(storage.put('broken', failing(), { contentType: 'application/pdf' })).rejects.toThrow('client went away');
    expect(await db.selectFrom('messaging_attachment_chunks').select('seq').where('storage_key', '=', 'broken').execute()).toEqual([]);
  });
});

describe('the file-system storage', () => {
  it('refuses keys that could leave its folder, and never reads outside it', async () => {
    const storage: AttachmentStorage = createFileSystemStorage({ directory: join(directory, 'keys') });
    for (const key of ['../escape', '..', 'a/b', 'a\\b', '.hidden', '', 'x'.repeat(101)]) {
      await expect(storage.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }), key).rejects.toThrow(/invalid key/);
      expect(await storage.get(key)).toBeNull();
      await storage.delete(key);
    }
    expect(existsSync(join(directory, 'escape'))).toBe(false);
  });

  it('writes through a temporary file: a failed put leaves nothing, a finished one is private to the process user', async () => {
    const folder = join(directory, 'atomic');
    const storage = createFileSystemStorage({ directory: folder });
    async function* failing() {
      yield Buffer.alloc(1024);
      throw new Error('client went away');
    }
    await expect(storage.put('half', failing(), { contentType: 'application/pdf' })).rejects.toThrow('client went away');
    expect(readdirSync(folder)).toEqual([]);
    await storage.put('whole', Readable.from([Buffer.from('%PDF-1.4')]), { contentType: 'application/pdf' });
    expect(readdirSync(folder)).toEqual(['whole']);
    expect(statSync(join(folder, 'whole')).mode & 0o077).toBe(0);
  });

  it('names its directory option when missing', () => {
    expect(() => createFileSystemStorage({} as any)).toThrow('option "directory"');
  });
});

describe('the conformance check fails a storage that is wrong', () => {
  const memory = (): AttachmentStorage & { files: Map<string, Buffer> } => {
    const files = new Map<string, Buffer>();
    return {
      files,
      async put(key, body) {
        const parts: Buffer[] = [];
        for await (const p of body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(p));
        files.set(key, Buffer.concat(parts));
      },
      async get(key) {
        const f = files.get(key);
        return f ? Readable.from([f]) : null;
      },
      async delete(key) {
        files.delete(key);
      },
    };
  };

  it('names each failed property', async () => {
    // Holds every file whole: the large-file check catches it.
    await expect(checkAttachmentStorage(memory(), { largeFileBytes: 32 * 1024 * 1024 })).rejects.toThrow(/large file must not hold it in memory|must stream/);
    const undead = { ...memory(), delete: async () => {} };
    await expect(checkAttachmentStorage(undead)).rejects.toThrow('get() after delete() must answer null');
    const fussy = memory();
    const throwing = {
      ...fussy,
      delete: async (k: string) => {
        if (!fussy.files.delete(k)) throw new Error('no such key');
      },
    };
    await expect(checkAttachmentStorage(throwing)).rejects.toThrow('delete() must be idempotent');
    const empty = memory();
    const noEmpty = { ...empty, get: async (k: string) => (empty.files.get(k)?.length ? Readable.from([empty.files.get(k)!]) : null) };
    await expect(checkAttachmentStorage(noEmpty)).rejects.toThrow('round trip of an empty file');
    const lossy = memory();
    const truncating = {
      ...lossy,
      put: async (k: string, body: any) => {
        await lossy.put(k, body, { contentType: '' });
        lossy.files.set(k, lossy.files.get(k)!.subarray(0, 300_000));
      },
    };
    await expect(checkAttachmentStorage(truncating)).rejects.toThrow('round trip of a multi-chunk file');
    await expect(checkAttachmentStorage({ put: async () => {} } as any)).rejects.toThrow('"get" must be a function');
  }, 60_000);
});
