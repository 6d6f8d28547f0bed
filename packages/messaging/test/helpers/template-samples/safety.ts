import type { SafetyTemplateData } from '../../../src/views/safety/templates/index.js';
import { html } from '../../../src/views/text/escape-html.js';
import { safeUrl } from '../../../src/views/text/format.js';
import { bdi } from '../../../src/views/text/isolate.js';

/**
 * Sample data for every safety template, every member-typed string (names, bodies, notes,
 * subjects, previews, ids, what a member typed into a form) and the CSRF token the `hostile`
 * argument, for the test that renders every template with it. Links are what the views make
 * of hostile data: ids encoded into the package's paths, a profile URL through `safeUrl`.
 */
type Sample<N extends keyof SafetyTemplateData> = (hostile: string) => Omit<SafetyTemplateData[N], 'i18n'>;

const WHEN = '2026-03-01T12:00:00.000Z';
const path = (hostile: string, suffix = '') => `/m/threads/${encodeURIComponent(hostile)}${suffix}`;

const limitsForm = (hostile: string) => ({
  action: '/admin/messaging/limits',
  csrfToken: hostile,
  saved: true,
  fields: [
    {
      name: 'messagesPerMinute',
      label: 'Messages per minute, per member',
      value: hostile,
      min: 1,
      max: 1000,
      defaultValue: 20,
      error: 'This must be a whole number from 1 to 1000.',
    },
    { name: 'newThreadsPerDay', label: 'New conversations per day, per member', value: '', min: 1, max: 10000, defaultValue: 50, error: null },
  ],
});

const moderationMessage = (hostile: string) => ({ kind: 'reported' as const, text: hostile, since: 'edited' as const });

export const samples: { [N in keyof SafetyTemplateData]: Sample<N> } = {
  'safety/post-button': (hostile) => ({
    action: path(hostile, '/archive'),
    csrfToken: hostile,
    label: bdi(hostile),
    fields: [{ name: 'userId', value: hostile }],
    marker: 'data-messaging-block-form',
  }),
  'safety/archived': (hostile) => ({
    inboxHref: '/m/',
    csrfToken: hostile,
    items: [
      {
        id: hostile,
        href: path(hostile),
        namesHtml: bdi(hostile),
        subject: hostile,
        preview: hostile,
        lastMessageAt: WHEN,
        unarchiveAction: path(hostile, '/unarchive'),
      },
      { id: '2', href: path('2'), namesHtml: null, subject: null, preview: null, lastMessageAt: WHEN, unarchiveAction: path('2', '/unarchive') },
    ],
    isFirstPage: true,
    olderHref: `/m/archived?cursor=${encodeURIComponent(hostile)}`,
  }),
  'safety/block': (hostile) => ({
    nameHtml: bdi(hostile),
    memberId: hostile,
    blocked: false,
    done: 'unblocked',
    csrfToken: hostile,
    blockAction: '/m/blocks',
    unblockAction: `/m/blocks/${encodeURIComponent(hostile)}/delete`,
    profileHref: safeUrl(hostile),
    preferencesHref: '/m/preferences',
    inboxHref: '/m/',
  }),
  'safety/preferences': (hostile) => ({
    action: '/m/preferences',
    inboxHref: '/m/',
    archivedHref: '/m/archived',
    csrfToken: hostile,
    whoCanMessage: 'contacts',
    notifications: 'digest',
    blocked: [{ id: hostile, nameHtml: bdi(hostile), unblockAction: `/m/blocks/${encodeURIComponent(hostile)}/delete` }],
    saved: true,
    whoError: true,
    notifyError: true,
  }),
  'safety/report': (hostile) => ({
    sent: false,
    action: `/m/messages/${encodeURIComponent(hostile)}/report`,
    threadHref: path(hostile),
    csrfToken: hostile,
    senderHtml: bdi(hostile),
    message: { createdAt: WHEN, body: hostile },
    reasons: [
      { value: 'spam', label: 'Spam or scam' },
      { value: 'other', label: 'Something else' },
    ],
    reason: hostile,
    note: hostile,
    maxNoteLength: 1000,
    reasonError: 'Choose a reason.',
    noteError: 'The note must be at most 1,000 characters.',
  }),
  'safety/thread-controls': (hostile) => ({
    csrfToken: hostile,
    archived: true,
    muted: true,
    actions: {
      archive: path(hostile, '/archive'),
      unarchive: path(hostile, '/unarchive'),
      mute: path(hostile, '/mute'),
      unmute: path(hostile, '/unmute'),
      leave: path(hostile, '/leave'),
    },
    canLeave: true,
    other: { nameHtml: bdi(hostile), blocked: true, blockHref: `/m/blocks/new?userId=${encodeURIComponent(hostile)}` },
  }),
  'safety/admin': (hostile) => ({
    // The switch form comes from the partials' template, escaped there; here it stands in with a hostile token.
    toggleHtml: html`<form method="post" action="/admin/messaging"><input type="hidden" name="_csrf" value="${hostile}"><button type="submit">Turn direct messaging on</button></form>`,
    reportsHref: '/admin/messaging/reports',
    limitsHref: '/admin/messaging/limits',
  }),
  'safety/limits-form': limitsForm,
  'safety/limits-page': (hostile) => ({ settingsHref: '/admin/messaging/', form: limitsForm(hostile) }),
  'safety/moderation-body': (hostile) => ({ body: moderationMessage(hostile) }),
  'safety/moderation': (hostile) => ({
    settingsHref: '/admin/messaging/',
    csrfToken: hostile,
    done: 'delete_message',
    reports: [
      {
        id: hostile,
        action: `/admin/messaging/reports/${encodeURIComponent(hostile)}`,
        reasonLabel: 'Spam or scam',
        senderHtml: bdi(hostile),
        reporterHtml: bdi(hostile),
        createdAt: WHEN,
        noteHtml: bdi(hostile),
        messages: [
          { id: '1', reported: false, senderHtml: null, createdAt: WHEN, body: { kind: 'text', text: hostile } },
          { id: hostile, reported: true, senderHtml: bdi(hostile), createdAt: WHEN, body: moderationMessage(hostile) },
          { id: '3', reported: false, senderHtml: bdi(hostile), createdAt: WHEN, body: { kind: 'removed' } },
        ],
        removeHref: `/admin/messaging/reports/${encodeURIComponent(hostile)}/confirm?action=delete_message`,
        suspendHref: `/admin/messaging/reports/${encodeURIComponent(hostile)}/confirm?action=suspend_sender`,
      },
    ],
    moreHref: `/admin/messaging/reports?cursor=${encodeURIComponent(hostile)}`,
    suspensions: [
      {
        userId: hostile,
        nameHtml: bdi(hostile),
        sinceHtml: html`<time datetime="${WHEN}">1 Mar 2026, 12:00 UTC</time>`,
        unsuspendAction: `/admin/messaging/suspensions/${encodeURIComponent(hostile)}/delete`,
      },
    ],
  }),
  'safety/moderation-confirm': (hostile) => ({
    decision: 'suspend_sender',
    action: `/admin/messaging/reports/${encodeURIComponent(hostile)}`,
    reportsHref: '/admin/messaging/reports',
    csrfToken: hostile,
    senderHtml: bdi(hostile),
    createdAt: WHEN,
    body: moderationMessage(hostile),
  }),
};
