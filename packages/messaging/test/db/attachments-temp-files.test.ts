import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttachmentOptions } from '../../src/attachment-options.js';
import type { Messaging } from '../../src/create-messaging.js';
import { createDatabaseStorage } from '../../src/services/attachments/database-storage.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

// Photos are written to a private temp file before sharp reads them: a directory of the
// test's own as TMPDIR, so what is left there is this file's doing only.
let temp = '';
let formerTmp: string | undefined;
const cleanups: Array<() => Promise<void>> = [];
beforeEach(() => {
  formerTmp = process.env.TMPDIR;
  temp = mkdtempSync(join(tmpdir(), 'messaging-temp-test-'));
  process.env.TMPDIR = temp;
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  if (formerTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = formerTmp;
  rmSync(temp, { recursive: true, force: true });
});

async function instance(attachments: AttachmentOptions = {}): Promise<Messaging> {
  const t = await createTestMessaging({ rateLimits: false, attachments });
  cleanups.push(t.cleanup);
  return t.messaging;
}

const rows = async (messaging: Messaging) => (await messaging.database.db.selectFrom('messaging_attachments').select('id').execute()).length;
const chunks = async (messaging: Messaging) => (await messaging.database.db.selectFrom('messaging_attachment_chunks').select('storage_key').execute()).length;
const photo = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();

describe(`a photo goes through a private temp file on ${TEST_DIALECT}`, () => {
  it('the upload is written 0600 in a 0700 directory while it is re-encoded, and nothing is left afterwards', async () => {
    const seen: Array<{ directory: number; files: Record<string, number> }> = [];
    const probe = await instance();
    const inner = createDatabaseStorage(probe.database.db);
    const messaging = await instance({
      storage: {
        ...inner,
        async put(key, body, info) {
          for (const name of readdirSync(temp)) {
            const directory = join(temp, name);
            const files = Object.fromEntries(readdirSync(directory).map((f) => [f, statSync(join(directory, f)).mode & 0o777]));
            seen.push({ directory: statSync(directory).mode & 0o777, files });
          }
          await inner.put(key, body, info);
        },
      },
    });
    const staged = await messaging.attachments!.stage('1', { name: 'p.jpg', stream: Readable.from([await photo()]) });
    expect(staged).toMatchObject({ contentType: 'image/jpeg', width: 64, height: 48 });
    expect(seen[0]).toEqual({ directory: 0o700, files: { original: 0o600, encoded: 0o600 } });
    expect(readdirSync(temp)).toEqual([]);
  });

  it('a photo over maxFileBytes (413) and one that does not decode (415) leave no temp file and store nothing', async () => {
    const big = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg()
      .toBuffer();
    const messaging = await instance({ maxFileBytes: big.length - 1 });
    // Arrives in pieces, so the temp file is already started when the limit is passed.
    const pieces = Array.from({ length: Math.ceil(big.length / 1000) }, (_, i) => big.subarray(i * 1000, (i + 1) * 1000));
    await expect(messaging.attachments!.stage('1', { name: 'big.jpg', stream: Readable.from(pieces) })).rejects.toMatchObject({ code: 'payload_too_large' });
    const broken = Buffer.concat([(await photo()).subarray(0, 200), Buffer.alloc(300, 7)]);
    await expect(messaging.attachments!.stage('1', { name: 'broken.jpg', stream: Readable.from([broken]) })).rejects.toMatchObject({ code: 'unsupported_media_type' });
    expect(readdirSync(temp)).toEqual([]);
    expect(await rows(messaging)).toBe(0);
    expect(await chunks(messaging)).toBe(0);
  });

  it('twelve photos at once all come through (two re-encodes at a time, the others waiting on disk)', async () => {
    const messaging = await instance();
    const bytes = await photo(200, 100);
    const staged = await Promise.all(Array.from({ length: 12 }, (_, i) => messaging.attachments!.stage('1', { name: `p${i}.jpg`, stream: Readable.from([bytes]) })));
    expect(staged.map((s) => s.width)).toEqual(Array(12).fill(200));
    expect(await rows(messaging)).toBe(12);
    expect(readdirSync(temp)).toEqual([]);
  });
});
