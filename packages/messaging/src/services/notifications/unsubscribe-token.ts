import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UserId } from '../../options.js';

/** What {@link createUnsubscribeLinks} returns. */
export interface UnsubscribeLinks {
  /** The absolute one-click unsubscribe URL of a member: `<baseUrl>/unsubscribe?u=<id>&t=<token>`. */
  urlFor(userId: UserId): Promise<string>;
  /** The token of a member alone (the `t` parameter). */
  tokenFor(userId: UserId): Promise<string>;
  /** Whether `token` is the member's own token; anything else (another member's, tampered, not a string) is false. */
  verify(userId: unknown, token: unknown): Promise<boolean>;
}

/**
 * A token is HMAC-SHA256 (32 bytes) in base64url: 43 characters. Anything longer is refused
 * before hashing, so a hostile query costs nothing.
 */
const TOKEN_LENGTH = 43;
/** The longest member id a link may carry (ids are far shorter; the limit keeps hashing cheap). */
const MAX_ID_LENGTH = 1000;

/**
 * Signed one-click unsubscribe links (RFC 8058). The token is HMAC-SHA256 over the member id
 * with the deployment's secret (NOTIFY_SECRET_KEY in the settings store, one value for every
 * app server), so a link works without signing in, cannot be forged, and a member's link
 * cannot unsubscribe anyone else. The id is prefixed with a purpose label so the same secret
 * could never produce a token valid elsewhere; since the id is the only field after the
 * label, any character in it (':' included) is unambiguous. The URL encodes the id.
 *
 * @param options.secret the deployment's secret (see createDeploymentSecret), read when first needed
 * @param options.baseUrl absolute URL where `messaging.router` is mounted, e.g. 'https://example.com/messages'
 */
export function createUnsubscribeLinks(options: { secret: () => Promise<Buffer>; baseUrl: string }): UnsubscribeLinks {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function tokenFor(userId: UserId): Promise<string> {
    return createHmac('sha256', await options.secret())
      .update(`unsubscribe:${String(userId)}`)
      .digest('base64url');
  }

  return {
    tokenFor,
    async urlFor(userId) {
      return `${base}/unsubscribe?u=${encodeURIComponent(String(userId))}&t=${await tokenFor(userId)}`;
    },
    async verify(userId, token) {
      if (typeof userId !== 'string' && typeof userId !== 'number') return false;
      const id = String(userId);
      if (id === '' || id.length > MAX_ID_LENGTH) return false;
      if (typeof token !== 'string' || token.length !== TOKEN_LENGTH) return false;
      const expected = Buffer.from(await tokenFor(id));
      const sent = Buffer.from(token);
      // Same length checked above in characters; bytes may still differ for non-ASCII input.
      return sent.length === expected.length && timingSafeEqual(sent, expected);
    },
  };
}
