import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export type { AttachmentStorage } from '../../attachment-options.js';

/** Storage keys the package makes: random base64url, so safe as a file name and in SQL. */
const KEY = /^[A-Za-z0-9_-]{1,100}$/;

/** True for a key the package could have made (letters, digits, `-`, `_`; no dots, no slashes). */
export function isStorageKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key);
}

/** A new random id: 16 bytes (128 bits) as 22 characters of base64url. */
export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A storage key: when it was made (milliseconds, base 36) and a random part. The time lets the
 * cleanup tell bytes a crashed upload left behind (no row names them) from an upload still
 * running: only keys older than the cleanup's cutoff are taken.
 */
export function newStorageKey(now: Date): string {
  return `${now.getTime().toString(36)}-${randomId()}`;
}

/** When a key of {@link newStorageKey} was made; undefined for any other key. */
export function storageKeyTime(key: string): number | undefined {
  const match = /^([0-9a-z]{1,11})-[A-Za-z0-9_-]{22}$/.exec(key);
  return match ? Number.parseInt(match[1] as string, 36) : undefined;
}

/** Any body an adapter may be given or hand back, as a Node stream. */
export function toReadable(body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): Readable {
  return body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>, { objectMode: false });
}
