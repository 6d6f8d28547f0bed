import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** A position is a message id: a non-negative int64, as 8 bytes so that every id has one length. */
const POSITION_BYTES = 8;
const TOKEN_BYTES = NONCE_BYTES + POSITION_BYTES + TAG_BYTES;

/**
 * Random nonces, taken from a batch: one `randomBytes` call per event cost more than the
 * encryption. A spent batch is replaced, never refilled, so a nonce handed out stays as it was.
 */
let noncePool = Buffer.alloc(0);
let nonceUsed = 0;
function nextNonce(): Buffer {
  if (nonceUsed + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * 256);
    nonceUsed = 0;
  }
  nonceUsed += NONCE_BYTES;
  return noncePool.subarray(nonceUsed - NONCE_BYTES, nonceUsed);
}

/**
 * Turns a stream's position (the largest message id it accounted for, a global count) into the
 * event id a member sees, and back. An id is AES-256-GCM of the position under a key of the
 * deployment, with a random nonce and the viewer's id as associated data: it reads as random
 * bytes, two ids of one position differ, and an id is valid only for the member it was given
 * to. So ids tell a member nothing of other members' messages, and the answer to an id the
 * server did not give (a guess) never depends on the database's contents.
 */
export interface EventIdCodec {
  encode(viewerId: string, position: string): string;
  /** The position, or null when the id was not made by this deployment for this viewer. */
  decode(viewerId: string, id: string): string | null;
}

function codecFor(key: Buffer): EventIdCodec {
  const aad = (viewerId: string) => Buffer.from(`messaging-live-event:${viewerId}`, 'utf8');
  return {
    encode(viewerId, position) {
      const nonce = nextNonce();
      const plain = Buffer.alloc(POSITION_BYTES);
      plain.writeBigUInt64BE(BigInt(position));
      const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(aad(viewerId));
      const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return sealed.toString('base64url');
    },
    decode(viewerId, id) {
      if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
      const sealed = Buffer.from(id, 'base64url');
      if (sealed.length !== TOKEN_BYTES) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES)).setAAD(aad(viewerId));
        decipher.setAuthTag(sealed.subarray(NONCE_BYTES + POSITION_BYTES));
        const plain = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, NONCE_BYTES + POSITION_BYTES)), decipher.final()]);
        return plain.readBigUInt64BE().toString();
      } catch {
        return null; // forged, tampered, another member's, or another deployment's
      }
    },
  };
}

/**
 * The instance's codec over `key`, the deployment's event-id key (services/settings/secrets.ts:
 * one for every app server, so a client may resume on any of them). A failed read is tried
 * again on the next call.
 */
export function createEventIdSource(key: () => Promise<Buffer>): () => Promise<EventIdCodec> {
  let loading: Promise<EventIdCodec> | undefined;
  return () => {
    loading ??= key().then(codecFor, (err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };
}
