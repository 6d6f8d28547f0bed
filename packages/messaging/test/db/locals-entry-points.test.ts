import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Messaging } from '../../src/create-messaging.js';
import type { LocalsOptions } from '../../src/http/host/locals.js';
import { liveWordsOf, liveWordsSrc, runLiveWordsScript } from '../helpers/live-words.js';
import { createRecordingLogger } from '../helpers/shared-database.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A host page that shows what res.locals.messaging gives, for the profiles of users 1..3. */
function hostApp(messaging: Messaging, options?: LocalsOptions) {
  const app = express();
  app.use(messaging.locals(options));
  app.get('/page', (_req, res) => {
    const m = res.locals.messaging;
    res.json({
      enabled: m.enabled,
      inboxUrl: m.inboxUrl,
      navLink: m.navLink,
      unreadTotal: m.unreadTotal,
      buttons: { 1: m.messageButton(1), 2: m.messageButton('2'), 3: m.messageButton(3) },
    });
  });
  return app;
}

async function setup(extra: Parameters<typeof createTestMessaging>[0] = {}) {
  const test = await createTestMessaging(extra);
  cleanups.push(test.cleanup);
  return test.messaging;
}

/** Gives user 1 `count` unread messages in a thread with user 2 (as sends would leave it). */
async function giveUnread(messaging: Messaging, count: number) {
  const now = new Date().toISOString();
  const { db } = messaging.database;
  await db
    .insertInto('messaging_threads')
    .values({ id: 'th', kind: 'direct', subject: null, direct_key: '1:2', created_by: '2', created_at: now, last_message_at: now, last_message_id: null })
    .execute();
  await db
    .insertInto('messaging_participants')
    .values([
      { thread_id: 'th', user_id: '1', joined_at: now, last_read_message_id: null, unread_count: count, last_activity_at: now, archived_at: null, muted_at: null, left_at: null },
      { thread_id: 'th', user_id: '2', joined_at: now, last_read_message_id: null, unread_count: 0, last_activity_at: now, archived_at: null, muted_at: null, left_at: null },
    ])
    .execute();
}

const page = (app: express.Express, user?: string) => {
  const r = request(app).get('/page');
  return (user ? r.set('x-test-user', user) : r).expect(200).then((res) => res.body);
};

