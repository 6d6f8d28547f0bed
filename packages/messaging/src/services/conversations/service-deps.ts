import type { ResolvedAttachmentOptions } from '../../attachment-options.js';
import type { MessagingContext } from '../../context.js';
import type { SendingPolicy } from '../safety/sending-policy.js';
import type { SearchIndexBacklog } from '../search/search-index-backlog.js';
import type { ThreadMemberMemory } from './reply-partners.js';
import type { UserDirectory } from './user-directory.js';

/** What the conversation services share: the instance context and its user lookups. */
export interface ServiceDeps {
  readonly ctx: MessagingContext;
  readonly directory: UserDirectory;
  /** Suspensions, recipients' preferences and the host's veto, checked before a send (see sending-policy.ts). */
  readonly policy?: SendingPolicy;
  /** The `attachments` option when on: sends may then name staged files (`attachmentIds`), and messages carry `attachments`. */
  readonly attachments?: ResolvedAttachmentOptions | null;
  /** The `notifications` option's delay in ms when on: each send then schedules its thread (services/notifications/schedule.ts). */
  readonly notifyDelayMs?: number | null;
  /** Postgres replies: the instance's memory of each thread's members (reply-partners.ts); without it every reply reads them first. */
  readonly threadMembers?: ThreadMemberMemory;
  /** SQLite: the messages still to be added to the search index, which a search indexes before it asks the index. */
  readonly searchBacklog?: SearchIndexBacklog;
}

/** `limit` as the contract has it: 20 when absent, 1..100 otherwise (clamped, so a service caller cannot ask for everything). */
export function clampLimit(limit: number | undefined, fallback = 20, max = 100): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.trunc(limit)));
}
