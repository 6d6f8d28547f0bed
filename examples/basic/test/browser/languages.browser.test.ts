import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, BROWSER_TEST_TIMEOUT, browserSuite, hasChromium, type InPage, screenshot } from './harness.js';

/**
 * Issue 15 (language and direction): a member picks Arabic or German in the example's nav
 * switch; the inbox and thread come in that language, right to left for Arabic in the light and
 * the dark theme, with axe finding nothing. docs/screenshots/inbox-rtl.png and thread-rtl.png
 * are written here when UPDATE_SCREENSHOTS=1 asks (else to .test-artifacts).
 */

async function problemsOn(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.flatMap((v) => v.nodes.map((n) => `${new URL(page.url()).pathname}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}

/** The member's choice in the nav, as they make it. */
async function chooseLanguage(page: Page, name: string): Promise<void> {
  await page.getByLabel('Language').selectOption({ label: name });
  await Promise.all([page.waitForURL((url) => url.pathname === new URL(page.url()).pathname), page.getByRole('button', { name: 'Change' }).click()]);
}

/** `lang` and `dir` of `<html>` and of the package's root. */
async function languageOf(page: Page) {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as InPage;
    const root = document.querySelector('.messaging');
    return { html: [document.documentElement.lang, document.documentElement.dir], root: [root?.getAttribute('lang'), root?.getAttribute('dir')] };
  });
}

/** Where an element sits across the page: its left and right edges and those of the package's root. */
async function edgesOf(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const { document } = globalThis as unknown as InPage;
    const box = document.querySelector(sel).getBoundingClientRect();
    const root = document.querySelector('.messaging').getBoundingClientRect();
    return { left: box.left - root.left, right: root.right - box.right };
  }, selector);
}

describe.skipIf(!hasChromium)('languages in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  /** bob and alice write each other (in Arabic: the example's members are English names, their text need not be); returns the thread's path. */
  async function conversation(): Promise<string> {
    await suite.enableMessaging();
    const ids = { alice: String(suite.idOf('alice')), bob: String(suite.idOf('bob')) };
    const conversations = suite.example.messaging.conversations;
    const started = await conversations.startConversation({ senderId: ids.alice, recipientIds: [ids.bob], subject: 'رحلة السبت', body: 'هل نذهب إلى التسلق يوم السبت؟' });
    await conversations.sendMessage({ senderId: ids.bob, threadId: started.thread.id, body: 'نعم! الساعة 10:00 في الصالة.' });
    await conversations.startConversation({ senderId: ids.bob, recipientIds: [ids.alice], subject: 'Book club', body: 'Book club on Monday?' });
    return `/messages/threads/${started.thread.id}`;
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`Arabic, ${colorScheme}: inbox and thread read right to left, axe finds nothing`, async () => {
      const threadPath = await conversation();
      const alice = await suite.signedIn('alice', { colorScheme });
      const found: string[] = [];

      await alice.goto('/messages');
      await chooseLanguage(alice, 'العربية');
      await alice.locator('.m-unread').first().waitFor();
      expect(await languageOf(alice)).toEqual({ html: ['ar', 'rtl'], root: ['ar', 'rtl'] });
      // The heading starts on the right: right to left, the start side is the right.
      const heading = await edgesOf(alice, 'h1');
      expect(heading.right).toBeLessThan(heading.left);
      // The badge keeps its gap on its start (right) side.
      const badgeMargins = await alice.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as InPage;
        const style = getComputedStyle(document.querySelector('.messaging .m-badge'));
        return { left: style.marginLeft, right: style.marginRight };
      });
      expect(badgeMargins).toEqual({ left: '0px', right: '8px' });
      found.push(...(await problemsOn(alice)));
      if (colorScheme === 'light') await screenshot(alice, 'inbox-rtl.png');

      await alice.goto(threadPath);
      await alice.locator('.m-message').first().waitFor();
      expect(await languageOf(alice)).toEqual({ html: ['ar', 'rtl'], root: ['ar', 'rtl'] });
      // Each message's text starts on the right.
      const direction = await alice.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as InPage;
        return [...document.querySelectorAll('.m-message')].map((m: unknown) => getComputedStyle(m).direction);
      });
      expect(direction.length).toBeGreaterThanOrEqual(2);
      expect(new Set(direction)).toEqual(new Set(['rtl']));
      // The reply box follows what the member types (dir="auto"): Arabic runs right to left.
      const box = alice.locator('textarea[name="body"]');
      await box.fill('مرحبا بك');
      expect(await box.evaluate((el) => (globalThis as unknown as InPage).getComputedStyle(el).direction)).toBe('rtl');
      await box.fill('');
      await box.blur();
      found.push(...(await problemsOn(alice)));
      if (colorScheme === 'light') await screenshot(alice, 'thread-rtl.png');
      expect(found).toEqual([]);
    });
  }

  it('German: inbox and thread in German, left to right, axe finds nothing; the app around stays English', async () => {
    const threadPath = await conversation();
    const alice = await suite.signedIn('alice');
    const found: string[] = [];
    await alice.goto('/messages');
    await chooseLanguage(alice, 'Deutsch');
    await alice.locator('.m-unread').first().waitFor();
    expect(await languageOf(alice)).toEqual({ html: ['de', 'ltr'], root: ['de', 'ltr'] });
    expect(await alice.locator('header').getAttribute('lang')).toBe('en');
    expect(await alice.title()).not.toMatch(/^Messages\b/);
    found.push(...(await problemsOn(alice)));

    await alice.goto(threadPath);
    await alice.locator('.m-message').first().waitFor();
    expect(await languageOf(alice)).toEqual({ html: ['de', 'ltr'], root: ['de', 'ltr'] });
    found.push(...(await problemsOn(alice)));
    expect(found).toEqual([]);

    // The app's own page is English whatever the member chose for messaging.
    await alice.goto('/users');
    expect(await languageOf(alice)).toMatchObject({ html: ['en', 'ltr'] });
  });

  it('the browser tells the app its time zone once: times on the pages are in it', async () => {
    const threadPath = await conversation();
    const alice = await suite.signedIn('alice', { timezoneId: 'Asia/Tokyo' });
    // Signing in landed on the start page, whose script sent the zone.
    await expect.poll(async () => (await alice.request.get('/messages').then((r) => r.text())).includes('GMT+9')).toBe(true);
    await alice.goto(threadPath);
    const shown = await alice.locator('.m-message time').first().textContent();
    const title = await alice.locator('.m-message time').first().getAttribute('title');
    expect(`${shown} ${title ?? ''}`).toMatch(/GMT\+9/);
  });
});
