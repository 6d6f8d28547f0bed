import { describe, expect, it } from 'vitest';
import type { MessagingNotification } from '../../src/notification-types.js';
import { type NotificationMailInput, renderNotificationMail } from '../../src/views/notifications/notification-mail.js';

const BASE = 'https://example.com/messages';
const LINKS = { inbox: `${BASE}/`, preferences: `${BASE}/preferences`, unsubscribe: `${BASE}/unsubscribe?u=2&t=abc_-` };

function thread(over: Partial<NotificationMailInput['threads'][number]> = {}): NotificationMailInput['threads'][number] {
  return { subject: null, url: `${BASE}/threads/t1`, unreadCount: 1, senders: [{ id: '1', displayName: 'Alice' }], ...over };
}

function notification(over: Partial<NotificationMailInput> = {}): NotificationMailInput {
  return { kind: 'conversation', recipient: { displayName: 'Bob' }, threads: [thread()], unreadTotal: 1, links: LINKS, ...over };
}

/** The text without the bidi isolates around names, for reading assertions. */
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');

/** Every href of the HTML part. */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('renderNotificationMail', () => {
  it('a conversation mail names the sender and links the thread, the inbox, the settings and unsubscribe in both parts', () => {
    const mail = renderNotificationMail(notification());
    expect(plain(mail.subject)).toBe('New message from Alice');
    expect(plain(mail.text)).toContain('Hi Bob,');
    expect(plain(mail.text)).toContain('1 unread message from Alice');
    for (const url of [`${BASE}/threads/t1`, LINKS.inbox, LINKS.preferences, LINKS.unsubscribe]) {
      expect(mail.text).toContain(url);
      expect(hrefs(mail.html)).toContain(url);
    }
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.html).not.toMatch(/<style|<script|<link/i);
  });

  it('names a subject, counts several messages and several senders', () => {
    const mail = renderNotificationMail(
      notification({
        threads: [thread({ subject: 'Trip', unreadCount: 3, senders: ['Alice', 'Carol', 'Dan', 'Eve', 'Fay'].map((displayName, i) => ({ id: String(i), displayName })) })],
        unreadTotal: 3,
      }),
    );
    expect(plain(mail.subject)).toBe('3 new messages from Alice, Carol, Dan and 2 others: Trip');
  });

  it('a digest counts unread messages over its threads, lists each with its link, and caps a long list', () => {
    const two = renderNotificationMail(
      notification({ kind: 'digest', threads: [thread({ unreadCount: 2 }), thread({ url: `${BASE}/threads/t2`, subject: 'Plans', unreadCount: 3 })], unreadTotal: 5 }),
    );
    expect(plain(two.subject)).toBe('You have 5 unread messages in 2 conversations');
    expect(hrefs(two.html)).toEqual(expect.arrayContaining([`${BASE}/threads/t1`, `${BASE}/threads/t2`]));
    expect(plain(two.text)).toContain('Plans\n3 unread messages from Alice');
    const many = Array.from({ length: 25 }, (_, i) => thread({ url: `${BASE}/threads/x${i}` }));
    const long = renderNotificationMail(notification({ kind: 'digest', threads: many, unreadTotal: 25 }));
    expect(hrefs(long.html).filter((h) => h.includes('/threads/'))).toHaveLength(20);
    expect(long.text).toContain('…and 5 more conversations in your messages.');
  });

  it('a test mail says it is a test and still carries the links', () => {
    const mail = renderNotificationMail(notification({ kind: 'test', threads: [], unreadTotal: 0 }));
    expect(mail.subject).toBe('Test notification: mail about messages works');
    expect(mail.text).toContain('This is a test notification.');
    expect(hrefs(mail.html)).toEqual(expect.arrayContaining([LINKS.inbox, LINKS.unsubscribe]));
  });

  it('shows message text only when the notification carries it, line by line', () => {
    expect(renderNotificationMail(notification()).text).not.toContain('>');
    const withText = renderNotificationMail(
      notification({ threads: [thread({ latestMessages: [{ senderId: '1', body: 'See you\nat 8', sentAt: '2026-12-01T10:00:00.000Z' }] })] }),
    );
    expect(plain(withText.text)).toContain('Alice (1 Dec 2026, 10:00 UTC):\n> See you\n> at 8');
    expect(withText.html).toContain('See you<br>at 8');
  });

  it('escapes hostile subjects, names and bodies, keeps the subject on one line and links only http(s)', () => {
    const evil = '<img src=x onerror=alert(1)>"\'&';
    const mail = renderNotificationMail(
      notification({
        recipient: { displayName: `</p><script>alert(1)</script>` },
        threads: [
          thread({
            subject: `Hi\r\nBcc: victim@example.com <b>`,
            url: 'javascript:alert(1)',
            senders: [{ id: '1', displayName: evil }],
            latestMessages: [{ senderId: '1', body: `<a href="javascript:alert(2)">click</a>\u202Egnp.exe`, sentAt: 'not a date' }],
          }),
        ],
        links: { inbox: 'javascript:alert(3)', preferences: '//evil.example/p', unsubscribe: LINKS.unsubscribe },
      }),
    );
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(plain(mail.subject)).toBe(`New message from ${evil}: Hi Bcc: victim@example.com <b>`);
    expect(mail.html).not.toMatch(/<script|<img|<b>|<a href="javascript/i);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(mail.html).toContain('&lt;/p&gt;&lt;script&gt;');
    expect(hrefs(mail.html)).toEqual([LINKS.unsubscribe]);
    expect(mail.text).not.toContain('javascript:alert(1)');
    expect(mail.text).not.toContain('javascript:alert(3)');
    // A right-to-left override in member text is dropped; names are isolated.
    expect(mail.html).not.toContain('\u202E');
    expect(mail.subject).toContain(`\u2068${evil}\u2069`);
  });

  it("takes the payload of the host's send as it is", () => {
    const payload: MessagingNotification = {
      id: 'n1',
      kind: 'conversation',
      recipientId: '2',
      recipient: { id: '2', displayName: 'Bob' },
      threads: [{ threadId: 't1', subject: null, url: `${BASE}/threads/t1`, unreadCount: 2, senders: [{ id: '1', displayName: 'Alice' }] }],
      unreadTotal: 2,
      links: LINKS,
      headers: { 'List-Unsubscribe': `<${LINKS.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      createdAt: '2026-12-01T10:00:00.000Z',
      attempt: 1,
    };
    expect(plain(renderNotificationMail(payload).subject)).toBe('2 new messages from Alice');
  });
});
