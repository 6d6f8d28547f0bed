import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttachmentOptions } from '../../src/attachment-options.js';
import type { Messaging } from '../../src/create-messaging.js';
import type { AttachmentService } from '../../src/services/attachments/attachment-service.js';
import { countedMessaging } from '../helpers/counted-postgres.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

let now = new Date('2026-03-04T10:00:00.000Z');
async function instance(attachments: AttachmentOptions | true = true): Promise<{ messaging: Messaging; files: AttachmentService }> {
  now = new Date('2026-03-04T10:00:00.000Z');
  const t = await createTestMessaging({ attachments, clock: () => now });
  cleanups.push(t.cleanup);
  if (!t.messaging.attachments) throw new Error('attachments are off');
  return { messaging: t.messaging, files: t.messaging.attachments };
}

/** Rows and bytes stored: what "nothing stored" is checked against. */
async function stored(messaging: Messaging) {
  const db = messaging.database.db;
  const rows = await db
    .selectFrom('messaging_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const chunks = await db
    .selectFrom('messaging_attachment_chunks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const messages = await db
    .selectFrom('messaging_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows: Number(rows.n), chunks: Number(chunks.n), messages: Number(messages.n) };
}

const streamOf = (bytes: Buffer, piece = 16 * 1024) =>
  Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
    })(),
  );
const read = async (stream: NodeJS.ReadableStream) => {
  const parts: Buffer[] = [];
  for await (const p of stream as AsyncIterable<Buffer>) parts.push(Buffer.from(p));
  return Buffer.concat(parts);
};

/** A 64×32 JPEG with GPS tags, and EXIF orientation 6 (shown turned a quarter: 32×64). */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 32, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withMetadata({
      orientation: 6,
      exif: { IFD0: { Make: 'PhoneCo', Model: 'Secret Model' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } },
    })
    .toBuffer();
}
const png = () =>
  sharp({ create: { width: 20, height: 10, channels: 4, background: '#0a0' } })
    .png()
    .toBuffer();

