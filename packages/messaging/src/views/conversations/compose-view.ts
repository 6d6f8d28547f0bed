import type { MessagingUser } from '../../options.js';
import type { ThreadSummary } from '../../services/conversations/types.js';
import { contextHtml } from './group-settings-view.js';
import { renderView } from '../rendering/engine.js';
import { safeUrl } from '../text/format.js';

/** Errors shown next to the compose form's fields. */
export interface ComposeErrors {
  to?: string;
  subject?: string;
  body?: string;
  /** An error about the whole form (shown above it). */
  form?: string;
}

/** What the compose page needs. */
export interface ComposeInput {
  base: string;
  csrfToken: string;
  /** The recipients named by `to` that the host knows (shown by name, sent as hidden fields). */
  recipients: MessagingUser[];
  /** What was typed in the `to` field, when no known recipient was given. */
  toText: string;
  subject: string;
  body: string;
  errors: ComposeErrors;
  maxMessageLength: number;
  maxSubjectLength: number;
  /** What the conversation is about (from the Message button), sent on as hidden fields `contextType` and `contextId`. */
  context?: { type: string; id: string } | null;
  /** The context's title and link from the host's `contexts.resolve`, shown above the form. */
  contextInfo?: ThreadSummary['context'];
}

/** Renders the compose form body. */
export function renderCompose(input: ComposeInput): string {
  return renderView('compose', {
    action: `${input.base}/`,
    inboxHref: `${input.base}/`,
    csrfToken: input.csrfToken,
    recipients: input.recipients.map((r) => ({ id: String(r.id), displayName: r.displayName, profileUrl: safeUrl(r.profileUrl) })),
    toText: input.toText,
    subject: input.subject,
    body: input.body,
    errors: input.errors,
    maxMessageLength: input.maxMessageLength,
    maxSubjectLength: input.maxSubjectLength,
    context: input.context ?? null,
    contextHtml: String(contextHtml(input.contextInfo)),
  });
}
