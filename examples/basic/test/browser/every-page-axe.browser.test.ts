import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, BROWSER_TEST_TIMEOUT, browserSuite, hasChromium, type InPage } from './harness.js';

/**
 * Issue 15: axe finds nothing on any page of the package in either theme and either direction.
 * Every page a member or an admin can open (inbox, compose, a thread, search results, a group's
 * settings, editing and deleting one's message, archived, settings, block, report; the admin
 * switch, reported messages, a confirmation, the limits) in four runs: English and Arabic, each
 * light and dark. Each page's root must say the language and direction asked for.
 */

const LANGUAGES = [
  { name: 'English', label: 'English', lang: 'en', dir: 'ltr' },
  { name: 'Arabic', label: 'العربية', lang: 'ar', dir: 'rtl' },
] as const;

async function problemsOn(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.flatMap((v) => v.nodes.map((n) => `${new URL(page.url()).pathname}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}

/** The member's choice in the example's nav, as they make it. */
async function chooseLanguage(page: Page, label: string): Promise<void> {
  await page.getByLabel('Language').selectOption({ label });
  await Promise.all([page.waitForURL((url) => url.pathname === new URL(page.url()).pathname), page.getByRole('button', { name: 'Change' }).click()]);
}

async function rootLanguageOf(page: Page): Promise<Array<string | null>> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as InPage).document.querySelector('.messaging');
    return [root?.getAttribute('lang') ?? null, root?.getAttribute('dir') ?? null];
  });
}

describe.skipIf(!hasChromium)('every page, both themes, both directions: axe in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  /** A direct thread with Dave (reported, archived later), a group with Bob and Carol (alice's own message to edit). */
  async function seeded() {
    await suite.enableMessaging();
    const id = (name: string) => String(suite.idOf(name));
    const messaging = suite.example.messaging;
    const group = await messaging.conversations.startConversation({
      senderId: id('alice'),
      recipientIds: [id('bob'), id('carol')],
      subject: 'Climbing Saturday',
      body: 'Shall we meet at ten?',
    });
    const own = group.message;
    await messaging.conversations.sendMessage({ senderId: id('bob'), threadId: group.thread.id, body: 'Ten works, see you at the wall.' });
    const direct = await messaging.conversations.startConversation({ senderId: id('dave'), recipientIds: [id('alice')], body: 'Hello Alice' });
    const bad = await messaging.conversations.sendMessage({ senderId: id('dave'), threadId: direct.thread.id, body: 'Buy cheap watches now!!!' });
    const { report } = await messaging.reports.report(id('alice'), bad.id, { reason: 'spam', note: 'Sent to everyone' });
    await messaging.inboxControls.archive(id('alice'), direct.thread.id);
    return { id, groupId: group.thread.id, ownMessageId: own.id, badId: bad.id, reportId: report.id };
  }

  /** Each page in the language: its root says so, and what axe finds. */
  async function visit(page: Page, label: string, expected: readonly [string, string], paths: string[]): Promise<string[]> {
    const found: string[] = [];
    await page.goto(paths[0] as string);
    await chooseLanguage(page, label);
    for (const path of paths) {
      await page.goto(path);
      expect(await rootLanguageOf(page), path).toEqual(expected);
      found.push(...(await problemsOn(page)));
    }
    return found;
  }

  for (const language of LANGUAGES) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`${language.name}, ${colorScheme}: every member and admin page`, { timeout: 4 * BROWSER_TEST_TIMEOUT }, async () => {
        const s = await seeded();
        const expected = [language.lang, language.dir] as const;
        const alice = await suite.signedIn('alice', { colorScheme });
        const member = await visit(alice, language.label, expected, [
          '/messages',
          `/messages/new?to=${s.id('bob')}`,
          `/messages/threads/${s.groupId}`,
          '/messages/search?q=wall',
          `/messages/threads/${s.groupId}/settings`,
          `/messages/messages/${s.ownMessageId}/edit`,
          `/messages/messages/${s.ownMessageId}/delete`,
          '/messages/archived',
          '/messages/preferences',
          `/messages/blocks/new?userId=${s.id('dave')}`,
          `/messages/messages/${s.badId}/report`,
        ]);
        const admin = await suite.signedIn('admin', { colorScheme });
        const admins = await visit(admin, language.label, expected, [
          '/admin/messaging',
          '/admin/messaging/reports',
          `/admin/messaging/reports/${s.reportId}/confirm?action=delete_message`,
          '/admin/messaging/limits',
        ]);
        expect([...member, ...admins]).toEqual([]);
      });
    }
  }
});
