import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot, type InPage } from './harness.js';

/** The newest message shown on a thread page and the id the URL's anchor names. */
async function landedOn(page: Page): Promise<{ anchor: string; text: string | null }> {
  const anchor = new URL(page.url()).hash.slice(1);
  return { anchor, text: anchor ? await page.locator(`[id="${anchor}"] .m-body`).textContent() : null };
}

/** alice: bob's profile → Message → compose (bob filled in) → send; returns the thread's path. */
async function startConversation(alice: Page, text: string, shot?: string): Promise<string> {
  await alice.goto('/users/bob');
  await Promise.all([alice.waitForURL('**/messages/new?to=*'), alice.locator('[data-messaging-button]').click()]);
  await expect(alice.locator('.messaging-compose').getByRole('link', { name: 'Bob Baker' }).count()).resolves.toBe(1);
  await alice.getByLabel('Subject (optional)').fill('Saturday');
  await alice.getByLabel('Message', { exact: true }).fill(text);
  if (shot) await screenshot(alice, shot);
  await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
  await expect(alice.locator('.m-message .m-body').last().textContent()).resolves.toBe(text);
  return new URL(alice.url()).pathname;
}

/** Replies on a thread page through its form; waits for the 303 back to `#m-<id>`. */
async function reply(page: Page, threadPath: string, text: string): Promise<void> {
  if (new URL(page.url()).pathname !== threadPath) await page.goto(threadPath);
  await page.getByLabel('Your message').fill(text);
  await Promise.all([page.waitForURL(/#m-\d+$/), page.getByRole('button', { name: 'Send' }).click()]);
  expect((await landedOn(page)).text).toBe(text);
}

describe.skipIf(!hasChromium)('a conversation in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`profile, Message, compose, send, reply, inbox with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      await suite.enableMessaging();
      const alice = await suite.signedIn('alice', { javaScriptEnabled });
      const bob = await suite.signedIn('bob', { javaScriptEnabled });
      const shots = javaScriptEnabled;

      const threadPath = await startConversation(alice, 'Climbing on Saturday?', shots ? 'compose.png' : undefined);
      // alice leaves the thread (open, with JavaScript, it would show bob's reply live and mark it read).
      await alice.goto('/users');
      // A later conversation of alice's with carol, so that bob's reply must bring his thread back to the top.
      const ids = { alice: String(suite.idOf('alice')), carol: String(suite.idOf('carol')) };
      await suite.example.messaging.conversations.startConversation({ senderId: ids.alice, recipientIds: [ids.carol], body: 'Book club on Monday?' });
      await reply(bob, threadPath, 'Yes! 10:00 at the gym.');

      // alice's nav shows the unread badge; her inbox lists bob's thread first, marked unread, then carol's.
      await alice.reload();
      await expect(alice.locator('[data-messaging-badge]').textContent()).resolves.toBe('1');
      await alice.locator('[data-messaging-nav]').click();
      await alice.waitForURL('**/messages');
      const first = alice.locator('.m-threads > li').first();
      expect(await first.getAttribute('class')).toContain('m-unread');
      await expect(first.locator('.m-badge').textContent()).resolves.toBe('1 unread');
      await expect(first.locator('.m-preview').textContent()).resolves.toContain('Yes! 10:00 at the gym.');
      expect(await alice.locator('.m-threads .m-names').allTextContents()).toEqual(['Bob Baker', 'Carol Cooper']);
      expect(await alice.locator('.m-threads > li.m-unread').count()).toBe(1);
      if (shots) await screenshot(alice, 'inbox.png');

      // Opening it shows both messages in order, marks it read, and her reply lands at its anchor.
      await Promise.all([alice.waitForURL(`**${threadPath}`), first.getByRole('link').click()]);
      expect(await alice.locator('.m-message .m-body').allTextContents()).toEqual(['Climbing on Saturday?', 'Yes! 10:00 at the gym.']);
      // The page that marked it read does not show the old badge (the server renders it after the mark).
      expect(await alice.locator('[data-messaging-badge]').count()).toBe(0);
      await reply(alice, threadPath, 'See you there.');
      if (shots) await screenshot(alice, 'thread.png');
      // Read now: no badge, and the inbox no longer marks the thread.
      await alice.goto('/messages');
      expect(await alice.locator('[data-messaging-badge]').count()).toBe(0);
      expect(await alice.locator('.m-unread').count()).toBe(0);
    });
  }

  it("keyboard only: from bob's profile to a sent message, then a reply, without the mouse", async () => {
    await suite.enableMessaging();
    const alice = await suite.signedIn('alice');
    await alice.goto('/users/bob');

    /** Presses Tab until `selector` has focus (a bounded walk through the page's focus order). */
    async function tabTo(selector: string): Promise<void> {
      for (let i = 0; i < 30; i++) {
        await alice.keyboard.press('Tab');
        if (await alice.evaluate((s) => (globalThis as unknown as InPage).document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    }

    await tabTo('[data-messaging-button]');
    await Promise.all([alice.waitForURL('**/messages/new?to=*'), alice.keyboard.press('Enter')]);
    await tabTo('textarea[name="body"]');
    await alice.keyboard.type('Typed without a mouse.');
    // On to Send (past the file input when attachments are on).
    await tabTo('form[method="post"] button[type="submit"]');
    expect(await alice.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.textContent)).toBe('Send');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.keyboard.press('Enter')]);
    await expect(alice.locator('.m-message .m-body').last().textContent()).resolves.toBe('Typed without a mouse.');

    await tabTo('textarea[name="body"]');
    await alice.keyboard.type('And a reply, also by keyboard.');
    await tabTo('form[method="post"] button[type="submit"]');
    expect(await alice.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.textContent)).toBe('Send');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.keyboard.press('Enter')]);
    expect((await landedOn(alice)).text).toBe('And a reply, also by keyboard.');

    // It arrived: bob sees both in his thread.
    const bob = await suite.signedIn('bob');
    await bob.goto(new URL(alice.url()).pathname);
    expect(await bob.locator('.m-message .m-body').allTextContents()).toEqual(['Typed without a mouse.', 'And a reply, also by keyboard.']);
  });
});
