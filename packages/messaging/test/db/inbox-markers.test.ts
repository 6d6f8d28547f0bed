import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

/** The inbox row (`<li>`) of a thread on an inbox page. */
function rowOf(page: string, threadId: string): string {
  const start = page.indexOf(`data-thread-id="${threadId}"`);
  if (start < 0) throw new Error(`no row for thread ${threadId}`);
  return page.slice(start, page.indexOf('</li>', start));
}

describe('inbox: muted threads are marked in text', () => {
  it('a muted thread says "Muted" in its row, the others do not; the JSON summaries carry muted', async () => {
    t = await createHttpTestApp();
    const loud = await startThread(t, '2', ['1'], 'From Bob');
    const quiet = await startThread(t, '3', ['1'], 'From Carol');
    expect((await t.as('1').post(`/api/threads/${quiet.threadId}/mute`)).status).toBeLessThan(300);

    const page = (await t.as('1').get('/')).text;
    expect(rowOf(page, quiet.threadId)).toMatch(/<span class="m-muted-marker" data-messaging-muted>Muted<\/span>/);
    expect(rowOf(page, loud.threadId)).not.toContain('Muted');

    const api = await t.as('1').get('/api/threads');
    const muted = Object.fromEntries(api.body.threads.map((s: { id: string; muted: boolean }) => [s.id, s.muted]));
    expect(muted).toEqual({ [quiet.threadId]: true, [loud.threadId]: false });
    // Muting is the viewer's own: Carol's summary of the same thread is not muted.
    expect((await t.as('3').get(`/api/threads/${quiet.threadId}`)).body.thread.muted).toBe(false);

    await t.as('1').post(`/api/threads/${quiet.threadId}/unmute`);
    expect(rowOf((await t.as('1').get('/')).text, quiet.threadId)).not.toContain('Muted');
  });
});

describe('inbox: an empty inbox says where archived conversations are', () => {
  it('with only archived threads, the first page points to Archived instead of "No conversations yet"', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '2', ['1'], 'From Bob');
    await t.as('1').post(`/api/threads/${threadId}/archive`);

    const page = (await t.as('1').get('/')).text;
    expect(page).toContain('No conversations in your inbox. Archived conversations are in <a href="/messages/archived">Archived</a>.');
    expect(page).not.toContain('No conversations yet');
    // Bob did not archive it: his inbox shows it.
    expect((await t.as('2').get('/')).text).toContain(`data-thread-id="${threadId}"`);
  });

  it('asks whether anything is archived only when the first page is empty', async () => {
    t = await createHttpTestApp();
    const asked = vi.spyOn(t.messaging.conversations, 'hasArchivedThreads');
    await startThread(t, '2', ['1'], 'From Bob');
    await t.as('1').get('/');
    expect(asked).not.toHaveBeenCalled();
    await t.as('4').get('/');
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it('a member with no threads at all still reads "No conversations yet"', async () => {
    t = await createHttpTestApp();
    expect((await t.as('4').get('/')).text).toContain('No conversations yet.');
    expect((await t.as('4').get('/')).text).not.toContain('Archived conversations are in');
  });
});

describe('avatars', () => {
  const avatars: Record<string, string> = {
    '1': '/avatars/alice.svg',
    '2': 'https://cdn.example.test/bob.png',
    '3': 'javascript:alert(1)',
    '4': 'data:image/svg+xml,<svg onload=alert(1)>',
  };
  const users = {
    getUsers: async (ids: string[]) => TEST_USERS.filter((u) => ids.includes(String(u.id))).map((u) => ({ ...u, avatarUrl: avatars[String(u.id)] ?? null })),
  };

  it('shows a safe avatar beside the name in the inbox and on the thread: alt="", sized, lazy, no referrer', async () => {
    t = await createHttpTestApp({ overrides: { users } });
    const { threadId } = await startThread(t, '2', ['1'], 'From Bob');
    const img = '<img class="m-avatar" src="https://cdn.example.test/bob.png" alt="" width="24" height="24" loading="lazy" referrerpolicy="no-referrer">';
    expect(rowOf((await t.as('1').get('/')).text, threadId)).toContain(img);
    await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'Hi Bob' });
    const thread = (await t.as('1').get(`/threads/${threadId}`)).text;
    expect(thread).toContain(img);
    expect(thread).toContain('<img class="m-avatar" src="/avatars/alice.svg" alt=""');
  });

  it('never renders a javascript:, data: or quoted avatar URL, on pages or in the JSON', async () => {
    avatars['2'] = 'https://x.test/a.png" onerror="alert(1)';
    t = await createHttpTestApp({ overrides: { users } });
    const { threadId } = await startThread(t, '3', ['1', '4', '2'], 'Group hello');
    await t.as('4').post(`/api/threads/${threadId}/messages`).send({ body: 'From Dave' });
    await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'From Bob' });
    for (const path of ['/', `/threads/${threadId}`]) {
      const page = (await t.as('1').get(path)).text;
      expect(page).not.toMatch(/javascript:|data:image|onerror="/);
      // Bob's quoted URL is escaped inside the attribute, never breaking out of it.
      for (const src of page.matchAll(/<img class="m-avatar" src="([^"]*)"/g))
        expect(src[1]).toMatch(/^(\/avatars\/alice\.svg|https:\/\/x\.test\/a\.png&quot; onerror=&quot;alert\(1\))$/);
    }
    const api = await t.as('1').get(`/api/threads/${threadId}`);
    const byId = Object.fromEntries(api.body.thread.participants.map((p: { id: string; avatarUrl: string | null }) => [p.id, p.avatarUrl]));
    expect(byId).toMatchObject({ '1': '/avatars/alice.svg', '3': null, '4': null });
  });
});
