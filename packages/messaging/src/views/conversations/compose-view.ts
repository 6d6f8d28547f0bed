import type { MessagingUser } from '../../options.js';
import type { Participant, ThreadSummary } from '../../services/conversations/types.js';
import { type FileInputView, fileInputData } from '../attachments/file-input.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { avatarSrc } from '../text/avatar.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { safeUrl } from '../text/format.js';
import { bdi } from '../text/isolate.js';
import type { ComposeData, ComposePickerData } from './templates/compose.js';

/** Errors shown next to the compose form's fields. */
export interface ComposeErrors {
  to?: string;
  subject?: string;
  body?: string;
  /** An error about the whole form (shown above it). */
  form?: string;
  /** A refused file (shown next to the file input). */
  files?: string;
}

/** The recipient picker's state: what was searched for and who was found. */
export interface ComposePicker {
  /** The search text, kept in the field. */
  q: string;
  /** Members found for `q`; null before a search. */
  results: Participant[] | null;
  /** Why `q` was refused (shown next to the field). */
  error?: string;
  maxLength: number;
}

/** What the compose page needs. */
export interface ComposeInput {
  base: string;
  csrfToken: string;
  /** The recipients named by `to` that the host knows (shown by name, sent as hidden fields). */
  recipients: MessagingUser[];
  /** The recipient picker (the host gave `users.search`); null: conversations start from a profile's Message button. */
  picker?: ComposePicker | null;
  subject: string;
  body: string;
  errors: ComposeErrors;
  maxMessageLength: number;
  maxSubjectLength: number;
  /** What the conversation is about (from the Message button), sent on as hidden fields `contextType` and `contextId`. */
  context?: { type: string; id: string } | null;
  /** The context's title and link from the host's `contexts.resolve`, shown above the form. */
  contextInfo?: ThreadSummary['context'];
  /** The form's file input; absent when attachments are off (the form stays urlencoded). */
  attachments?: Omit<FileInputView, 'error'>;
}

/** Renders the compose form body. */
export function renderCompose(kit: ViewKit, input: ComposeInput): string {
  const { i18n } = kit;
  const recipients = input.recipients.map((r) => ({ id: String(r.id), displayName: r.displayName, profileUrl: safeUrl(r.profileUrl) }));
  const context = input.contextInfo?.title ? { title: input.contextInfo.title, url: input.contextInfo.url } : null;
  const data: ComposeData = {
    i18n,
    action: `${input.base}/`,
    inboxHref: `${input.base}/`,
    csrfToken: input.csrfToken,
    recipients,
    recipientsHtml: i18n.listHtml(recipients.map((r) => (r.profileUrl ? html`<a href="${r.profileUrl}">${bdi(r.displayName)}</a>` : bdi(r.displayName)))),
    picker: pickerData(input),
    // The profiles' Message button as the package words it (a host's `buttonLabel` is not known here).
    profileButtonHtml: html`<strong>${i18n.t('partials.messageButton')}</strong>`,
    // The form shows once someone is chosen, or when a sent form comes back (its text is kept).
    showForm: input.recipients.length > 0 || Object.keys(input.errors).length > 0 || input.subject !== '' || input.body !== '',
    subject: input.subject,
    body: input.body,
    errors: input.errors,
    maxMessageLength: input.maxMessageLength,
    maxSubjectLength: input.maxSubjectLength,
    context: input.context ?? null,
    contextInfo: context,
    contextTitleHtml: contextTitleHtml(context),
    fileInput: fileInputData(input.attachments && { ...input.attachments, ...(input.errors.files ? { error: input.errors.files } : {}) }, i18n),
  };
  return kit.renderer.render('conversations/compose', data);
}

/** The context's title isolated, linked when the host gave a url (already checked by the service). */
function contextTitleHtml(context: ComposeData['contextInfo']): SafeHtml {
  if (!context) return html``;
  return context.url ? html`<a href="${context.url}">${bdi(context.title)}</a>` : bdi(context.title);
}

/** The compose page's address with these recipients (and the context) chosen. */
function composeHref(base: string, ids: string[], context: ComposeInput['context']): string {
  const query = new URLSearchParams(ids.map((id): [string, string] => ['to', id]));
  if (context) {
    query.append('contextType', context.type);
    query.append('contextId', context.id);
  }
  return `${base}/new?${query}`;
}

function pickerData(input: ComposeInput): ComposePickerData | null {
  const { picker } = input;
  if (!picker) return null;
  const chosenIds = input.recipients.map((r) => String(r.id));
  return {
    action: `${input.base}/new`,
    apiUrl: `${input.base}/api/users`,
    q: picker.q,
    qHtml: bdi(picker.q),
    maxLength: picker.maxLength,
    chosenIds,
    error: picker.error ?? null,
    results:
      picker.results?.map((p) => ({
        displayName: p.displayName,
        nameHtml: bdi(p.displayName),
        avatarSrc: avatarSrc(p),
        chooseHref: composeHref(input.base, [...chosenIds, p.id], input.context),
      })) ?? null,
  };
}
