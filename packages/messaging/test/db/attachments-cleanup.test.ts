import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttachmentStorage } from '../../src/attachment-options.js';
import type { Messaging } from '../../src/create-messaging.js';
import { createFileSystemStorage } from '../../src/services/attachments/file-system-storage.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let now = new Date('2026-03-04T10:00:00.000Z');
const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

/** An instance with files in a folder, a clock the test moves and a logger it reads. */
async function folderInstance(options: { cleanupIntervalMs?: number; storage?: (inner: AttachmentStorage) => AttachmentStorage } = {}) {
  now = new Date('2026-03-04T10:00:00.000Z');
  const directory = mkdtempSync(join(tmpdir(), 'messaging-cleanup-'));
  const inner = createFileSystemStorage({ directory });
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const t = await createTestMessaging({
    rateLimits: false,
    clock: () => now,
    logger,
    attachments: { storage: options.storage ? options.storage(inner) : inner, ...(options.cleanupIntervalMs ? { cleanupIntervalMs: options.cleanupIntervalMs } : {}) },
  });
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  cleanups.push(t.cleanup);
  const files = () => readdirSync(directory).filter((name) => !name.endsWith('.partial'));
  return { messaging: t.messaging, logger, files, close: t.cleanup };
}

const rowsOf = (messaging: Messaging) => messaging.database.db.selectFrom('messaging_attachments').select(['id', 'uploader_id']).execute();

describe(`uploads never sent are cleaned up by the instance itself on ${TEST_DIALECT}`, () => {
  it('the timer started with the instance deletes an upload never sent, after an hour, with its bytes; a sent one stays', async () => {
    const { messaging, files, logger } = await folderInstance({ cleanupIntervalMs: 1000 });
    const orphan = await messaging.attachments!.stage('2', { name: 'draft.pdf', stream: Readable.from([PDF]) });
    const sent = await messaging.attachments!.stage('2', { name: 'quote.pdf', stream: Readable.from([PDF]) });
    await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'the quote', attachmentIds: [sent.id] });
    expect(files()).toHaveLength(2);
    // Within the hour nothing goes, however often the timer runs.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect((await rowsOf(messaging)).map((r) => r.id).sort()).toEqual([orphan.id, sent.id].sort());

    later(61);
    await vi.waitFor(async () => expect((await rowsOf(messaging)).map((r) => r.id)).toEqual([sent.id]), { timeout: 5000, interval: 50 });
    expect(files()).toHaveLength(1);
    expect(await messaging.attachments!.open('2', orphan.id)).toBeNull();
    expect(await messaging.attachments!.open('1', sent.id)).not.toBeNull();
    expect(logger.info).toHaveBeenCalledWith({ deleted: 1 }, 'messaging: deleted uploads never sent');
  });

  it('close() stops the timer: nothing runs after it', async () => {
    const deletes = vi.fn();
    const { messaging, close } = await folderInstance({
      cleanupIntervalMs: 1000,
      storage: (inner) => ({ ...inner, delete: async (key) => (deletes(key), inner.delete(key)) }),
    });
    await messaging.attachments!.stage('2', { name: 'draft.pdf', stream: Readable.from([PDF]) });
    later(61);
    await close();
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(deletes).not.toHaveBeenCalled();
  });

  it('a failed delete in the storage leaves the row (claimed, unattachable) for the next run, and the timer logs it without throwing', async () => {
    let failing = true;
    const { messaging, files, logger } = await folderInstance({
      cleanupIntervalMs: 1000,
      storage: (inner) => ({
        ...inner,
        delete: async (key) => {
          if (failing) throw new Error('storage unreachable');
          await inner.delete(key);
        },
      }),
    });
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    const staged = await messaging.attachments!.stage('2', { name: 'photo.jpg', stream: Readable.from([photo]) });
    expect(files()).toHaveLength(2);
    later(61);
    await expect(messaging.attachments!.cleanupOrphans()).rejects.toThrow('storage unreachable');
    // The bytes are still there, and so is a row naming them: no bytes without a row.
    expect(files()).toHaveLength(2);
    const rows = await rowsOf(messaging);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.uploader_id).not.toBe('2');
    // Claimed: its uploader can neither open nor send it any more.
    expect(await messaging.attachments!.open('2', staged.id)).toBeNull();
    await expect(messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'late', attachmentIds: [staged.id] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await vi.waitFor(
      () => expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), expect.stringContaining('cleanup of uploads never sent failed')),
      {
        timeout: 5000,
        interval: 50,
      },
    );

    failing = false;
    await vi.waitFor(async () => expect(await rowsOf(messaging)).toEqual([]), { timeout: 5000, interval: 50 });
    expect(files()).toEqual([]);
  });

  it('two cleanups at once (two servers) delete each upload once and fail on none', async () => {
    const { messaging, files } = await folderInstance();
    for (let i = 0; i < 6; i++) await messaging.attachments!.stage('2', { name: `f${i}.pdf`, stream: Readable.from([PDF]) });
    later(61);
    const counts = await Promise.all([messaging.attachments!.cleanupOrphans(), messaging.attachments!.cleanupOrphans(), messaging.attachments!.cleanupOrphans()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(await rowsOf(messaging)).toEqual([]);
    expect(files()).toEqual([]);
  });
});
