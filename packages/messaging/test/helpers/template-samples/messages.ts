import type { AttachmentTemplateData } from '../../../src/views/attachments/templates/index.js';
import type { ConversationTemplateData } from '../../../src/views/conversations/templates/index.js';
import { html } from '../../../src/views/text/escape-html.js';
import { bdi } from '../../../src/views/text/isolate.js';

/**
 * Sample data for the thread page, its system lines, a group's members-and-name page, the edit
 * and delete pages of one's own message and a message's files (attachment list, file input):
 * every member- or host-typed string (names, subjects, bodies, file names, context titles, ids,
 * typed text, the CSRF token) is the `hostile` argument, in links encoded as the views put it
 * there; the SafeHtml pieces are built from it the way the views build them. Every branch that
 * prints member text is on: a message of each kind (own with Edit and Delete, another's with
 * Report, removed, deleted, edited), both kinds of file, system lines before and between
 * messages, a context, controls, errors on each field, both pagers.
 */
type ConversationName = 'conversations/thread' | 'conversations/system-line' | 'conversations/group-settings' | 'conversations/message-edit' | 'conversations/message-delete';
type AttachmentName = keyof AttachmentTemplateData;
type TemplateData = ConversationTemplateData & AttachmentTemplateData;
type Name = ConversationName | AttachmentName;
type Sample<N extends Name> = (hostile: string) => Omit<TemplateData[N], 'i18n'>;

const WHEN = '2026-01-01T00:00:00.000Z';
/** Errors are the package's words (catalogue), never member text. */
const ERROR = 'Write a message first.';

/** A path of the package with the member's text in it, encoded as the views encode ids. */
const path = (hostile: string, suffix = '') => `/messages/threads/${encodeURIComponent(hostile)}${suffix}`;

const systemLine = (hostile: string, kind: 'members_added' | 'renamed', renamed = true) => ({
  id: hostile,
  kind,
  actorHtml: bdi(hostile),
  namesHtml: kind === 'members_added' ? html`${bdi(hostile)} and ${bdi(hostile)}` : ('' as const),
  subjectHtml: kind === 'renamed' && renamed ? bdi(hostile) : null,
  createdAt: WHEN,
});

const attachmentList = (hostile: string) => ({
  items: [
    {
      href: `/messages/attachments/${encodeURIComponent(hostile)}`,
      name: hostile,
      thumbnailSrc: `/messages/attachments/${encodeURIComponent(hostile)}/thumbnail`,
      width: 320,
      height: 240,
      sizeText: '2 KB',
    },
    { href: `/messages/attachments/${encodeURIComponent(hostile)}`, name: hostile, thumbnailSrc: null, width: null, height: null, sizeText: '12 bytes' },
  ],
});

const fileInput = (hostile: string) => ({ accept: hostile, maxFiles: 3, maxFileSizeText: '5 MB', error: 'This file was refused. Choose another one.' });

const message = (hostile: string, extra: { mine?: boolean; removed?: boolean; deleted?: boolean; edited?: boolean }) => ({
  id: hostile,
  mine: extra.mine ?? false,
  senderName: hostile,
  senderProfileUrl: `/users/${encodeURIComponent(hostile)}`,
  senderAvatarSrc: `/avatars/${encodeURIComponent(hostile)}`,
  body: hostile,
  removed: extra.removed ?? false,
  deleted: extra.deleted ?? false,
  edited: extra.edited ?? false,
  editHref: extra.mine ? `/messages/messages/${encodeURIComponent(hostile)}/edit` : null,
  deleteHref: extra.mine ? `/messages/messages/${encodeURIComponent(hostile)}/delete` : null,
  reportHref: extra.mine ? null : `/messages/messages/${encodeURIComponent(hostile)}/report`,
  createdAt: WHEN,
  systemLines: [systemLine(hostile, 'renamed', false)],
  attachments: attachmentList(hostile),
});

export const samples: { [N in Name]: Sample<N> } = {
  'conversations/thread': (hostile) => ({
    threadId: hostile,
    viewerId: hostile,
    editWindowMs: 900_000,
    now: WHEN,
    liveResumeId: hostile,
    titleHtml: bdi(hostile),
    others: [{ displayName: hostile, profileUrl: `/users/${encodeURIComponent(hostile)}` }],
    othersHtml: html`<a href="${`/users/${encodeURIComponent(hostile)}`}">${bdi(hostile)}</a> and ${bdi(hostile)}`,
    contextHtml: html`<p class="m-context" data-messaging-context>About <a href="${`/listings/${encodeURIComponent(hostile)}`}">${bdi(hostile)}</a></p>`,
    controlsHtml: html`<div class="m-controls"><a href="${path(hostile, '/archive')}">Archive</a></div>`,
    settingsHref: path(hostile, '/settings'),
    inboxHref: '/messages/',
    action: path(hostile),
    latestHref: path(hostile),
    olderHref: path(hostile, `?before=${encodeURIComponent(hostile)}`),
    isLatestPage: false,
    avatarSize: 24,
    leadingSystemLines: [systemLine(hostile, 'members_added')],
    messages: [message(hostile, { mine: true, edited: true }), message(hostile, {}), message(hostile, { removed: true }), message(hostile, { deleted: true, mine: false })],
    csrfToken: hostile,
    body: hostile,
    errors: { body: ERROR, form: ERROR },
    maxMessageLength: 5000,
    fileInput: fileInput(hostile),
  }),
  'conversations/system-line': (hostile) => systemLine(hostile, 'renamed'),
  'conversations/group-settings': (hostile) => ({
    threadHref: path(hostile),
    addAction: path(hostile, '/settings/members'),
    renameAction: path(hostile, '/settings/subject'),
    csrfToken: hostile,
    members: [{ displayName: hostile }, { displayName: hostile }],
    maxMembers: 21,
    full: false,
    userIds: hostile,
    subject: hostile,
    errors: { userIds: 'Check the member ids.', subject: 'Check the name.' },
    maxSubjectLength: 200,
  }),
  'conversations/message-edit': (hostile) => ({
    closed: false,
    closedMessage: '',
    threadHref: `${path(hostile)}#m-${encodeURIComponent(hostile)}`,
    action: `/messages/messages/${encodeURIComponent(hostile)}/edit`,
    sentHtml: html`<time datetime="${WHEN}">1 Jan 2026, 00:00 UTC</time>`,
    untilHtml: html`<time datetime="${WHEN}">1 Jan 2026, 00:15 UTC</time>`,
    csrfToken: hostile,
    body: hostile,
    error: ERROR,
    maxMessageLength: 5000,
  }),
  'conversations/message-delete': (hostile) => ({
    action: `/messages/messages/${encodeURIComponent(hostile)}/delete`,
    threadHref: `${path(hostile)}#m-${encodeURIComponent(hostile)}`,
    csrfToken: hostile,
    createdAt: WHEN,
    body: hostile,
  }),
  'attachments/attachment-list': attachmentList,
  'attachments/file-input': fileInput,
};
