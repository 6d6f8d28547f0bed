import { describe, expect, it } from 'vitest';
import { renderMessageDelete, renderMessageEdit } from '../../src/views/conversations/message-edit-view.js';
import { english } from '../../src/views/i18n/localization.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';
import { renderThread } from '../../src/views/conversations/thread-view.js';
import { moderationHtml } from '../../src/views/safety/moderation-view.js';
import type { Message } from '../../src/services/conversations/types.js';

/** The package's templates in English, UTC. */
const kit = { renderer: defaultRenderer(), i18n: english() };

/** The markup of edited and deleted messages, the Edit and Delete links, and the edit pages; member text escaped. */
const EVIL = '<img src=x onerror=alert(1)>"\'&';
const T0 = '2026-01-01T10:00:00.000Z';
const alice = { id: '1', displayName: 'Alice', profileUrl: null, avatarUrl: null };
const bob = { id: '2', displayName: 'Bob', profileUrl: null, avatarUrl: null };
const thread = { id: 'T1', subject: null, participants: [alice, bob], lastMessage: null, unreadCount: 0, lastMessageAt: T0 };
const msg = (id: string, senderId: string, extra: Partial<Message> = {}): Message => ({ id, threadId: 'T1', senderId, body: `${EVIL} ${id}`, createdAt: T0, ...extra });

function page(messages: Message[], now: string) {
  return renderThread(kit, {
    viewerId: '1',
    base: '/m',
    thread,
    messages,
    nextCursor: null,
    isLatestPage: true,
    csrfToken: 't',
    body: '',
    errors: {},
    maxMessageLength: 100,
    editWindowMs: 15 * 60_000,
    now,
  });
}

function item(markup: string, id: string): string {
  const start = markup.indexOf(`id="m-${id}"`);
  return markup.slice(start, markup.indexOf('</li>', start));
}

describe('edited and deleted messages in the thread view', () => {
  it('gives the viewer Edit (inside the window) and Delete under their own standing messages only', () => {
    const inside = page([msg('1', '1'), msg('2', '2'), msg('3', '1', { deleted: true, body: '' })], '2026-01-01T10:14:00.000Z');
    expect(item(inside, '1')).toContain('href="/m/messages/1/edit" data-messaging-edit-link');
    expect(item(inside, '1')).toContain('href="/m/messages/1/delete" data-messaging-delete-link');
    expect(item(inside, '2')).not.toMatch(/data-messaging-(edit|delete)-link/);
    expect(item(inside, '3')).not.toMatch(/data-messaging-(edit|delete)-link/);
    const after = page([msg('1', '1')], '2026-01-01T10:15:00.001Z');
    expect(item(after, '1')).not.toContain('data-messaging-edit-link');
    expect(item(after, '1')).toContain('data-messaging-delete-link');
  });

  it('marks an edited message "edited" and shows "Message deleted" (no text, no Report link) for a deleted one', () => {
    const markup = page([msg('1', '2', { editedAt: T0 }), msg('2', '2', { deleted: true, body: '' })], T0);
    expect(item(markup, '1')).toContain('data-messaging-edited>edited</p>');
    expect(item(markup, '1')).toContain('data-messaging-report-link');
    expect(item(markup, '2')).toContain('<em>Message deleted</em>');
    expect(item(markup, '2')).not.toContain('data-messaging-report-link');
    expect(markup).not.toContain('<img');
  });
});

describe('the edit and delete pages', () => {
  it('escape the text and carry _csrf; the edit form says until when, or that the window closed', () => {
    const open = renderMessageEdit(kit, {
      base: '/m',
      csrfToken: 'TOKEN',
      message: msg('5', '1'),
      editableUntil: '2026-01-01T10:15:00.000Z',
      body: EVIL,
      error: EVIL,
      maxMessageLength: 100,
    });
    expect(open).toContain('name="_csrf" value="TOKEN"');
    expect(open).toContain('action="/m/messages/5/edit"');
    expect(open).not.toContain('<img');
    const closed = renderMessageEdit(kit, { base: '/m', csrfToken: 'TOKEN', message: msg('5', '1'), editableUntil: null, body: '', maxMessageLength: 100 });
    expect(closed).not.toContain('<form');
    expect(closed).toContain('can no longer be edited');
    const confirm = renderMessageDelete(kit, { base: '/m', csrfToken: 'TOKEN', message: msg('5', '1') });
    expect(confirm).toContain('action="/m/messages/5/delete"');
    expect(confirm).toContain('name="_csrf" value="TOKEN"');
    expect(confirm).not.toContain('<img');
  });
});

describe("the moderators' view of a reported message", () => {
  it('shows the text as reported, escaped, and says the sender changed it since', () => {
    const edited = msg('9', '2', { body: 'harmless now', editedAt: T0 });
    const report = {
      id: '1',
      reason: 'spam' as const,
      note: null,
      createdAt: T0,
      reporter: alice,
      sender: bob,
      message: edited,
      reportedBody: EVIL,
      context: [edited],
      participants: [alice, bob],
    };
    const markup = moderationHtml(kit, { base: '/admin', csrfToken: 't', page: { items: [report], nextCursor: null }, suspensions: [], done: null }).html;
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(markup).toContain('as reported; edited by the sender since');
    expect(markup).not.toContain('harmless now');
    expect(markup).not.toContain('<img');
  });
});
