import busboy from 'busboy';
import type { Request } from 'express';
import { MessagingError } from '../../errors.js';
import { bodyObject } from '../guards/body.js';

/** The most a one-click body may be: it holds one short field. */
const MAX_BYTES = 4096;

/**
 * Whether an RFC 8058 one-click POST carries `List-Unsubscribe=One-Click`. The RFC lets a
 * mail provider send it as `multipart/form-data` or urlencoded (parsed before this, by the
 * route's form parser); multipart is read here, at most a few fields of a few bytes, no file.
 */
export async function isOneClickBody(req: Request): Promise<boolean> {
  if (!req.is('multipart/form-data')) return bodyObject(req)['List-Unsubscribe'] === 'One-Click';
  return new Promise((resolve, reject) => {
    let found = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fields: 5, fieldSize: 100, files: 0, parts: 5, fieldNameSize: 100 } });
    } catch {
      return reject(new MessagingError('invalid_request', 'The request body could not be read.'));
    }
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BYTES) {
        req.unpipe(parser);
        reject(new MessagingError('payload_too_large', 'The request body is too large.'));
      }
    });
    parser.on('field', (name, value) => {
      if (name === 'List-Unsubscribe' && value === 'One-Click') found = true;
    });
    parser.on('error', () => reject(new MessagingError('invalid_request', 'The request body could not be read.')));
    parser.on('close', () => resolve(found));
    req.pipe(parser);
  });
}
