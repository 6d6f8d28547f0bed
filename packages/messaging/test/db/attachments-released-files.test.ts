import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSystemStorage } from '../../src/services/attachments/file-system-storage.js';
import { forgetUser } from '../../src/services/operations/forget-user.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An instance whose files live in a folder (the filesystem storage), so the database holds none of their bytes. */
async function withFolderStorage(): Promise<TestMessaging & { directory: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'messaging-files-'));
  const instance = await createTestMessaging({ rateLimits: false, attachments: { storage: createFileSystemStorage({ directory }) } });
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  cleanups.push(() => instance.cleanup());
  return { ...instance, directory };
}

const filesIn = (directory: string) => readdirSync(directory).filter((name) => !name.endsWith('.partial'));

describe(`files kept by a storage adapter leave nothing behind on ${TEST_DIALECT}`, () => {
  it("a deleted message's file is released, unreachable at once, and the app's orphan cleanup deletes its bytes from the folder", async () => {
    const { messaging, directory } = await withFolderStorage();
    const staged = await messaging.attachments!.stage('2', { name: 'quote.pdf', stream: Readable.from([PDF]) });
    const { thread, message } = await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'the quote', attachmentIds: [staged.id] });
    expect(filesIn(directory)).toHaveLength(1);
    expect(await messaging.attachments!.open('1', staged.id)).not.toBeNull();

    await messaging.messageEdits.delete('2', message.id);
    // Gone for everyone at once (the bytes wait in the folder for the cleanup)...
    expect(await messaging.attachments!.open('1', staged.id)).toBeNull();
    expect(await messaging.attachments!.open('2', staged.id)).toBeNull();
    // ...and nobody can attach it to another message.
    await expect(messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'again', attachmentIds: [staged.id] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(filesIn(directory)).toHaveLength(1);

    expect(await messaging.attachments!.cleanupOrphans()).toBe(1);
    expect(filesIn(directory)).toEqual([]);
    const rows = await messaging.database.db.selectFrom('messaging_attachments').select('id').execute();
    expect(rows).toEqual([]);
  });

  it('forget-user --mode erase on files in a folder: released, then deleted by the cleanup; the other member’s file stays', async () => {
    const { messaging, directory } = await withFolderStorage();
    const bobs = await messaging.attachments!.stage('2', { name: 'bob.pdf', stream: Readable.from([PDF]) });
    const alices = await messaging.attachments!.stage('1', { name: 'alice.pdf', stream: Readable.from([PDF]) });
    const { thread } = await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'mine', attachmentIds: [bobs.id] });
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'mine too', attachmentIds: [alices.id] });
    expect(filesIn(directory)).toHaveLength(2);

    const result = await forgetUser(messaging.database.db, '2', { mode: 'erase' });
    expect(result.files).toBe(1);
    expect(await messaging.attachments!.open('1', bobs.id)).toBeNull();
    expect(await messaging.attachments!.cleanupOrphans()).toBe(1);
    expect(filesIn(directory)).toHaveLength(1);
    expect(await messaging.attachments!.open('1', alices.id)).not.toBeNull();
  });
});
