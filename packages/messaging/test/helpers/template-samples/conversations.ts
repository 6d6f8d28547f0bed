import type { ConversationTemplateData } from '../../../src/views/conversations/templates/index.js';
import { html } from '../../../src/views/text/escape-html.js';
import { bdi } from '../../../src/views/text/isolate.js';

/**
 * Sample data for the inbox, compose and search templates, every member- or host-typed string
 * (names, subjects, previews, context titles, typed text, ids, the CSRF token) the `hostile`
 * argument, and in every link encoded as the views put it there; the SafeHtml pieces are built
 * from it the way the views build them.
 * Every branch that prints member text is on: unread and muted rows, a context, a found member,
 * errors on each field, a later page with both page links.
 */
type Name = 'conversations/inbox' | 'conversations/compose' | 'conversations/search';
type Sample<N extends Name> = (hostile: string) => Omit<ConversationTemplateData[N], 'i18n'>;

const WHEN = '2026-01-01T00:00:00.000Z';
/** Errors are the package's words (catalogue), never member text. */
const ERROR = 'Write a message first.';

/** A link as the views make one: a local path, the member's text in it encoded (a host's urls pass safeUrl first). */
const link = (hostile: string) => `/messages/new?q=${encodeURIComponent(hostile)}`;

export const samples: { [N in Name]: Sample<N> } = {
  'conversations/inbox': (hostile) => ({
    threads: [true, false].map((mine, i) => ({
      id: hostile,
      href: link(hostile),
      titleHtml: bdi(hostile),
      avatarSrc: link(hostile),
      avatarSize: 24,
      muted: mine,
      subject: hostile,
      contextTitle: hostile,
      contextTitleHtml: bdi(hostile),
      unreadCount: i + 2,
      preview: hostile,
      previewHtml: bdi(hostile),
      mine,
      lastMessageAt: WHEN,
      lastMessageAtText: 'yesterday',
      lastMessageAtExact: '1 Jan 2026, 00:00 UTC',
    })),
    isFirstPage: false,
    hasArchived: true,
    archivedLinkHtml: html`<a href="${link(hostile)}">${hostile}</a>`,
    newHref: link(hostile),
    archivedHref: link(hostile),
    settingsHref: link(hostile),
    searchAction: link(hostile),
    searchMaxLength: 200,
    firstHref: link(hostile),
    olderHref: link(hostile),
  }),
  'conversations/compose': (hostile) => ({
    action: link(hostile),
    inboxHref: link(hostile),
    csrfToken: hostile,
    recipients: [{ id: hostile, displayName: hostile, profileUrl: link(hostile) }],
    recipientsHtml: html`<a href="${link(hostile)}">${bdi(hostile)}</a>`,
    picker: {
      action: link(hostile),
      apiUrl: link(hostile),
      q: hostile,
      qHtml: bdi(hostile),
      maxLength: 100,
      chosenIds: [hostile],
      error: ERROR,
      results: [{ displayName: hostile, nameHtml: bdi(hostile), avatarSrc: link(hostile), chooseHref: link(hostile) }],
    },
    profileButtonHtml: html`<strong>${hostile}</strong>`,
    showForm: true,
    subject: hostile,
    body: hostile,
    errors: { to: ERROR, subject: ERROR, body: ERROR, form: ERROR },
    maxMessageLength: 10_000,
    maxSubjectLength: 200,
    context: { type: hostile, id: hostile },
    contextInfo: { title: hostile, url: link(hostile) },
    contextTitleHtml: html`<a href="${link(hostile)}">${bdi(hostile)}</a>`,
    fileInput: { accept: 'image/png,application/pdf', maxFiles: 4, maxFileSizeText: '5 MB', error: ERROR },
  }),
  'conversations/search': (hostile) => ({
    action: link(hostile),
    inboxHref: link(hostile),
    q: hostile,
    maxLength: 200,
    error: ERROR,
    searched: true,
    results: [
      {
        threadId: hostile,
        messageId: hostile,
        href: link(hostile),
        titleHtml: bdi(hostile),
        subject: hostile,
        senderName: hostile,
        senderHtml: bdi(hostile),
        // A match is one word of the search (letters, digits, marks: search-terms' WORD), never a control or markup.
        excerptHtml: html`<span class="m-excerpt" dir="auto">${hostile} <mark>invoice</mark> ${hostile}</span>`,
        createdAt: WHEN,
        createdAtText: '1 Jan 2026, 00:00 UTC',
      },
    ],
    isFirstPage: false,
    firstHref: link(hostile),
    olderHref: link(hostile),
  }),
};
