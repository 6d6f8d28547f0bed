import { describe, expect, it } from 'vitest';
import { blockPageHtml } from '../../src/views/safety/block-view.js';
import { moderationConfirmHtml, moderationHtml } from '../../src/views/safety/moderation-view.js';
import { preferencesHtml } from '../../src/views/safety/preferences-view.js';
import { reportPageHtml } from '../../src/views/safety/report-view.js';
import { threadControlsHtml } from '../../src/views/safety/thread-controls.js';
import { blockButtonHtml } from '../../src/views/partials/block-button.js';
import { createLocalization, english } from '../../src/views/i18n/localization.js';
import { createThreadControls } from '../../src/http/safety/thread-controls.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';
import type { ViewKit } from '../../src/views/rendering/view-kit.js';

const kit: ViewKit = { renderer: defaultRenderer(), i18n: english() };

/** Every text a member or the host typed is escaped in the member-safety views; no inline script or style. */
const EVIL = '<img src=x onerror=alert(1)>"\'&';
const person = { id: '7"><b>', displayName: EVIL, profileUrl: 'javascript:alert(1)', avatarUrl: null };
const message = { id: '9', threadId: 'T1', senderId: '7', body: EVIL, createdAt: '2026-01-01T00:00:00.000Z' };

function expectSafe(markup: string) {
  expect(markup).not.toContain('<img');
  expect(markup).not.toContain('<b>');
  expect(markup).not.toMatch(/<[^>]*\son\w+=/i);
  expect(markup).not.toContain('javascript:');
  expect(markup).not.toMatch(/<script|style=/i);
}

describe('member-safety views', () => {
  it('escape names, message bodies, notes and ids', () => {
    expectSafe(blockPageHtml(kit, { base: '/m', csrfToken: 't', member: person, blocked: false, done: 'blocked' }).html);
    expectSafe(preferencesHtml(kit, { base: '/m', csrfToken: 't', whoCanMessage: 'everyone', blocked: [person], saved: true }).html);
    expectSafe(reportPageHtml(kit, { base: '/m', csrfToken: 't', message, senderName: EVIL, sent: false, reason: EVIL, note: EVIL, errors: { note: EVIL } }).html);
    expectSafe(
      threadControlsHtml(kit, {
        base: '/m',
        threadId: 'T1',
        csrfToken: 't',
        kind: 'direct',
        archived: false,
        muted: true,
        other: { id: person.id, displayName: EVIL, blocked: false },
      }).html,
    );
    expectSafe(blockButtonHtml({ inboxUrl: '/m', profileUserId: person.id, blocked: true }).html);
    const report = {
      id: '1',
      reason: 'spam' as const,
      note: EVIL,
      createdAt: message.createdAt,
      reporter: person,
      sender: person,
      message,
      context: [message],
      participants: [person],
    };
    const page = moderationHtml(kit, {
      base: '/admin',
      csrfToken: 't',
      page: { items: [report], nextCursor: null },
      suspensions: [{ userId: '7', reason: EVIL, createdBy: null, createdAt: message.createdAt, member: person }],
      done: null,
    }).html;
    expectSafe(page);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    for (const decision of ['delete_message', 'suspend_sender'] as const) {
      const confirm = moderationConfirmHtml(kit, { base: '/admin', csrfToken: 't', report, decision }).html;
      expectSafe(confirm);
      expect(confirm).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('put a CSRF field in every form', () => {
    const markup = threadControlsHtml(kit, { base: '/m', threadId: 'T1', csrfToken: 'TOKEN', kind: 'group', archived: true, muted: false }).html;
    const forms = markup.match(/<form /g) ?? [];
    expect(forms.length).toBe(3);
    expect(markup.match(/name="_csrf" value="TOKEN"/g)?.length).toBe(3);
  });

  it('thread controls speak the kit the thread page passes (German), and English without one', async () => {
    const german: ViewKit = { renderer: defaultRenderer(), i18n: createLocalization({}).translator('de') };
    const markup = threadControlsHtml(german, { base: '/m', threadId: 'T1', csrfToken: 't', kind: 'group', archived: false, muted: true }).html;
    expect(markup).toContain('aria-label="Einstellungen der Unterhaltung"');
    expect(markup).toContain('<button type="submit">Archivieren</button>');
    expect(markup).toContain('<button type="submit">Stummschaltung aufheben</button>');
    expect(markup).toContain('<button type="submit">Unterhaltung verlassen</button>');
    expect(markup).toContain('Stummgeschaltet: Neue Nachrichten hier zählen nicht zu deinen ungelesenen.');

    const services = { inboxControls: { stateOf: async () => ({ archived: false, muted: false, kind: 'direct' as const }) }, blocks: { hasBlocked: async () => true } };
    const controls = createThreadControls(services as never);
    const thread = {
      id: 'T1',
      subject: null,
      participants: [
        { ...person, id: '1', displayName: 'Me' },
        { ...person, id: '2', displayName: 'Bob' },
      ],
      lastMessage: null,
      unreadCount: 0,
      lastMessageAt: message.createdAt,
    };
    const input = { viewerId: '1', thread, base: '/m', csrfToken: 't' };
    expect((await controls({ ...input, kit: german })).html).toContain('>Blockierung von <bdi>Bob</bdi> aufheben</a>');
    expect((await controls(input)).html).toContain('>Unblock <bdi>Bob</bdi></a>');
  });

  it("the moderators' decisions: Dismiss is a plain button, Remove and Stop are red links to a confirmation, not forms", () => {
    const report = {
      id: '1',
      reason: 'spam' as const,
      note: null,
      createdAt: message.createdAt,
      reporter: person,
      sender: { ...person, displayName: 'Carol' },
      message,
      context: [message],
      participants: [person],
    };
    const page = moderationHtml(kit, { base: '/admin', csrfToken: 't', page: { items: [report], nextCursor: null }, suspensions: [], done: null }).html;
    const decisions = page.slice(page.indexOf('aria-label="Decision"'), page.indexOf('</div>', page.indexOf('aria-label="Decision"')));
    expect(decisions).toMatch(/<button type="submit">Dismiss report<\/button>/);
    expect(decisions).not.toMatch(/<button[^>]*class="m-danger"/);
    expect(decisions).toContain('<a class="m-danger" href="/admin/reports/1/confirm?action=delete_message">Remove the message…</a>');
    expect(decisions).toContain('<a class="m-danger" href="/admin/reports/1/confirm?action=suspend_sender">Stop <bdi>Carol</bdi> from messaging…</a>');
    expect(decisions.match(/<form /g)).toHaveLength(1);
  });
});
