import type { RequestHandler } from 'express';
import type { ConversationService } from '../../services/conversations/conversation-service.js';
import type { IdempotencyStore } from '../../services/conversations/idempotency.js';

export type { StoredAnswer } from '../../services/conversations/idempotency.js';

/** Everything {@link createRouter} is given besides the context. */
export interface RouterDependencies {
  conversations: ConversationService;
  idempotency: Pick<IdempotencyStore, 'remember'>;
  /** The admin switch: while off, every route answers 404 `messaging_disabled`. */
  toggle: { isEnabled(): boolean | Promise<boolean> };
  /** The live-update stream, mounted as `GET /api/events` behind the switch guard, when given. */
  events?: RequestHandler;
}
