import { describe, expect, it } from 'vitest';
import { RELEASED_UPLOADER_ID } from '../../src/services/operations/attachment-removal.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { seedFile, storedFiles } from './attachments-operations-fixture.js';
import { setUpOps } from './cli-ops-fixture.js';

/** Bob (2) sends Alice (1) a photo and a PDF on one message, and another PDF on a second message. */
async function seed() {
  const f = await setUpOps();
  const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Is the bike still for sale?' });
  const [withTwo, withOne] = await f.send('2', thread.id, 2, 'files');
  const photo = await seedFile(f.messaging, { uploaderId: '2', threadId: thread.id, messageId: withTwo!, image: true, size: 600_000 });
  const pdf = await seedFile(f.messaging, { uploaderId: '2', threadId: thread.id, messageId: withTwo! });
  const other = await seedFile(f.messaging, { uploaderId: '2', threadId: thread.id, messageId: withOne! });
  return { f, threadId: thread.id, withTwo: withTwo!, withOne: withOne!, photo, pdf, other };
}

describe(`attachments go with their message on ${TEST_DIALECT}`, () => {
  it("a moderator's removal deletes the message's files and their bytes (chunks and thumbnail), and no other message's", async () => {
    const { f, withTwo, photo, pdf, other } = await seed();
    expect((await storedFiles(f.messaging)).chunkKeys.sort()).toEqual([photo.storageKey, photo.thumbnailKey!, pdf.storageKey, other.storageKey].sort());
    const { report } = await f.messaging.reports.report('1', withTwo, { reason: 'spam' });
    await f.messaging.reports.resolve(report.id, '9', 'delete_message');
    const left = await storedFiles(f.messaging);
    expect(left.rows.map((r) => r.id)).toEqual([other.id]);
    expect(left.chunkKeys).toEqual([other.storageKey]);
  });

  it("the sender's deletion deletes its files and their bytes; deleting again changes nothing", async () => {
    const { f, withTwo, withOne, other, photo } = await seed();
    await f.messaging.messageEdits.delete('2', withOne);
    let left = await storedFiles(f.messaging);
    expect(left.rows.map((r) => r.id)).not.toContain(other.id);
    expect(left.chunkKeys).not.toContain(other.storageKey);
    expect(left.rows).toHaveLength(2);
    await f.messaging.messageEdits.delete('2', withOne);
    expect((await storedFiles(f.messaging)).rows).toHaveLength(2);
    await f.messaging.messageEdits.delete('2', withTwo);
    left = await storedFiles(f.messaging);
    expect(left).toEqual({ rows: [], chunkKeys: [] });
    expect(photo.thumbnailKey).not.toBeNull();
  });

  it('a file kept by another storage is released for the app to delete: unlinked, nameless, no uploader, never shown again', async () => {
    const f = await setUpOps();
    const { thread, message } = await f.messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'see the scan' });
    const scan = await seedFile(f.messaging, { uploaderId: '2', threadId: thread.id, messageId: message.id, external: true, name: 'passport.pdf' });
    await f.messaging.messageEdits.delete('2', message.id);
    const { rows } = await storedFiles(f.messaging);
    expect(rows).toEqual([{ id: scan.id, uploader_id: RELEASED_UPLOADER_ID, message_id: null, status: 'staged', name: '' }]);
  });

  it('a refused deletion (someone else’s message) removes no file', async () => {
    const { f, withOne } = await seed();
    await expect(f.messaging.messageEdits.delete('1', withOne)).rejects.toMatchObject({ code: 'not_found' });
    expect((await storedFiles(f.messaging)).rows).toHaveLength(3);
  });
});
