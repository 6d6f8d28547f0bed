import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, type InPage } from './harness.js';

/** How much wider than the viewport the page is (0: no sideways scrolling). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as InPage).document.scrollingElement;
    return el.scrollWidth - el.clientWidth;
  });
}

/**
 * Long unbroken member text (a subject as long as allowed, a 300-character body and name, no
 * spaces) wraps inside the page instead of widening it, in the inbox and on the thread page.
 */
describe.skipIf(!hasChromium)('long unbroken text in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it('a long subject, name and message do not widen the inbox or the thread page beyond the viewport', async () => {
    await suite.enableMessaging();
    const bob = suite.idOf('bob');
    suite.example.db.prepare('update users set display_name = ? where id = ?').run(`Bob${'b'.repeat(297)}`, bob);
    const subject = 'S'.repeat(200); // the default maxSubjectLength
    const body = 'W'.repeat(300);
    const { thread } = await suite.example.messaging.conversations.startConversation({ senderId: String(bob), recipientIds: [String(suite.idOf('alice'))], subject, body });

    for (const width of [1000, 375]) {
      const alice = await suite.signedIn('alice', { viewport: { width, height: 700 } });
      for (const path of ['/messages', `/messages/threads/${thread.id}`]) {
        await alice.goto(path);
        await expect(alice.getByText(subject).first().isVisible()).resolves.toBe(true);
        // For a person to look at when this fails; never into docs/.
        await alice.screenshot({ path: join(tmpdir(), `long-text-${width}${path.replace(/\W+/g, '-')}.png`), fullPage: true });
        expect(await overflow(alice), `${path} at ${width}px`).toBeLessThanOrEqual(0);
      }
    }
  });
});
