import { describe, expect, it } from 'vitest';
import { renderThread } from '../../src/views/conversations/thread-view.js';
import { english } from '../../src/views/i18n/localization.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';

// What the live script reads from a thread page (src/browser/own-message-links.ts, thread-lines.ts):
// the viewer, the edit window and the server's clock, and where the title and the members are.
const T0 = '2026-01-01T10:00:00.000Z';
const EVIL = '"><img src=x onerror=alert(1)>';
const alice = { id: EVIL, displayName: 'Alice', profileUrl: null, avatarUrl: null };
const bob = { id: '2', displayName: 'Bob', profileUrl: null, avatarUrl: null };
const thread = { id: 'T1', subject: null, participants: [alice, bob], lastMessage: null, unreadCount: 0, lastMessageAt: T0 };

const page = (extra: { editWindowMs?: number; now?: string }) =>
  renderThread(
    { renderer: defaultRenderer(), i18n: english() },
    { viewerId: EVIL, base: '/m', thread, messages: [], nextCursor: null, isLatestPage: true, csrfToken: 't', body: '', errors: {}, maxMessageLength: 100, ...extra },
  );

describe('the thread page tells the live script what the server knows', () => {
  it('carries the viewer (escaped), the edit window in ms and the server time', () => {
    const markup = page({ editWindowMs: 15 * 60_000, now: T0 });
    const root = markup.slice(0, markup.indexOf('>', markup.indexOf('data-messaging-now')) + 1);
    expect(root).toContain('data-messaging-viewer="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(root).toContain('data-messaging-edit-window-ms="900000"');
    expect(root).toContain(`data-messaging-now="${T0}"`);
    expect(markup).not.toContain('<img src=x');
  });

  it('says 0 (no Edit links) without an edit window, and marks the title and the members line', () => {
    const markup = page({});
    expect(markup).toContain('data-messaging-edit-window-ms="0"');
    expect(markup).toContain('<h1 data-messaging-title><bdi>Bob</bdi></h1>');
    expect(markup).toContain('<p class="m-meta" data-messaging-members>With <bdi>Bob</bdi></p>');
  });
});
