import { describe, expect, it } from 'vitest';
import { renderAdminToggleForm, renderBlockButton, renderMessageButton, renderNavLink, renderUnreadBadge } from '../../src/index.js';
import { english } from '../../src/views/i18n/localization.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';
import { samples } from '../helpers/template-samples/partials.js';

/**
 * The view partials as public functions, for a host on another template engine: plain data in,
 * an HTML string out, hostile data escaped, nothing where nothing belongs.
 */

const HOSTILE = `"><script>alert(1)</script><img src=x onerror=alert(2) '`;

/** No markup of the attacker's survives: no new element, no attribute broken out of. */
function expectInert(markup: string) {
  expect(markup).not.toContain('<script');
  expect(markup).not.toContain('<img');
  expect(markup).not.toMatch(/"\s*onerror=|'\s*onerror=/);
}

describe('renderNavLink', () => {
  it('links the inbox, with the badge and a spoken count when there are unread messages', () => {
    const markup = renderNavLink({ inboxUrl: '/inbox', unreadTotal: 3 });
    expect(markup).toContain('href="/inbox"');
    expect(markup).toContain('aria-label="Messages, 3 unread messages"');
    expect(markup).toContain('<span class="messaging-badge" data-messaging-badge>3</span>');
    expect(typeof markup).toBe('string');
  });

  it('has no badge at zero, and defaults to /messages', () => {
    const markup = renderNavLink({ unreadTotal: 0 });
    expect(markup).toBe('<a href="/messages" class="messaging-nav" data-messaging-nav>Messages</a>');
  });

  it('escapes a hostile label and refuses a script URL', () => {
    expectInert(renderNavLink({ unreadTotal: 2, label: HOSTILE }));
    expect(() => renderNavLink({ unreadTotal: 1, inboxUrl: 'javascript:alert(1)' })).toThrow(TypeError);
    expect(() => renderNavLink({ unreadTotal: 1, inboxUrl: '//evil.example/messages' })).toThrow(/inboxUrl/);
  });
});

describe('renderUnreadBadge', () => {
  it('shows the count, and is absent at zero or for nonsense', () => {
    expect(renderUnreadBadge({ unreadTotal: 12 })).toBe('<span class="messaging-badge" data-messaging-badge>12</span>');
    for (const unreadTotal of [0, -4, Number.NaN, 0.5]) expect(renderUnreadBadge({ unreadTotal }), String(unreadTotal)).toBe('');
  });
});

describe('renderMessageButton', () => {
  it('links the compose form with the recipient filled in, the id encoded', () => {
    const markup = renderMessageButton({ profileUserId: 'a&b/c', inboxUrl: '/m/' });
    expect(markup).toContain('href="/m/new?to=a%26b%2Fc"');
    expect(markup).toContain('>Message</a>');
  });

  it("is absent with no target, or on the viewer's own profile", () => {
    for (const profileUserId of [null, undefined, '']) expect(renderMessageButton({ profileUserId })).toBe('');
    expect(renderMessageButton({ profileUserId: 7, viewerId: '7' })).toBe('');
    expect(renderMessageButton({ profileUserId: 7, viewerId: 8 })).not.toBe('');
  });

  it('escapes a hostile id and label', () => {
    const markup = renderMessageButton({ profileUserId: HOSTILE, label: HOSTILE });
    expectInert(markup);
    expect(markup).toContain('&lt;script&gt;');
  });
});

describe('renderBlockButton', () => {
  it('says Block or Unblock and links the confirmation page', () => {
    expect(renderBlockButton({ profileUserId: 5 })).toContain('href="/messages/blocks/new?userId=5"');
    expect(renderBlockButton({ profileUserId: 5 })).toContain('>Block</a>');
    expect(renderBlockButton({ profileUserId: 5, blocked: true })).toContain('>Unblock</a>');
  });

  it("is absent with no target, or on the viewer's own profile", () => {
    for (const profileUserId of [null, undefined, '']) expect(renderBlockButton({ profileUserId })).toBe('');
    expect(renderBlockButton({ profileUserId: '3', viewerId: 3 })).toBe('');
  });

  it('escapes a hostile id', () => {
    expectInert(renderBlockButton({ profileUserId: HOSTILE }));
  });
});

describe('renderAdminToggleForm', () => {
  it('posts the opposite state with the CSRF token', () => {
    const markup = renderAdminToggleForm({ enabled: true, action: '/admin/messaging', csrfToken: 'tok' });
    expect(markup).toContain('action="/admin/messaging"');
    expect(markup).toContain('name="_csrf" value="tok"');
    expect(markup).toContain('name="enabled" value="off"');
    expect(renderAdminToggleForm({ enabled: false, action: '/a', csrfToken: 't' })).toContain('name="enabled" value="on"');
  });

  it('escapes a hostile token and refuses a script action', () => {
    expectInert(renderAdminToggleForm({ enabled: false, action: '/admin', csrfToken: HOSTILE }));
    expect(() => renderAdminToggleForm({ enabled: false, action: 'javascript:alert(1)', csrfToken: 't' })).toThrow(/action/);
  });
});

describe('the partials in the member’s language (the `locale` input)', () => {
  it('German: the nav link, its spoken count, the buttons and the admin switch', () => {
    expect(renderNavLink({ unreadTotal: 0, locale: 'de' })).toBe('<a href="/messages" class="messaging-nav" data-messaging-nav>Nachrichten</a>');
    const nav = renderNavLink({ unreadTotal: 1, locale: 'de-AT' });
    expect(nav).toContain('aria-label="Nachrichten, 1 ungelesene Nachricht"');
    expect(nav).toContain('<span class="messaging-badge" data-messaging-badge>1</span>');
    expect(renderMessageButton({ profileUserId: 2, locale: 'de' })).toContain('>Nachricht</a>');
    expect(renderBlockButton({ profileUserId: 2, blocked: true, locale: 'de' })).toContain('>Blockierung aufheben</a>');
    const form = renderAdminToggleForm({ enabled: false, csrfToken: 't', locale: 'de' });
    expect(form).toContain('Direktnachrichten sind <strong data-messaging-state="off">ausgeschaltet</strong>.');
    expect(form).toContain('>Direktnachrichten einschalten</button>');
  });

  it('Arabic: plural forms by Intl.PluralRules, the count in plain digits as the badge shows it', () => {
    expect(renderNavLink({ unreadTotal: 5, locale: 'ar-EG' })).toContain('aria-label="الرسائل، 5 رسائل غير مقروءة"');
    expect(renderNavLink({ unreadTotal: 11, locale: 'ar' })).toContain('aria-label="الرسائل، 11 رسالة غير مقروءة"');
    expect(renderNavLink({ unreadTotal: 12, locale: 'ar' })).toContain('data-messaging-badge>12</span>');
    expect(renderUnreadBadge({ unreadTotal: 12, locale: 'ar' })).toBe('<span class="messaging-badge" data-messaging-badge>12</span>');
  });

  it("a host's own label wins over the locale's word, and an unknown locale reads English", () => {
    expect(renderNavLink({ unreadTotal: 3, label: 'Inbox', locale: 'fr' })).toContain('aria-label="Inbox, 3 messages non lus"');
    expect(renderMessageButton({ profileUserId: 2, label: 'Write', locale: 'es' })).toContain('>Write</a>');
    expect(renderNavLink({ unreadTotal: 3, locale: 'xx-unknown' })).toContain('aria-label="Messages, 3 unread messages"');
    expect(renderBlockButton({ profileUserId: 5, locale: 'ja' })).toContain('>Block</a>');
  });
});

describe('the partials templates', () => {
  it('render their samples with hostile data inert', () => {
    for (const [name, sample] of Object.entries(samples)) {
      const markup = defaultRenderer().render(name as keyof typeof samples, { ...sample(HOSTILE), i18n: english() } as never);
      expectInert(markup);
      expect(markup, name).not.toBe('');
    }
  });
});
