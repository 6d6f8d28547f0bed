import type { ResolvedAttachmentOptions } from '../../attachment-options.js';
import type { MessagingContext } from '../../context.js';
import type { BlockService } from '../safety/blocks.js';
import { createIdempotencyStore, type IdempotencyStore } from './idempotency.js';
import { hasArchivedThreads, listThreads, type ListThreadsOptions } from './inbox.js';
import { sendMessage, type SendMessageInput } from './messages.js';
import { createThreadMemberMemory } from './reply-partners.js';
import { getUnread, markRead, type ReadResult } from '../unread/read-state.js';
import { getThread, type GetThreadOptions, type ThreadPage } from './thread-messages.js';
import { startConversation, type StartConversationInput, type StartConversationResult } from './threads.js';
import type { Message, Page, ThreadSummary, UnreadState } from './types.js';
import type { SendingPolicy } from '../safety/sending-policy.js';
import type { UserDirectory } from './user-directory.js';
import { type SearchMessagesOptions, type SearchResult, searchMessages } from '../search/message-search.js';
import type { SearchIndexBacklog } from '../search/search-index-backlog.js';

export { createIdempotencyStore };
export type { BlockService, IdempotencyStore };
export type { SearchMessagesOptions, SearchResult };
export type { GetThreadOptions, ListThreadsOptions, ReadResult, SendMessageInput, StartConversationInput, StartConversationResult, ThreadPage };

/**
 * Threads, messages and read state for one instance (`messaging.conversations`). No Express:
 * a host may call it from a job or a script. User ids are the caller's to vouch for: pass the
 * signed-in member, never an id taken from a request body. Failures are `MessagingError`s
 * with the contract's codes; a refused call stores nothing.
 */
export interface ConversationService {
  /**
   * Starts a conversation, or continues the direct thread the sender already has with that
   * one person (`created: false`). Two or more others make a new group thread.
   * Errors: `invalid_recipient` (none, only yourself, unknown id), `invalid_request` (body,
   * subject, too many people), `payload_too_large`, `blocked`.
   */
  startConversation(input: StartConversationInput): Promise<StartConversationResult>;
  /**
   * Adds a message to a thread the sender takes part in (`not_found` otherwise, `blocked` in a
   * direct thread whose other member blocked the sender, `invalid_recipient` in a direct thread
   * whose other member the users adapter no longer returns).
   */
  sendMessage(input: SendMessageInput): Promise<Message>;
  /** The viewer's threads, latest activity first, one keyset page (`limit` 20 by default, at most 100). */
  listThreads(viewerId: string, options?: ListThreadsOptions): Promise<Page<ThreadSummary>>;
  /** Whether the viewer has archived threads (one indexed EXISTS): what an empty inbox page tells them. */
  hasArchivedThreads(viewerId: string): Promise<boolean>;
  /** One thread and a page of its messages, newest page first; does not mark anything read. `not_found` for a non-participant. */
  getThread(viewerId: string, threadId: string, options?: GetThreadOptions): Promise<ThreadPage>;
  /** Marks the thread read up to a message (default: the latest); never moves backwards. */
  markRead(viewerId: string, threadId: string, lastReadMessageId?: string): Promise<ReadResult>;
  /** The viewer's badge: one indexed lookup, never a count over messages. */
  getUnread(viewerId: string): Promise<UnreadState>;
  /**
   * Full-text search over the messages of the threads the viewer is in now (never a thread they
   * left, a removed or deleted message, or a group's messages from before they were added);
   * every word must match, as a whole word or the start of one; newest first, one keyset page.
   * `invalid_request` for an empty or too long `q`, one without a word, or a forged cursor.
   */
  searchMessages(viewerId: string, q: string, options?: SearchMessagesOptions): Promise<Page<SearchResult>>;
}

/** Builds the conversation service of an instance over its context, its user lookups and its sending policy. */
export function createConversationService(
  ctx: MessagingContext,
  parts: {
    directory: UserDirectory;
    policy: SendingPolicy;
    attachments?: ResolvedAttachmentOptions | null;
    notifyDelayMs?: number | null;
    searchBacklog?: SearchIndexBacklog;
  },
): ConversationService {
  const deps = { ctx, ...parts, threadMembers: createThreadMemberMemory() };
  return {
    startConversation: (input) => startConversation(deps, input),
    sendMessage: (input) => sendMessage(deps, input),
    listThreads: (viewerId, options = {}) => listThreads(deps, String(viewerId), options),
    hasArchivedThreads: (viewerId) => hasArchivedThreads(ctx.database.db, String(viewerId)),
    getThread: (viewerId, threadId, options = {}) => getThread(deps, String(viewerId), threadId, options),
    markRead: (viewerId, threadId, lastReadMessageId) => markRead(deps, String(viewerId), threadId, lastReadMessageId),
    getUnread: (viewerId) => getUnread(ctx.database.db, String(viewerId)),
    searchMessages: (viewerId, q, options = {}) => searchMessages(deps, String(viewerId), q, options),
  };
}
