import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot, type InPage } from './harness.js';

/** Relative luminance (WCAG) of a computed `rgb(...)` / `rgba(...)` colour; -1 when transparent. */
function luminance(css: string): number {
  const [r, g, b, a] = (css.match(/[\d.]+/g) ?? []).map(Number);
  if (a === 0 || r === undefined || g === undefined || b === undefined) return -1;
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The computed `color` and `background-color` of the first element matching `selector`. */
async function coloursOf(page: Page, selector: string): Promise<{ color: string; background: string }> {
  return page.evaluate((sel) => {
    const { document, getComputedStyle } = globalThis as unknown as InPage;
    const style = getComputedStyle(document.querySelector(sel));
    return { color: style.color, background: style.backgroundColor };
  }, selector);
}

async function problemsOn(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.flatMap((v) => v.nodes.map((n) => `${new URL(page.url()).pathname}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}

// Issue 15 (look): the pages follow the member's light or dark setting, a host restyles them
// through documented custom properties, and sides are logical so right-to-left mirrors.
describe.skipIf(!hasChromium)('themes in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  /** bob has written to alice; returns the thread's path. */
  async function conversation(): Promise<string> {
    await suite.enableMessaging();
    const ids = { alice: String(suite.idOf('alice')), bob: String(suite.idOf('bob')) };
    const conversations = suite.example.messaging.conversations;
    const started = await conversations.startConversation({ senderId: ids.alice, recipientIds: [ids.bob], subject: 'Saturday', body: 'Climbing on Saturday?' });
    await conversations.sendMessage({ senderId: ids.bob, threadId: started.thread.id, body: 'Yes! 10:00 at the gym.' });
    await conversations.startConversation({ senderId: ids.bob, recipientIds: [ids.alice], subject: 'Books', body: 'Book club on Monday?' });
    return `/messages/threads/${started.thread.id}`;
  }

  it('dark: inbox, thread and compose paint dark with light text, and axe finds nothing', async () => {
    const threadPath = await conversation();
    const alice = await suite.signedIn('alice', { colorScheme: 'dark' });
    const found: string[] = [];

    await alice.goto('/messages');
    await alice.locator('.m-unread').first().waitFor();
    const inbox = await coloursOf(alice, '.messaging');
    expect(luminance(inbox.background)).toBeGreaterThanOrEqual(0);
    expect(luminance(inbox.background)).toBeLessThan(0.05);
    expect(luminance(inbox.color)).toBeGreaterThan(0.6);
    found.push(...(await problemsOn(alice)));
    await screenshot(alice, 'inbox-dark.png');

    await alice.goto(threadPath);
    await alice.locator('.m-message').first().waitFor();
    found.push(...(await problemsOn(alice)));
    await screenshot(alice, 'thread-dark.png');

    await alice.goto(`/messages/new?to=${suite.idOf('bob')}`);
    found.push(...(await problemsOn(alice)));
    expect(found).toEqual([]);
  });

  it('light: the pages leave the host page behind them and keep dark text', async () => {
    await conversation();
    const alice = await suite.signedIn('alice', { colorScheme: 'light' });
    await alice.goto('/messages');
    await alice.locator('.m-unread').first().waitFor();
    const inbox = await coloursOf(alice, '.messaging');
    expect(luminance(inbox.background)).toBe(-1);
    expect(luminance(inbox.color)).toBeLessThan(0.05);
  });

  it('a host restyles the pages with --messaging-* and forces a theme with data-messaging-theme', async () => {
    await conversation();
    const alice = await suite.signedIn('alice', { colorScheme: 'dark' });
    await alice.goto('/messages');
    await alice.locator('.m-badge').first().waitFor();

    // The host's own stylesheet, on :root: the custom property reaches the pages.
    await alice.addStyleTag({ content: ':root{--messaging-dark-accent:#ffd54f;--messaging-dark-on-accent:#000}' });
    expect(await coloursOf(alice, '.m-badge')).toEqual({ color: 'rgb(0, 0, 0)', background: 'rgb(255, 213, 79)' });

    // A host whose site is light only keeps the light theme for members who prefer dark.
    await alice.evaluate(() => (globalThis as unknown as InPage).document.documentElement.setAttribute('data-messaging-theme', 'light'));
    const forced = await coloursOf(alice, '.messaging');
    expect(luminance(forced.background)).toBe(-1);
    expect(luminance(forced.color)).toBeLessThan(0.05);
  });

  it('right to left: sides are logical, so the badge keeps its gap on the start side', async () => {
    await conversation();
    const alice = await suite.signedIn('alice');
    await alice.goto('/messages');
    await alice.locator('.m-badge').first().waitFor();
    const margins = () =>
      alice.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as InPage;
        const style = getComputedStyle(document.querySelector('.m-badge'));
        return { left: style.marginLeft, right: style.marginRight };
      });
    expect(await margins()).toEqual({ left: '8px', right: '0px' });
    // The package's root carries the member's direction itself (issue 15): flip it there.
    await alice.evaluate(() => (globalThis as unknown as InPage).document.querySelector('.messaging').setAttribute('dir', 'rtl'));
    expect(await margins()).toEqual({ left: '0px', right: '8px' });
  });
});
