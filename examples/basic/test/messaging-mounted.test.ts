import { describe, expect, it } from 'vitest';
import { csrfOf, freshAppPerTest, signIn, switchMessaging } from './helpers.js';

const current = freshAppPerTest();
const idOf = (username: string) => current.idOf(username);
const unreadColumn = (username: string) => (current.example.db.prepare('select unread_messages as n from users where username = ?').get(username) as { n: number }).n;

describe('@org/messaging mounted in the example', () => {
  it('answers 404 messaging_disabled on /messages routes while switched off', async () => {
    const alice = await signIn(current.example, 'alice');
    const api = await alice.get('/messages/api/threads').expect(404);
    expect(api.body.error.code).toBe('messaging_disabled');
    const page = await alice.get('/messages').expect(404);
    expect(page.text).toContain('Messaging is switched off.');
    expect(page.text).toContain('Basic example'); // in the app's own layout
  });

  it("keeps the host's unread column current through onUnreadChange, and the badge shows it", async () => {
    await switchMessaging(current.example, true);
    const alice = await signIn(current.example, 'alice');
    const compose = await alice.get(`/messages/new?to=${idOf('bob')}`).expect(200);
    expect(compose.text).toContain('Basic example');
    const sent = await alice
      .post('/messages')
      .type('form')
      .send({ to: String(idOf('bob')), body: 'Hi Bob', _csrf: csrfOf(compose.text) })
      .expect(303);
    expect(unreadColumn('bob')).toBe(1);
    expect(unreadColumn('alice')).toBe(0);

    const bob = await signIn(current.example, 'bob');
    const home = await bob.get('/').expect(200);
    expect(home.text).toMatch(/data-messaging-badge>1</);
    expect(home.text).toContain('You have 1 unread message.');

    await bob.get(sent.headers.location!.replace(/#.*$/, '')).expect(200); // reading marks it read
    expect(unreadColumn('bob')).toBe(0);
    expect((await bob.get('/').expect(200)).text).not.toContain('data-messaging-badge');
  });

  it('keeps message text out of the host database', async () => {
    await switchMessaging(current.example, true);
    const alice = await signIn(current.example, 'alice');
    const compose = await alice.get(`/messages/new?to=${idOf('bob')}`).expect(200);
    await alice
      .post('/messages')
      .type('form')
      .send({ to: String(idOf('bob')), body: 'secret-words-42', _csrf: csrfOf(compose.text) })
      .expect(303);
    const dump = current.example.db.prepare("select group_concat(data, ' ') as s from sessions").get() as { s: string | null };
    const settings = JSON.stringify(current.example.db.prepare('select * from settings').all());
    const users = JSON.stringify(current.example.db.prepare('select * from users').all());
    expect(`${dump.s ?? ''} ${settings} ${users}`).not.toContain('secret-words-42');
  });
});