describe(`res.locals.messaging on ${TEST_DIALECT}`, () => {
  it('while messaging is off: no nav link, no buttons, nothing read from the messaging tables', async () => {
    const logger = createRecordingLogger();
    let enabled = false;
    const messaging = await setup({
      logger,
      toggle: {
        isEnabled: () => enabled,
        setEnabled: (on) => {
          enabled = on;
        },
      },
    });
    const app = hostApp(messaging);
    await messaging.close(); // any query would now fail and be logged as a warning
    const body = await page(app, '1');
    expect(body).toEqual({ enabled: false, inboxUrl: '/messages', navLink: '', unreadTotal: 0, buttons: { 1: '', 2: '', 3: '' } });
    expect(logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('for a signed-out visitor: no nav link, no buttons, and no query either', async () => {
    const logger = createRecordingLogger();
    const messaging = await setup({ logger, toggle: { isEnabled: () => true, setEnabled: () => {} } });
    const app = hostApp(messaging);
    // Every query fails from here (close() would instead switch the instance off: after-close.test.ts).
    await messaging.database.db.destroy();
    expect(await page(app)).toEqual({ enabled: true, inboxUrl: '/messages', navLink: '', unreadTotal: 0, buttons: { 1: '', 2: '', 3: '' } });
    expect(logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('when on: the nav link to the inbox without a badge at zero', async () => {
    const messaging = await setup();
    await messaging.toggle.setEnabled(true, 5);
    const body = await page(hostApp(messaging), '1');
    expect(body.navLink).toMatch(/^<a href="\/messages"[^>]* data-messaging-nav>/);
    expect(body.navLink).not.toContain('data-messaging-badge');
    expect(body.unreadTotal).toBe(0);
  });

  it('the badge shows the unread number, with words for screen readers', async () => {
    const messaging = await setup();
    await messaging.toggle.setEnabled(true, 5);
    await giveUnread(messaging, 3);
    const body = await page(hostApp(messaging, { inboxUrl: '/community/messages/' }), '1');
    expect(body.unreadTotal).toBe(3);
    expect(body.navLink).toContain('href="/community/messages"');
    expect(body.navLink).toMatch(/<span[^>]*data-messaging-badge>3<\/span>/);
    expect(body.navLink).toContain('aria-label="Messages, 3 unread messages"');
    // Bob has none.
    expect((await page(hostApp(messaging), '2')).navLink).not.toContain('data-messaging-badge');
  });

  it("the Message button: on others' profiles, never on your own, linking to the compose form", async () => {
    const messaging = await setup();
    await messaging.toggle.setEnabled(true, 5);
    const { buttons } = await page(hostApp(messaging), '1');
    expect(buttons[1]).toBe('');
    expect(buttons[2]).toMatch(/^<a href="\/messages\/new\?to=2"[^>]* data-messaging-button>Message<\/a>$/);
    expect(buttons[3]).toContain('href="/messages/new?to=3"');
  });

  it('no Message button on the profile of someone who blocked you (they still see yours)', async () => {
    const messaging = await setup();
    await messaging.toggle.setEnabled(true, 5);
    await messaging.database.db.insertInto('messaging_blocks').values({ blocker_id: '2', blocked_id: '1', created_at: new Date().toISOString() }).execute();
    const alice = await page(hostApp(messaging), '1');
    expect(alice.buttons[2]).toBe('');
    expect(alice.buttons[3]).toContain('data-messaging-button');
    const bob = await page(hostApp(messaging), '2');
    expect(bob.buttons[1]).toContain('data-messaging-button');
  });

  it('switched off again, the link and buttons disappear and the unread count is kept for later', async () => {
    const messaging = await setup();
    await messaging.toggle.setEnabled(true, 5);
    await giveUnread(messaging, 2);
    await messaging.toggle.setEnabled(false, 5);
    expect(await page(hostApp(messaging), '1')).toMatchObject({ enabled: false, navLink: '', unreadTotal: 0, buttons: { 2: '' } });
    await messaging.toggle.setEnabled(true, 5);
    expect((await page(hostApp(messaging), '1')).unreadTotal).toBe(2);
  });

  it('a failing messaging database does not break the host page', async () => {
    const logger = createRecordingLogger();
    const messaging = await setup({ logger, toggle: { isEnabled: () => true, setEnabled: () => {} } });
    const app = hostApp(messaging);
    await messaging.database.db.destroy(); // the database fails every query from here
    expect(await page(app, '1')).toMatchObject({ enabled: false, navLink: '' });
    expect(logger.lines.filter((l) => l.level !== 'info').map((l) => l.level)).toEqual(['warn']);
  });

  it('two instances in one app each ask their own currentUserId', async () => {
    // Say, members and staff: each instance knows its viewer from a different header.
    const members = await setup({ currentUserId: (req: any) => req.headers['x-test-user'] ?? null });
    const staff = await setup({ currentUserId: (req: any) => req.headers['x-staff-user'] ?? null });
    await members.toggle.setEnabled(true, null);
    await staff.toggle.setEnabled(true, null);
    const app = express();
    app.use(members.locals({ inboxUrl: '/messages' }), (_req, res, next) => {
      res.locals.memberButton = res.locals.messaging.messageButton('3');
      next();
    });
    app.use(staff.locals({ inboxUrl: '/staff/messages' }));
    app.get('/page', (_req, res) => res.json({ member: res.locals.memberButton, staff: res.locals.messaging.messageButton('3') }));
    const res = await request(app).get('/page').set('x-test-user', '1').expect(200);
    expect(res.body.member).toContain('/messages/new?to=3');
    // Nobody is signed in as staff on this request: the staff instance shows no button.
    expect(res.body.staff).toBe('');
  });

  it('refuses an inbox URL that is not a path', async () => {
    const messaging = await setup();
    expect(() => messaging.locals({ inboxUrl: 'messages' })).toThrow(TypeError);
  });

  describe('in the member’s language', () => {
    /** A host page with every piece of res.locals.messaging, for user 1 looking at user 2's profile. */
    function fullPage(messaging: Messaging, options?: LocalsOptions) {
      const app = express();
      app.use(messaging.locals(options));
      // Where the script tag's words script is served from.
      app.use('/messages', messaging.router);
      app.get('/page', (_req, res) => {
        const m = res.locals.messaging;
        res.json({ navLink: m.navLink, messageButton: m.messageButton(2), blockButton: m.blockButton(2), scriptTag: m.scriptTag });
      });
      return app;
    }
    /** The words the script tag's words script hands the page script, fetched as a browser would. */
    const strings = (app: express.Express, scriptTag: string) => liveWordsOf(app, scriptTag);

    it("German from the host's locale(req): the link, its spoken count, the buttons and the script's words", async () => {
      const messaging = await setup({ locale: () => 'de', timeZone: () => 'Europe/Berlin' });
      await messaging.toggle.setEnabled(true, 5);
      await giveUnread(messaging, 1);
      const app = fullPage(messaging);
      const body = await page(app, '1');
      expect(body.navLink).toBe(
        '<a href="/messages" class="messaging-nav" data-messaging-nav aria-label="Nachrichten, 1 ungelesene Nachricht">Nachrichten <span class="messaging-badge" data-messaging-badge>1</span></a>',
      );
      expect(body.messageButton).toMatch(/ data-messaging-button>Nachricht<\/a>$/);
      expect(body.blockButton).toMatch(/>Blockieren<\/a>$/);
      const live = await strings(app, body.scriptTag);
      expect(live).toMatchObject({ locale: 'de', timeZone: 'Europe/Berlin' });
      expect(live.messages['messages.messageDeleted']).toBe('Nachricht gelöscht');
      expect(live.messages['live.announceUnread']).toEqual({ one: '{count} ungelesene Nachricht', other: '{count} ungelesene Nachrichten' });
      // Short: the words are an asset of their own, versioned by their content; no inline script.
      expect(body.scriptTag).toMatch(
        /^<script src="\/messages\/assets\/messaging-words\.js\?l=de&amp;tz=Europe\/Berlin&amp;v=[\w-]+" defer><\/script><script src="\/messages\/assets\/messaging\.js\?v=[\w-]+" defer><\/script>$/,
      );
      expect(body.scriptTag.length).toBeLessThan(300);
    });

    it('the words script comes from the router: no one signed in needed, nosniff, cached for a year under its version; gone while messaging is off', async () => {
      const messaging = await setup({ locale: () => 'de', timeZone: () => 'Europe/Berlin' });
      await messaging.toggle.setEnabled(true, 5);
      const app = fullPage(messaging);
      const src = liveWordsSrc((await page(app, '1')).scriptTag) as string;
      const res = await request(app).get(src).expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(runLiveWordsScript(res.text).messages['partials.navLinkLabel']).toBe('Nachrichten');
      await messaging.toggle.setEnabled(false, 5);
      expect((await request(app).get(src)).status).toBe(404);
      expect((await page(app, '1')).scriptTag).toBe('');
    });

    it('Arabic from Accept-Language, with all six plural forms for the script; English for a language not shipped', async () => {
      const messaging = await setup();
      await messaging.toggle.setEnabled(true, 5);
      await giveUnread(messaging, 5);
      const app = fullPage(messaging);
      const arabic = (await request(app).get('/page').set('x-test-user', '1').set('accept-language', 'ar-EG, en;q=0.5').expect(200)).body;
      // Arabic words (the few form, 3 to 10); the count in the digits the badge shows.
      expect(arabic.navLink).toContain('aria-label="الرسائل، 5 رسائل غير مقروءة"');
      expect(arabic.navLink).toContain('data-messaging-badge>5</span>');
      expect(arabic.messageButton).toContain('>مراسلة</a>');
      expect(Object.keys((await strings(app, arabic.scriptTag)).messages['live.announceUnread']).sort()).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
      const japanese = (await request(app).get('/page').set('x-test-user', '1').set('accept-language', 'ja').expect(200)).body;
      expect(japanese.navLink).toContain('aria-label="Messages, 5 unread messages"');
      expect(await strings(app, japanese.scriptTag)).toMatchObject({ locale: 'en', timeZone: 'UTC' });
      // The choice is remembered by the header's text: the same header chooses the same words
      // again, and a header too long to remember is still read.
      const again = (await request(app).get('/page').set('x-test-user', '1').set('accept-language', 'ar-EG, en;q=0.5').expect(200)).body;
      expect(again.navLink).toBe(arabic.navLink);
      const long = `${'xx-YY;q=0.2, '.repeat(30)}de;q=0.9`;
      expect(long.length).toBeGreaterThan(256);
      const german = (await request(app).get('/page').set('x-test-user', '1').set('accept-language', long).expect(200)).body;
      expect(german.navLink).toContain('aria-label="Nachrichten, 5 ungelesene Nachrichten"');
    });

    it("the host's navLabel and buttonLabel win in every locale; the count around them is the member's", async () => {
      const messaging = await setup({ locale: () => 'fr' });
      await messaging.toggle.setEnabled(true, 5);
      await giveUnread(messaging, 3);
      const body = await page(fullPage(messaging, { navLabel: 'Boîte', buttonLabel: 'Écrire' }), '1');
      expect(body.navLink).toContain('aria-label="Boîte, 3 messages non lus">Boîte <span');
      expect(body.messageButton).toContain('>Écrire</a>');
      expect(body.blockButton).toContain('>Bloquer</a>');
    });

    it("a host's strings for a locale reach the partials and the script", async () => {
      const messaging = await setup({ locale: () => 'es', strings: { es: { partials: { blockButton: 'Bloquear a esta persona' }, messages: { messageEdited: 'cambiado' } } } });
      await messaging.toggle.setEnabled(true, 5);
      const app = fullPage(messaging);
      const body = await page(app, '1');
      expect(body.blockButton).toContain('>Bloquear a esta persona</a>');
      expect((await strings(app, body.scriptTag)).messages['messages.messageEdited']).toBe('cambiado');
      expect(body.navLink).toContain('>Mensajes</a>');
    });
  });
});
