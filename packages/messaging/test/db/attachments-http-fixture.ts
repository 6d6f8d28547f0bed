import sharp from 'sharp';
import type { AttachmentOptions } from '../../src/attachment-options.js';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';

/** A small valid PDF: the type is read from its first bytes. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A real PNG of `width` x `height` pixels. */
export function png(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();
}

/** A host app with attachments on (256 KiB files unless told), rate limits off, switched on. */
export function attachmentsApp(options: AttachmentOptions = {}): Promise<HttpTestApp> {
  return createHttpTestApp({ overrides: { attachments: { maxFileBytes: 256 * 1024, ...options } } });
}

/** Rows of the attachment tables: a refusal must leave both as they were. */
export async function attachmentRows(h: HttpTestApp): Promise<{ attachments: number; chunks: number }> {
  const db = h.messaging.database.db;
  const count = async (table: 'messaging_attachments' | 'messaging_attachment_chunks') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { attachments: await count('messaging_attachments'), chunks: await count('messaging_attachment_chunks') };
}

/** Uploads one file over the API as `userId` (a browser's same-origin request). */
export function upload(h: HttpTestApp, userId: string, bytes: Buffer, filename: string, contentType = 'application/octet-stream') {
  return h.as(userId).post('/api/attachments').attach('file', bytes, { filename, contentType });
}

/** The hidden `_csrf` value of the first form on a page. */
export function csrfOf(page: string): string {
  const match = /<input type="hidden" name="_csrf" value="([^"]*)">/.exec(page);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1]!;
}