describe(`attachments intake (${TEST_DIALECT})`, () => {
  it('a JPEG with GPS tags comes back without any metadata, upright, with a thumbnail', async () => {
    const { files } = await instance();
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif?.includes(Buffer.from('Secret Model'))).toBe(true);
    const staged = await files.stage('1', { name: 'me at home.jpg', stream: streamOf(original) });
    expect(staged).toMatchObject({ name: 'me at home.jpg', contentType: 'image/jpeg', width: 32, height: 64, status: 'staged', url: `attachments/${staged.id}` });
    expect(staged.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const opened = await files.open('1', staged.id);
    const bytes = await read(opened!.stream);
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([32, 64]);
    expect(bytes.includes(Buffer.from('Secret Model'))).toBe(false);
    expect(bytes.includes(Buffer.from('PhoneCo'))).toBe(false);
    const thumbnail = await files.open('1', staged.id, 'thumbnail');
    expect(thumbnail?.contentType).toBe('image/webp');
    expect((await sharp(await read(thumbnail!.stream)).metadata()).format).toBe('webp');
  });

  it('decides the type from the bytes: an HTML file named .jpg is refused, a PNG declared text/html is stored as image/png', async () => {
    const { messaging, files } = await instance();
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    await expect(files.stage('1', { name: 'cat.jpg', stream: streamOf(html), declaredType: 'image/jpeg' })).rejects.toMatchObject({ code: 'unsupported_media_type', status: 415 });
    await expect(files.stage('1', { name: 'empty.png', stream: streamOf(Buffer.alloc(0)) })).rejects.toMatchObject({ code: 'unsupported_media_type' });
    expect(await stored(messaging)).toMatchObject({ rows: 0, chunks: 0 });

    const staged = await files.stage('1', { name: 'page.html', stream: streamOf(await png()), declaredType: 'text/html' });
    expect(staged.contentType).toBe('image/png');
    // The name's extension follows the bytes, so a download never saves as .html.
    expect(staged.name).toBe('page.html.png');
  });

  it('refuses an allowed-looking image that does not decode, and a type the host did not allow', async () => {
    const { messaging, files } = await instance({ allowedTypes: ['image/png', 'application/pdf'] });
    const broken = Buffer.concat([(await png()).subarray(0, 60), Buffer.alloc(200, 7)]);
    await expect(files.stage('1', { name: 'broken.png', stream: streamOf(broken) })).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(files.stage('1', { name: 'photo.jpg', stream: streamOf(await photoWithGps()) })).rejects.toMatchObject({ code: 'unsupported_media_type' });
    expect(await stored(messaging)).toMatchObject({ rows: 0, chunks: 0 });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(700 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    const staged = await files.stage('1', { name: 'terms', stream: streamOf(pdf) });
    expect(staged).toMatchObject({ contentType: 'application/pdf', name: 'terms.pdf', size: pdf.length });
    expect(staged.thumbnailUrl).toBeUndefined();
    expect((await read((await files.open('1', staged.id))!.stream)).equals(pdf)).toBe(true);
    expect(await files.open('1', staged.id, 'thumbnail')).toBeNull();
  });

  it('stops reading an oversized upload at the limit and stores nothing of it', async () => {
    const { messaging, files } = await instance({ maxFileBytes: 300 * 1024 });
    let produced = 0;
    const source = Readable.from(
      (function* () {
        yield Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64 * 1024 - 9, 0x20)]);
        produced += 64 * 1024;
        for (let i = 0; i < 1000; i++) {
          produced += 64 * 1024;
          yield Buffer.alloc(64 * 1024, 0x20);
        }
      })(),
    );
    await expect(files.stage('1', { name: 'big.pdf', stream: source })).rejects.toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(produced).toBeLessThan(1024 * 1024);
    expect(await stored(messaging)).toMatchObject({ rows: 0, chunks: 0 });
  });

  it('counts bytes per member per UTC day in the database: over the cap is 429 with retryAfter, and nothing stored', async () => {
    const { messaging, files } = await instance({ maxBytesPerMemberPerDay: 1000 * 1024 });
    const pdf = (kb: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(kb * 1024 - 9, 0x20)]);
    await files.stage('1', { name: 'a.pdf', stream: streamOf(pdf(600)) });
    const before = await stored(messaging);
    const refused = await files.stage('1', { name: 'b.pdf', stream: streamOf(pdf(600)) }).catch((err) => err);
    expect(refused).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(refused.details.retryAfter).toBe(14 * 3600);
    expect(await stored(messaging)).toEqual(before);
    // Another member has their own budget; the next UTC day starts again.
    await files.stage('2', { name: 'b.pdf', stream: streamOf(pdf(600)) });
    now = new Date('2026-03-05T00:00:01.000Z');
    await files.stage('1', { name: 'b.pdf', stream: streamOf(pdf(600)) });
  });

  it('lets the inspect hook refuse a file (422 attachment_refused): nothing stored; it sees the cleaned bytes', async () => {
    let seen: { contentType: string; size: number; bytes: Buffer; uploaderId: string } | undefined;
    const { messaging, files } = await instance({
      inspect: async (file) => {
        seen = { contentType: file.contentType, size: file.size, bytes: await read(file.stream()), uploaderId: file.uploaderId };
        return false;
      },
    });
    await expect(files.stage('1', { name: 'photo.jpg', stream: streamOf(await photoWithGps()) })).rejects.toMatchObject({ code: 'attachment_refused', status: 422 });
    expect(seen).toMatchObject({ contentType: 'image/jpeg', uploaderId: '1' });
    expect(seen!.bytes.length).toBe(seen!.size);
    expect(seen!.bytes.includes(Buffer.from('Secret Model'))).toBe(false);
    expect(await stored(messaging)).toMatchObject({ rows: 0, chunks: 0 });
  });
});

