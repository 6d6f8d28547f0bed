import { describe, expect, it } from 'vitest';
import type { Message, Participant, ThreadSummary } from '../../src/services/conversations/types.js';
import { renderCompose } from '../../src/views/conversations/compose-view.js';
import { renderInbox } from '../../src/views/conversations/inbox-view.js';
import { archivedHtml } from '../../src/views/safety/archived-view.js';
import { blockPageHtml } from '../../src/views/safety/block-view.js';
import { moderationHtml } from '../../src/views/safety/moderation-view.js';
import { preferencesHtml } from '../../src/views/safety/preferences-view.js';
import { reportPageHtml } from '../../src/views/safety/report-view.js';
import { threadControlsHtml } from '../../src/views/safety/thread-controls.js';
import { renderThread } from '../../src/views/conversations/thread-view.js';
import { threadTitle } from '../../src/views/text/format.js';
import { english } from '../../src/views/i18n/localization.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';

/** English, the package's templates: what a route's `viewKit` gives a member without a locale. */
const kit = { renderer: defaultRenderer(), i18n: english() };

/**
 * Member text with a RIGHT-TO-LEFT OVERRIDE (U+202E): outside an isolate it reverses the
 * page's own words after it ("Bob and ‮Carol's messages" reads backwards from there).
 */
const RLO = '\u202e';
const name = (who: string) => `${RLO}${who}-name`;
const ME: Participant = { id: '1', displayName: name('me'), profileUrl: '/users/me', avatarUrl: null };
const BOB: Participant = { id: '2', displayName: name('bob'), profileUrl: '/users/bob', avatarUrl: null };
const CAROL: Participant = { id: '3', displayName: name('carol'), profileUrl: null, avatarUrl: null };
const WHEN = '2026-01-01T00:00:00.000Z';
const message = (id: string, senderId: string): Message => ({ id, threadId: 'T1', senderId, body: `${RLO}body-${id}`, createdAt: WHEN });

function thread(subject: string | null, participants: Participant[], lastSender = '2'): ThreadSummary {
  return { id: 'T1', subject, participants, lastMessage: { id: '9', senderId: lastSender, preview: `${RLO}preview`, createdAt: WHEN }, unreadCount: 1, lastMessageAt: WHEN };
}

/**
 * Every piece of member text (each contains U+202E) sits alone in an isolate: right inside a
 * `<bdi>` or an element with `dir="auto"`, or as the value of a field with `dir="auto"`.
 */
function expectIsolated(markup: string): void {
  const pieces = markup.match(new RegExp(`${RLO}[^<>"]*`, 'g')) ?? [];
  expect(pieces.length, markup).toBeGreaterThan(0);
  let at = 0;
  for (const piece of pieces) {
    const start = markup.indexOf(piece, at);
    at = start + piece.length;
    const before = markup.slice(0, start);
    const tagStart = before.lastIndexOf('<');
    const inAttribute = before.lastIndexOf('>') < tagStart;
    if (inAttribute) {
      const tag = markup.slice(tagStart, markup.indexOf('>', at) + 1);
      expect(tag, `field holding ${JSON.stringify(piece)}`).toMatch(/\sdir="auto"/);
      continue;
    }
    const opening = before.slice(tagStart);
    expect(opening, `element right around ${JSON.stringify(piece)} in ${markup}`).toMatch(/^<bdi>$|^<[a-z0-9]+\s[^>]*\bdir="auto"[^>]*>$/);
    expect(markup.slice(at, at + 2), `end of ${JSON.stringify(piece)}`).toBe('</');
  }
}

