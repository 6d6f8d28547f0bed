import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot, type BrowserSuite } from './harness.js';

/** alice: bob's profile → Message → compose → send; returns the thread's path. */
async function aliceWritesTo(alice: Page, username: string, subject: string, text: string): Promise<string> {
  await alice.goto(`/users/${username}`);
  await Promise.all([alice.waitForURL('**/messages/new?to=*'), alice.locator('[data-messaging-button]').click()]);
  await alice.getByLabel('Subject (optional)').fill(subject);
  await alice.getByLabel('Message', { exact: true }).fill(text);
  await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
  const path = new URL(alice.url()).pathname;
  // alice leaves the thread: an open thread page would keep it read for her, nothing else.
  await alice.goto('/users');
  return path;
}

/** Rows of the admin's mail list addressed to `username`, read afresh. */
async function mailRowsTo(admin: Page, username: string): Promise<number> {
  await admin.goto('/admin/mail');
  return admin.locator('.mail-list tbody tr', { hasText: `${username}@example.test` }).count();
}

/** Waits (reloading) until the admin's list shows `count` mails to `username`: the delivery loop runs every 200 ms. */
async function waitForMails(admin: Page, username: string, count: number): Promise<void> {
  await expect.poll(() => mailRowsTo(admin, username), { timeout: 15_000, interval: 300 }).toBe(count);
}

/** The renderer wraps names and subjects in bidi isolates (U+2068 … U+2069): compare the words. */
const withoutIsolates = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

async function axeProblems(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.flatMap((v) => v.nodes.map((n) => `${new URL(page.url()).pathname}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}

/** The admin opens the settings, follows "Sent mail", and waits for the first mail to `username`. */
async function adminOpensSentMail(suite: BrowserSuite): Promise<Page> {
  const admin = await suite.signedIn('admin');
  await admin.goto('/admin/settings');
  await Promise.all([admin.waitForURL('**/admin/mail'), admin.getByRole('link', { name: 'Sent mail' }).click()]);
  return admin;
}

/** The mail's HTML as the recipient's mail client would show it: a page of its own in bob's browser. */
async function openInMailClient(context: BrowserContext, html: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 720, height: 360 });
  await page.setContent(html);
  return page;
}

describe.skipIf(!hasChromium)('notification mail in chromium (MESSAGING_NOTIFY_DELAY=1s)', { timeout: BROWSER_TEST_TIMEOUT * 3 }, () => {
  const suite = browserSuite({ mail: { delay: '1s', pollIntervalMs: 200 } });

  it('bob leaves alice’s message unread: his mail appears for the admin, opens the thread, and unsubscribes him', async () => {
    await suite.enableMessaging();
    const alice = await suite.signedIn('alice');
    const threadPath = await aliceWritesTo(alice, 'bob', 'Climbing on Saturday', 'Are you in? 10:00 at the gym.');

    const admin = await adminOpensSentMail(suite);
    await waitForMails(admin, 'bob', 1);
    const row = admin.locator('.mail-list tbody tr', { hasText: 'bob@example.test' });
    expect(withoutIsolates(await row.locator('td').first().textContent())).toBe('New message from Alice Archer: Climbing on Saturday');
    const found = await axeProblems(admin);

    await Promise.all([admin.waitForURL('**/admin/mail/*.eml'), row.getByRole('link').click()]);
    expect(withoutIsolates(await admin.getByRole('heading', { level: 1 }).textContent())).toBe('New message from Alice Archer: Climbing on Saturday');
    // The mail's HTML is in a frame without any permission: no script, its own opaque origin.
    const frame = admin.locator('iframe.mail-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const mail = admin.frameLocator('iframe.mail-frame');
    const threadLink = mail.getByRole('link', { name: 'Open the conversation' });
    expect(await threadLink.getAttribute('href')).toBe(`${suite.baseUrl}${threadPath}`);
    await expect(mail.locator('body').textContent()).resolves.not.toContain('10:00 at the gym'); // no message text by default
    found.push(...(await axeProblems(admin)));
    expect(found).toEqual([]);
    const html = await mail.locator('html').evaluate((root: { outerHTML: string }) => `<!doctype html>${root.outerHTML}`);

    // bob reads the mail in his mail client and clicks through to the thread, signed in.
    const bob = await suite.signedIn('bob');
    const inbox = await openInMailClient(bob.context(), html);
    await screenshot(inbox, 'notification-mail.png');
    await Promise.all([inbox.waitForURL(`**${threadPath}`), inbox.getByRole('link', { name: 'Open the conversation' }).click()]);
    await expect(inbox.locator('.m-message .m-body').last().textContent()).resolves.toBe('Are you in? 10:00 at the gym.');

    // bob unsubscribes from the mail's link, in a browser where he is not signed in (the
    // unsubscribe pages load no live script: no request of theirs is refused).
    const signedOut = await suite.newContext();
    const fromMail = await openInMailClient(signedOut, html);
    await Promise.all([fromMail.waitForURL('**/messages/unsubscribe?*'), fromMail.getByRole('link', { name: 'Unsubscribe' }).click()]);
    await Promise.all([fromMail.waitForNavigation(), fromMail.getByRole('button', { name: 'Unsubscribe' }).click()]);
    await expect(fromMail.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Unsubscribed');
    expect(await suite.example.messaging.notifications.getMode(suite.idOf('bob'))).toBe('off');

    // alice writes again (bob has no page open: nothing reads it for him); carol gets her mail
    // for a message sent after it, bob none.
    await inbox.close();
    await alice.goto(threadPath);
    await alice.getByLabel('Your message').fill('Still on?');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    await alice.goto('/users');
    await aliceWritesTo(alice, 'carol', 'Book club', 'Monday?');
    await waitForMails(admin, 'carol', 1);
    await suite.example.messaging.notifications.deliverDue();
    expect(await mailRowsTo(admin, 'bob')).toBe(1);
  });
});

describe.skipIf(!hasChromium)('notification mail in chromium (read in time)', { timeout: BROWSER_TEST_TIMEOUT * 3 }, () => {
  // Long enough for bob to open the thread first on a busy machine; carol's mail shows the loop ran.
  const suite = browserSuite({ mail: { delay: '4s', pollIntervalMs: 200 } });

  it('bob reads alice’s message before the delay: no mail for him', async () => {
    await suite.enableMessaging();
    const bob = await suite.signedIn('bob');
    const alice = await suite.signedIn('alice');
    const threadPath = await aliceWritesTo(alice, 'bob', 'Quick one', 'Read me now');
    await bob.goto(threadPath);
    await expect(bob.locator('.m-message .m-body').last().textContent()).resolves.toBe('Read me now');
    await aliceWritesTo(alice, 'carol', 'Another', 'And you?');

    const admin = await adminOpensSentMail(suite);
    await waitForMails(admin, 'carol', 1);
    await suite.example.messaging.notifications.deliverDue();
    expect(await mailRowsTo(admin, 'bob')).toBe(0);
  });
});
