import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExampleApp } from '../src/app.js';
import { csrfOf, signIn, startApp, switchMessaging, tempDataDir } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function fresh(): Promise<{ example: ExampleApp; dir: string }> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const example = await startApp(data.dir);
  cleanups.push(() => example.close());
  return { example, dir: data.dir };
}

describe('the example host app', () => {
  it('seeds its members on first start and signs them in with a CSRF-protected form', async () => {
    const { example } = await fresh();
    expect(example.seeded).toBe(true);
    const agent = request.agent(example.app);
    const form = await agent.get('/login').expect(200);
    expect(form.headers['content-security-policy']).toContain("script-src 'self'");

    await agent.post('/login').type('form').send({ username: 'alice', password: 'password' }).expect(403);
    const wrong = await agent
      .post('/login')
      .type('form')
      .send({ username: 'alice', password: 'nope', _csrf: csrfOf(form.text) })
      .expect(401);
    expect(wrong.text).toContain('do not match');
    const ok = await agent
      .post('/login')
      .type('form')
      .send({ username: 'alice', password: 'password', _csrf: csrfOf(form.text), next: '//evil.example' })
      .expect(303);
    expect(ok.headers.location).toBe('/');
    expect((await agent.get('/').expect(200)).text).toContain('Signed in as');

    const home = await agent.get('/').expect(200);
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfOf(home.text) })
      .expect(303);
    expect((await agent.get('/').expect(200)).text).not.toContain('Signed in as');
  });

  it('lists members, shows profiles and answers the user API', async () => {
    const { example } = await fresh();
    const list = await request(example.app).get('/users').expect(200);
    for (const name of ['Alice Archer', 'Bob Baker', 'Carol Cooper', 'Dave Dawson', 'Site Admin']) expect(list.text).toContain(name);
    expect((await request(example.app).get('/users/bob').expect(200)).text).toContain('<h1>Bob Baker</h1>');
    await request(example.app).get('/users/nobody').expect(404);
    const api = await request(example.app).get('/api/users/bob').expect(200);
    expect(api.body).toEqual({ id: expect.any(Number), username: 'bob', displayName: 'Bob Baker' });
    await request(example.app).get('/api/users/nobody').expect(404);
  });

  it('keeps members signed in across a restart on the same DATA_DIR (and across processes)', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const first = await startApp(data.dir);
    const agent = await signIn(first, 'carol');
    const cookie = (await agent.get('/').expect(200)).request.cookies;
    await first.close();

    const second = await startApp(data.dir);
    cleanups.push(() => second.close());
    expect(second.seeded).toBe(false);
    const page = await request(second.app).get('/').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Carol Cooper');
  });
});

describe('the admin settings page', () => {
  it('is for administrators only: 403 for a member, sign-in for a visitor', async () => {
    const { example } = await fresh();
    expect((await request(example.app).get('/admin/settings').expect(303)).headers.location).toBe('/login?next=%2Fadmin%2Fsettings');
    const alice = await signIn(example, 'alice');
    const page = await alice.get('/users').expect(200);
    await alice.get('/admin/settings').expect(403);
    await alice
      .post('/admin/settings/messaging')
      .type('form')
      .send({ enabled: 'on', _csrf: csrfOf(page.text) })
      .expect(403);
    expect(await example.messaging.toggle.isEnabled()).toBe(false);
  });

  it('shows the "Direct messaging" switch, off at first, and refuses a switch without the CSRF token', async () => {
    const { example } = await fresh();
    const admin = await signIn(example, 'admin');
    const page = await admin.get('/admin/settings').expect(200);
    expect(page.text).toContain('Direct messaging');
    expect(page.text).toContain('data-messaging-state="off"');
    expect(page.text).toContain('action="/admin/settings/messaging"');
    await admin.post('/admin/settings/messaging').type('form').set('origin', 'https://evil.example').send({ enabled: 'on' }).expect(403);
    await admin.post('/admin/settings/messaging').type('form').send({ enabled: 'on', _csrf: 'forged-token-forged-token-forged1' }).expect(403);
    expect(await example.messaging.toggle.isEnabled()).toBe(false);

    const res = await admin
      .post('/admin/settings/messaging')
      .set('referer', 'http://127.0.0.1/admin/settings')
      .type('form')
      .send({ enabled: 'on', _csrf: csrfOf(page.text) })
      .expect(303);
    expect(res.headers.location).toBe('/admin/settings');
    expect((await admin.get('/admin/settings').expect(200)).text).toContain('data-messaging-state="on"');
  });

  it("keeps the switch's state across a restart, in the host's own settings table", async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const first = await startApp(data.dir);
    await switchMessaging(first, true);
    await first.close();
    const second = await startApp(data.dir);
    cleanups.push(() => second.close());
    expect(await second.messaging.toggle.isEnabled()).toBe(true);
    expect(second.db.prepare("select value from settings where key = 'messaging_enabled'").get()).toEqual({ value: 'on' });
  });
});
