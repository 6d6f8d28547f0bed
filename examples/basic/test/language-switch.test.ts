import { describe, expect, it } from 'vitest';
import { csrfOf, freshAppPerTest, signIn, switchMessaging } from './helpers.js';

const current = freshAppPerTest();

/** The nav's switch: its form's fields as the member posts them. */
async function choose(agent: Awaited<ReturnType<typeof signIn>>, fields: Record<string, string>, from = '/messages') {
  const page = await agent.get(from).expect(200);
  return agent
    .post('/language')
    .type('form')
    .send({ _csrf: csrfOf(page.text), next: from, ...fields });
}

describe('the language switch in the nav', () => {
  it('lists the shipped languages by their own names; a choice turns the messaging pages into it, the app stays English', async () => {
    await switchMessaging(current.example, true);
    const alice = await signIn(current.example, 'alice');
    const home = await alice.get('/').expect(200);
    expect(home.text).toContain('<form method="post" action="/language"');
    for (const name of ['English', 'Deutsch', 'Français', 'Español', 'Português (Brasil)', 'العربية']) expect(home.text).toContain(`>${name}</option>`);
    expect((await alice.get('/messages').expect(200)).text).toMatch(/<div class="messaging[^"]*"[^>]*lang="en"/);

    const chosen = await choose(alice, { locale: 'de' });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/messages');
    const inbox = await alice.get('/messages').expect(200);
    // The host layout's <html> and the package's own root both say German.
    expect(inbox.text).toMatch(/<html lang="de" dir="ltr">/);
    expect(inbox.text).toMatch(/<div class="messaging[^"]*"[^>]*lang="de"/);
    expect(inbox.text).toContain('<option value="de" lang="de" selected>Deutsch</option>');
    // The app's own page keeps its language.
    expect((await alice.get('/users').expect(200)).text).toMatch(/<html lang="en" dir="ltr">/);
    // Bob did not choose: his browser's language decides.
    const bob = await signIn(current.example, 'bob');
    expect((await bob.get('/messages').set('Accept-Language', 'fr').expect(200)).text).toMatch(/<html lang="fr"/);
  });

  it('Arabic reads right to left; "Browser\'s language" goes back to Accept-Language', async () => {
    await switchMessaging(current.example, true);
    const alice = await signIn(current.example, 'alice');
    expect((await choose(alice, { locale: 'ar' })).status).toBe(303);
    const inbox = await alice.get('/messages').set('Accept-Language', 'es').expect(200);
    expect(inbox.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(inbox.text).toMatch(/<div class="messaging[^"]*"[^>]*dir="rtl"/);
    expect((await choose(alice, { locale: '' })).status).toBe(303);
    expect((await alice.get('/messages').set('Accept-Language', 'es').expect(200)).text).toMatch(/<html lang="es" dir="ltr">/);
  });

  it('keeps the time zone the browser sends once, and shows times in it', async () => {
    await switchMessaging(current.example, true);
    const alice = await signIn(current.example, 'alice');
    // No zone yet: the form asks the page script for it.
    expect((await alice.get('/').expect(200)).text).toContain('data-time-zone="missing"');
    const page = await alice.get('/').expect(200);
    await alice
      .post('/language')
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: csrfOf(page.text), timeZone: 'Asia/Tokyo' })
      .expect(204);
    expect((await alice.get('/').expect(200)).text).not.toContain('data-time-zone="missing"');

    const bobId = String(current.idOf('bob'));
    await current.example.messaging.conversations.startConversation({ senderId: String(current.idOf('alice')), recipientIds: [bobId], body: 'Konnichiwa' });
    const inbox = await alice.get('/messages').expect(200);
    // Tokyo is UTC+9 all year: Intl names it GMT+9 in English.
    expect(inbox.text).toMatch(/GMT\+9/);
    // A zone Intl does not know is ignored; the language stays as it was.
    expect((await choose(alice, { timeZone: 'Mars/Olympus_Mons' }, '/')).status).toBe(303);
    expect((await alice.get('/messages').expect(200)).text).toMatch(/GMT\+9/);
  });

  it('refuses a language it does not offer, a post without the CSRF token, and never sends the member to another site', async () => {
    const alice = await signIn(current.example, 'alice');
    expect((await choose(alice, { locale: 'xx' }, '/')).status).toBe(400);
    await alice.post('/language').type('form').send({ locale: 'de' }).expect(403);
    const away = await choose(alice, { locale: 'de', next: '//evil.example/' }, '/');
    expect(away.status).toBe(303);
    expect(away.headers.location).toBe('/');
  });
});