describe(`attachments in conversations (${TEST_DIALECT})`, () => {
  it("a send links the sender's staged files; the thread, the answer and the live read carry them; only participants open them", async () => {
    const { messaging, files } = await instance();
    const photo = await files.stage('1', { name: 'bike.jpg', stream: streamOf(await photoWithGps()) });
    // Staged: its uploader only.
    expect(await files.open('2', photo.id)).toBeNull();
    const started = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'For sale', attachmentIds: [photo.id] });
    expect(started.message.attachments).toEqual([{ ...photo, status: undefined }].map(({ status, ...a }) => a));
    expect(await files.open('2', photo.id)).not.toBeNull();
    expect(await files.open('3', photo.id)).toBeNull();
    expect(await files.open('2', 'no-such-id')).toBeNull();

    const pdf = await files.stage('2', { name: 'receipt.pdf', stream: streamOf(Buffer.from('%PDF-1.4\nhello\n%%EOF\n')) });
    const reply = await messaging.conversations.sendMessage({ senderId: '2', threadId: started.thread.id, body: 'Receipt', attachmentIds: [pdf.id] });
    expect(reply.attachments?.map((a) => a.id)).toEqual([pdf.id]);
    const plain = await messaging.conversations.sendMessage({ senderId: '1', threadId: started.thread.id, body: 'Thanks' });
    expect(plain.attachments).toEqual([]);

    const page = await messaging.conversations.getThread('1', started.thread.id);
    expect(page.messages.map((m) => m.attachments?.map((a) => a.name))).toEqual([['bike.jpg'], ['receipt.pdf'], []]);

    // A sent file cannot be sent again, and nobody can send another member's upload: the send is refused whole.
    const before = await stored(messaging);
    await expect(messaging.conversations.sendMessage({ senderId: '1', threadId: started.thread.id, body: 'Again', attachmentIds: [photo.id] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    const others = await files.stage('3', { name: 'x.pdf', stream: streamOf(Buffer.from('%PDF-1.4\n')) });
    await expect(messaging.conversations.sendMessage({ senderId: '1', threadId: started.thread.id, body: 'Stolen', attachmentIds: [others.id] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['4'], body: 'Stolen', attachmentIds: [others.id] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect((await stored(messaging)).messages).toBe(before.messages);
    expect(await files.open('3', others.id)).not.toBeNull();
  });

  it('a member who left, a member added later and a deleted message see no file', async () => {
    const { messaging, files } = await instance();
    const photo = await files.stage('1', { name: 'a.png', stream: streamOf(await png()) });
    const group = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Look', attachmentIds: [photo.id] });
    expect(await files.open('3', photo.id, 'thumbnail')).not.toBeNull();
    await messaging.inboxControls.leave('3', group.thread.id);
    expect(await files.open('3', photo.id)).toBeNull();
    await messaging.membership.addMembers({ actorId: '1', threadId: group.thread.id, userIds: ['4'] });
    expect(await files.open('4', photo.id)).toBeNull();
    await messaging.messageEdits.delete('1', group.message.id);
    expect(await files.open('2', photo.id)).toBeNull();
    expect((await messaging.conversations.getThread('2', group.thread.id)).messages[0]?.attachments).toEqual([]);
  });

  it('refuses too many files and any file while attachments are off', async () => {
    const { messaging } = await instance({ maxFilesPerMessage: 2 });
    await expect(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', attachmentIds: ['a', 'b', 'c'] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', attachmentIds: ['../x'] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    const off = await createTestMessaging();
    cleanups.push(off.cleanup);
    expect(off.messaging.attachments).toBeNull();
    await expect(off.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', attachmentIds: ['abc'] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    const sent = await off.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x' });
    expect(sent.message.attachments).toBeUndefined();
  });

  it("cleans up uploads never sent after an hour, with their bytes; discard deletes one member's staged files", async () => {
    const { messaging, files } = await instance();
    const orphan = await files.stage('1', { name: 'a.png', stream: streamOf(await png()) });
    const sent = await files.stage('1', { name: 'b.png', stream: streamOf(await png()) });
    await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', attachmentIds: [sent.id] });
    expect(await files.cleanupOrphans()).toBe(0);
    now = new Date(now.getTime() + 61 * 60_000);
    const fresh = await files.stage('1', { name: 'c.png', stream: streamOf(await png()) });
    expect(await files.cleanupOrphans()).toBe(1);
    expect(await files.open('1', orphan.id)).toBeNull();
    expect(await files.open('2', sent.id)).not.toBeNull();
    expect(await files.discard('2', [fresh.id])).toBe(0);
    expect(await files.discard('1', [fresh.id, sent.id])).toBe(1);
    // What is left: the sent file and its thumbnail, one chunk each.
    expect(await stored(messaging)).toMatchObject({ rows: 1, chunks: 2 });
  });
});

const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;
postgresOnly('round trips of a reply with attachments on (Postgres)', () => {
  it('a reply without files keeps its 4 statements; with files it takes one more', async () => {
    const c = await countedMessaging({ attachments: true });
    cleanups.push(c.close);
    const { messaging, take } = c;
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    const staged = await messaging.attachments!.stage('1', { name: 'a.pdf', stream: streamOf(Buffer.from('%PDF-1.4\n')) });
    take();
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Plain' });
    expect(take().statements.length).toBeLessThanOrEqual(4);
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'With a file', attachmentIds: [staged.id] });
    const { statements } = take();
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(5);
    expect(statements.at(-1)).toMatch(/^commit/i);
  });
});

/** A PNG whose header claims 20000×20000 pixels (400 MP) around a few bytes: a decompression bomb. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(20_000, 0);
  header.writeUInt32BE(20_000, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe(`attachments intake: images (${TEST_DIALECT})`, () => {
  it('refuses an image that claims too many pixels (decompression bomb) without decoding it, and keeps an animated GIF a GIF', async () => {
    const { messaging, files } = await instance();
    await expect(files.stage('1', { name: 'bomb.png', stream: streamOf(pngBomb()) })).rejects.toMatchObject({ code: 'unsupported_media_type' });
    expect(await stored(messaging)).toMatchObject({ rows: 0, chunks: 0 });
    const frames = await sharp({ create: { width: 16, height: 48, channels: 4, background: '#00f' } })
      .gif()
      .toBuffer();
    const gif = await sharp(frames, { pages: -1 }).gif().toBuffer();
    const staged = await files.stage('1', { name: 'wave', stream: streamOf(gif) });
    expect(staged).toMatchObject({ contentType: 'image/gif', name: 'wave.gif' });
    expect((await sharp(await read((await files.open('1', staged.id))!.stream)).metadata()).format).toBe('gif');
  });
});

describe(`attachments: races and crashes (${TEST_DIALECT})`, () => {
  it('counts two uploads of one member at once against the daily cap one after the other', async () => {
    const { messaging, files } = await instance({ maxBytesPerMemberPerDay: 1000 * 1024 });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(600 * 1024, 0x20)]);
    const results = await Promise.allSettled([files.stage('1', { name: 'a.pdf', stream: streamOf(pdf) }), files.stage('1', { name: 'b.pdf', stream: streamOf(pdf) })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'rate_limited' });
    expect(await stored(messaging)).toMatchObject({ rows: 1, chunks: 3 });
  });

  it('cleanupOrphans also deletes the chunks of an upload a crash interrupted, once they are older than the cutoff', async () => {
    const { messaging, files } = await instance();
    const db = messaging.database.db;
    const key = `${now.getTime().toString(36)}-${'x'.repeat(22)}`;
    await db
      .insertInto('messaging_attachment_chunks')
      .values({ storage_key: key, seq: 0, data: Buffer.from('half') })
      .execute();
    const kept = await files.stage('1', { name: 'a.pdf', stream: streamOf(Buffer.from('%PDF-1.4\n')) });
    await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', attachmentIds: [kept.id] });
    expect(await files.cleanupOrphans()).toBe(0);
    expect((await stored(messaging)).chunks).toBe(2);
    now = new Date(now.getTime() + 61 * 60_000);
    await files.cleanupOrphans();
    expect((await stored(messaging)).chunks).toBe(1);
    expect(await files.open('2', kept.id)).not.toBeNull();
  });
});
