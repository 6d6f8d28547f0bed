import { afterEach, describe, expect, it } from 'vitest';
import type { MessagingUser } from '../../src/options.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { codeOf, setUp } from './services-fixture.js';

let apps: HttpTestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((t) => t.cleanup()));
  apps = [];
});

describe(`replies to a member the host deleted on ${TEST_DIALECT}`, () => {
  it('refuses a reply in the direct thread with invalid_recipient, as a new thread to that id, and stores nothing', async () => {
    const f = await setUp();
    const { conversations } = f.messaging;
    const { thread } = await conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' });
    f.known.delete('2');
    const before = await f.counts();

    expect(await codeOf(conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'are you there?' }))).toBe('invalid_recipient');
    expect(await codeOf(conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'new one' }))).toBe('invalid_recipient');
    expect(await f.counts()).toEqual(before);
  });

  it('refuses a reply to a member forgotten with forget-user (their tombstone is nobody)', async () => {
    const f = await setUp();
    const { conversations } = f.messaging;
    const { thread } = await conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' });
    await f.messaging.forgetUser('2');
    expect(await codeOf(conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'hello?' }))).toBe('invalid_recipient');
  });

  it('lets a group go on when one of its members was deleted', async () => {
    const f = await setUp();
    const { conversations } = f.messaging;
    const { thread } = await conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'hi both' });
    f.known.delete('3');
    const sent = await conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'still here, Bob?' });
    expect(sent.body).toBe('still here, Bob?');
  });

  it('keeps not_found for someone outside the thread, even when its other member was deleted', async () => {
    const f = await setUp();
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' });
    f.known.delete('2');
    expect(await codeOf(f.messaging.conversations.sendMessage({ senderId: '4', threadId: thread.id, body: 'me too' }))).toBe('not_found');
  });

  it('answers 400 invalid_recipient on the JSON API and shows the reply form again with the reason', async () => {
    const known = new Map<string, MessagingUser>(TEST_USERS.map((u) => [String(u.id), u]));
    const t = await createHttpTestApp({ overrides: { users: { getUsers: async (ids) => ids.flatMap((id) => (known.has(id) ? [known.get(id)!] : [])) } } });
    apps.push(t);
    const { threadId } = await startThread(t, '1', ['2']);
    known.delete('2');
    const before = await t.counts();

    const api = await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'hello?' });
    expect(api.status).toBe(400);
    expect(api.body.error.code).toBe('invalid_recipient');
    const page = await t.as('1').post(`/threads/${threadId}`).type('form').send({ body: 'hello?' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('no longer');
    expect(await t.counts()).toEqual(before);
  });
});
