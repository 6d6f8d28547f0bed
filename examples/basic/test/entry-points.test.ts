import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { freshAppPerTest, signIn, switchMessaging } from './helpers.js';

const current = freshAppPerTest();
const idOf = (username: string) => current.idOf(username);

describe('the Message button and the nav link in the example', () => {
  it('while messaging is off: no nav link, no button, and /messages answers 404', async () => {
    const alice = await signIn(current.example, 'alice');
    const profile = await alice.get('/users/bob').expect(200);
    expect(profile.text).not.toContain('data-messaging-button');
    expect(profile.text).not.toContain('data-messaging-nav');
    await alice.get('/messages').expect(404);
  });

  it("switched on: alice sees the button on bob's profile, not on her own; the nav shows the inbox link", async () => {
    await switchMessaging(current.example, true);
    const alice = await signIn(current.example, 'alice');
    const bob = await alice.get('/users/bob').expect(200);
    expect(bob.text).toContain(`href="/messages/new?to=${idOf('bob')}"`);
    expect(bob.text).toContain('data-messaging-button');
    expect(bob.text).toMatch(/<a href="\/messages"[^>]*data-messaging-nav>/);
    expect(bob.text).not.toContain('data-messaging-badge');
    const own = await alice.get('/users/alice').expect(200);
    expect(own.text).not.toContain('data-messaging-button');
  });

  it('a signed-out visitor sees neither the button nor the nav link', async () => {
    await switchMessaging(current.example, true);
    const page = await request(current.example.app).get('/users/bob').expect(200);
    expect(page.text).not.toContain('data-messaging-button');
    expect(page.text).not.toContain('data-messaging-nav');
  });

  it('switched off again, both disappear', async () => {
    await switchMessaging(current.example, true);
    await switchMessaging(current.example, false);
    const alice = await signIn(current.example, 'alice');
    const page = await alice.get('/users/bob').expect(200);
    expect(page.text).not.toContain('data-messaging-button');
    expect(page.text).not.toContain('data-messaging-nav');
  });

  it('the admin page of the package is mounted and guarded too', async () => {
    const alice = await signIn(current.example, 'alice');
    await alice.get('/admin/messaging').expect(403);
    const admin = await signIn(current.example, 'admin');
    expect((await admin.get('/admin/messaging').expect(200)).text).toContain('Direct messaging');
  });
});
