import { describe, expect, it } from 'vitest';
import type { MessagingContext } from '../../src/context.js';
import { isLocalPath, safeUrl } from '../../src/shared/local-path.js';
import { createUserDirectory } from '../../src/services/conversations/user-directory.js';
import type { ThreadSummary } from '../../src/services/conversations/types.js';
import { renderCompose } from '../../src/views/conversations/compose-view.js';
import { blockPageHtml } from '../../src/views/safety/block-view.js';
import { renderThread } from '../../src/views/conversations/thread-view.js';
import { english } from '../../src/views/i18n/localization.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';

/** English, the package's templates: what a route's `viewKit` gives a member without a locale. */
const kit = { renderer: defaultRenderer(), i18n: english() };

/** Profile URLs a host builds from a member-chosen name (`/users/${username}`) without encoding it. */
const OTHER_SITE = ['//evil.example/u', '/\\evil.example/u', '/\t/evil.example/u', '/\n/evil.example', '\\\\evil.example'];

describe('local paths and host links', () => {
  it('a local path is one slash, then neither a slash nor a backslash, without control characters', () => {
    for (const path of ['/', '/users/bob', '/a//b', '/users/bob?tab=1#x']) expect(isLocalPath(path), path).toBe(true);
    for (const path of [...OTHER_SITE, '', 'users/bob', 'https://x.example/']) expect(isLocalPath(path), JSON.stringify(path)).toBe(false);
  });

  it('a profile link is kept when local or http(s), and dropped when protocol-relative', () => {
    expect(safeUrl('/users/bob')).toBe('/users/bob');
    expect(safeUrl('https://x.example/u/1')).toBe('https://x.example/u/1');
    for (const url of OTHER_SITE) expect(safeUrl(url), JSON.stringify(url)).toBeNull();
  });

  it('the pages never link a protocol-relative profile URL', () => {
    const participants = OTHER_SITE.map((profileUrl, i) => ({ id: String(i + 2), displayName: `P${i}`, profileUrl, avatarUrl: null }));
    const thread: ThreadSummary = {
      id: 'T1',
      subject: null,
      participants: [{ id: '1', displayName: 'Me', profileUrl: '/users/me', avatarUrl: null }, ...participants],
      lastMessage: null,
      unreadCount: 0,
      lastMessageAt: '2026-01-01T00:00:00.000Z',
    };
    const messages = participants.map((p, i) => ({ id: String(i + 1), threadId: 'T1', senderId: p.id, body: 'hi', createdAt: '2026-01-01T00:00:00.000Z' }));
    const pages = [
      renderThread(kit, { viewerId: '1', base: '/m', thread, messages, nextCursor: null, isLatestPage: true, csrfToken: 't', body: '', errors: {}, maxMessageLength: 10 }),
      renderCompose(kit, { base: '/m', csrfToken: 't', recipients: participants, subject: '', body: '', errors: {}, maxMessageLength: 10, maxSubjectLength: 10 }),
      renderCompose(kit, {
        base: '/m',
        csrfToken: 't',
        recipients: [],
        picker: { q: 'x', results: participants, maxLength: 100 },
        subject: '',
        body: '',
        errors: {},
        maxMessageLength: 10,
        maxSubjectLength: 10,
      }),
      ...participants.map((member) => blockPageHtml(kit, { base: '/m', csrfToken: 't', member, blocked: false, done: null }).html),
    ];
    for (const page of pages) expect(page).not.toMatch(/href="(\/\/|\/\\|\/\t|\/\n|\\\\)/);
  });

  it('the JSON API gets no protocol-relative profile URL either (the directory drops it)', async () => {
    const users = {
      getUsers: async () => OTHER_SITE.map((profileUrl, i) => ({ id: i + 1, displayName: `P${i}`, profileUrl })).concat([{ id: 9, displayName: 'Ok', profileUrl: '/users/ok' }]),
    };
    const directory = createUserDirectory({ users } as unknown as MessagingContext);
    const found = await directory.resolve([...OTHER_SITE.map((_, i) => i + 1), 9]);
    expect([...found.values()].map((p) => p.profileUrl)).toEqual([...OTHER_SITE.map(() => null), '/users/ok']);
  });
});