describe('member text is isolated from the page around it (bidi)', () => {
  it('inbox: names, subject and preview', () => {
    const page = { items: [thread(`${RLO}subject`, [ME, BOB, CAROL]), thread(null, [ME, BOB], '1')], nextCursor: null };
    expectIsolated(renderInbox(kit, { viewerId: '1', page, base: '/m', isFirstPage: true, now: WHEN }));
  });

  it('thread: title, names, bodies, and what is being typed', () => {
    for (const subject of [`${RLO}subject`, null]) {
      const markup = renderThread(kit, {
        viewerId: '1',
        base: '/m',
        thread: thread(subject, [ME, BOB, CAROL]),
        messages: [message('1', '1'), message('2', '2'), message('3', '3'), message('4', 'gone')],
        nextCursor: null,
        isLatestPage: true,
        csrfToken: 't',
        body: `${RLO}draft`,
        errors: {},
        maxMessageLength: 100,
        controls: threadControlsHtml(kit, { base: '/m', threadId: 'T1', csrfToken: 't', kind: 'direct', archived: false, muted: false, other: { ...BOB, blocked: false } }),
      });
      expectIsolated(markup);
    }
  });

  it('compose: recipients, subject and body', () => {
    expectIsolated(
      renderCompose(kit, {
        base: '/m',
        csrfToken: 't',
        recipients: [BOB, CAROL],
        subject: `${RLO}subject`,
        body: `${RLO}body`,
        errors: {},
        maxMessageLength: 100,
        maxSubjectLength: 100,
      }),
    );
    expectIsolated(
      renderCompose(kit, {
        base: '/m',
        csrfToken: 't',
        recipients: [],
        picker: { q: `${RLO}typed`, results: [BOB, CAROL], maxLength: 100 },
        subject: '',
        body: '',
        errors: {},
        maxMessageLength: 100,
        maxSubjectLength: 100,
      }),
    );
  });

  it('archived, block, preferences, report and moderation pages', () => {
    expectIsolated(
      archivedHtml(kit, { viewerId: '1', page: { items: [thread(`${RLO}subject`, [ME, BOB, CAROL])], nextCursor: null }, base: '/m', csrfToken: 't', isFirstPage: true }).html,
    );
    for (const blocked of [true, false]) {
      for (const done of ['blocked', 'unblocked', null] as const) expectIsolated(blockPageHtml(kit, { base: '/m', csrfToken: 't', member: BOB, blocked, done }).html);
    }
    expectIsolated(threadControlsHtml(kit, { base: '/m', threadId: 'T1', csrfToken: 't', kind: 'direct', archived: false, muted: false, other: { ...BOB, blocked: true } }).html);
    expectIsolated(preferencesHtml(kit, { base: '/m', csrfToken: 't', whoCanMessage: 'everyone', blocked: [BOB, CAROL], saved: false }).html);
    const report = { base: '/m', csrfToken: 't', message: message('5', '2'), senderName: BOB.displayName, reason: 'spam', note: `${RLO}note`, errors: {} };
    expectIsolated(reportPageHtml(kit, { ...report, sent: false }).html);
    expectIsolated(
      moderationHtml(kit, {
        base: '/a',
        csrfToken: 't',
        page: {
          items: [
            {
              id: '1',
              reason: 'spam',
              note: `${RLO}note`,
              createdAt: WHEN,
              message: message('5', '2'),
              sender: BOB,
              reporter: CAROL,
              participants: [BOB, CAROL],
              context: [message('4', '3'), message('5', '2')],
            } as never,
          ],
          nextCursor: null,
        },
        suspensions: [{ userId: '2', createdAt: WHEN, member: BOB } as never],
        done: null,
      }).html,
    );
  });
});

describe('member text in the document title', () => {
  it('is isolated with FSI…PDI (a title holds no markup)', () => {
    expect(threadTitle(thread(`${RLO}subject`, [ME, BOB]), '1')).toBe(`\u2068${RLO}subject\u2069`);
    expect(threadTitle(thread(null, [ME, BOB, CAROL]), '1')).toBe(`\u2068${BOB.displayName}\u2069 and \u2068${CAROL.displayName}\u2069`);
  });
});
