import type { RequestHandler } from 'express';
import type { ConversationService } from '../../services/conversations/conversation-service.js';
import type { IdempotencyStore } from '../../services/conversations/idempotency.js';
import type { MembershipService } from '../../services/conversations/group-membership.js';
import type { MessageEditService } from '../../services/conversations/message-edits.js';
import type { RecipientSearch } from '../../services/conversations/recipient-search.js';
import type { AttachmentRouteService } from '../attachments/dependencies.js';
import type { CsrfProtection } from '../guards/csrf.js';
import type { UnsubscribeDependencies } from '../notifications/unsubscribe-routes.js';
import type { SenderLimits } from '../guards/rate-limit.js';
import type { ThreadControls } from '../safety/thread-controls.js';
import type { SwitchAnswer } from '../guards/require-enabled.js';

export type { StoredAnswer } from '../../services/conversations/idempotency.js';

/** Everything {@link createRouter} is given besides the context. */
export interface RouterDependencies {
  conversations: ConversationService;
  /** Editing and deleting one's own messages (`PATCH`/`DELETE /api/messages/:messageId` and their pages). */
  messageEdits: MessageEditService;
  /** Adding members to a group and renaming it (`POST /api/threads/:threadId/members`, `PATCH /api/threads/:threadId` and their forms). */
  membership: MembershipService;
  /** Finding members to write to (`GET /api/users` and the compose page's picker), through the host's `users.search`. */
  recipients: RecipientSearch;
  idempotency: Pick<IdempotencyStore, 'remember'>;
  /** The admin switch: while off, every route answers 404 `messaging_disabled`. */
  toggle: SwitchAnswer;
  /** The live-update stream, mounted as `GET /api/events` behind the switch guard, when given. */
  events?: RequestHandler;
  /** With `events`: where a thread page's stream resumes from (EventStreams.resumeFrom). */
  liveResume?: (viewerId: string, latestMessageId: string) => Promise<string>;
  /** The instance's CSRF protection (one for all its routers). */
  csrf: CsrfProtection;
  /** The sender limits (messages per minute, new threads per hour and day). */
  limits: SenderLimits;
  /** Spends one of the member's write attempts (one budget shared with the member-safety router). */
  writeAttempt: RequestHandler;
  /** Files in messages (`POST /api/attachments`, `GET /attachments/:attachmentId`, the forms' files); absent when attachments are off. */
  attachments?: AttachmentRouteService;
  /** The thread page's archive/mute/leave and block controls. */
  threadControls: ThreadControls;
  /** The notification mails' one-click unsubscribe (`GET`/`POST /unsubscribe`), mounted when given. */
  unsubscribe?: UnsubscribeDependencies;
}
