import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, BROWSER_TEST_TIMEOUT, browserSuite, hasChromium, type InPage } from './harness.js';

/**
 * Issue 15: the member-safety pages (settings, archived, block, report) and the admins' pages
 * (switch, reported messages, a confirmation, sending limits) in Arabic, right to left, in the
 * light and the dark theme: the package's root says lang="ar" dir="rtl" and axe finds nothing.
 */

async function problemsOn(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.flatMap((v) => v.nodes.map((n) => `${new URL(page.url()).pathname}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}

/** The member's choice in the example's nav, as they make it. */
async function chooseLanguage(page: Page, name: string): Promise<void> {
  await page.getByLabel('Language').selectOption({ label: name });
  await Promise.all([page.waitForURL((url) => url.pathname === new URL(page.url()).pathname), page.getByRole('button', { name: 'Change' }).click()]);
}

async function rootLanguageOf(page: Page): Promise<Array<string | null>> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as InPage).document.querySelector('.messaging');
    return [root?.getAttribute('lang') ?? null, root?.getAttribute('dir') ?? null];
  });
}

describe.skipIf(!hasChromium)('safety and admin pages in Arabic in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  /** Dave writes alice; alice reports his second message and archives the thread. */
  async function seeded() {
    await suite.enableMessaging();
    const ids = { alice: String(suite.idOf('alice')), dave: String(suite.idOf('dave')) };
    const messaging = suite.example.messaging;
    const { thread } = await messaging.conversations.startConversation({ senderId: ids.dave, recipientIds: [ids.alice], body: 'مرحبا أليس' });
    const bad = await messaging.conversations.sendMessage({ senderId: ids.dave, threadId: thread.id, body: 'Buy cheap watches now!!!' });
    const { report } = await messaging.reports.report(ids.alice, bad.id, { reason: 'spam', note: 'أرسلها إلى الجميع' });
    await messaging.inboxControls.archive(ids.alice, thread.id);
    return { ids, messageId: bad.id, reportId: report.id };
  }

  /** Each page in Arabic: the package's root right to left, and what axe finds. */
  async function visit(page: Page, paths: string[]): Promise<string[]> {
    const found: string[] = [];
    await page.goto(paths[0] as string);
    await chooseLanguage(page, 'العربية');
    for (const path of paths) {
      await page.goto(path);
      expect(await rootLanguageOf(page), path).toEqual(['ar', 'rtl']);
      found.push(...(await problemsOn(page)));
    }
    return found;
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`Arabic, ${colorScheme}: the member's settings, archived, block and report pages`, { timeout: 3 * BROWSER_TEST_TIMEOUT }, async () => {
      const { ids, messageId } = await seeded();
      const alice = await suite.signedIn('alice', { colorScheme });
      const found = await visit(alice, ['/messages/preferences', '/messages/archived', `/messages/blocks/new?userId=${ids.dave}`, `/messages/messages/${messageId}/report`]);
      await expect(alice.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('الإبلاغ عن رسالة');
      expect(found).toEqual([]);
    });

    it(`Arabic, ${colorScheme}: the admin's switch, reported messages, a confirmation and the sending limits`, { timeout: 3 * BROWSER_TEST_TIMEOUT }, async () => {
      const { reportId } = await seeded();
      const admin = await suite.signedIn('admin', { colorScheme });
      const found = await visit(admin, [
        '/admin/messaging',
        '/admin/messaging/reports',
        `/admin/messaging/reports/${reportId}/confirm?action=suspend_sender`,
        '/admin/messaging/limits',
      ]);
      await expect(admin.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('حدود الإرسال');
      expect(found).toEqual([]);
    });
  }
});
