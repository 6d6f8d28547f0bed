import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, type InPage } from './harness.js';

/** Marks the current document; still marked later means it was never reloaded. */
const markDocument = (page: Page) => page.evaluate(() => ((globalThis as unknown as InPage).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (globalThis as unknown as InPage).__sameDocument === true);
/** The thread's messages and system lines as a reader sees them (ids without their numbers). */
const shownLines = (page: Page) =>
  page.locator('.m-messages > li').evaluateAll((els) =>
    // biome-ignore lint/performance/useDomNodeTextContent: as rendered; the server's markup has newlines between elements that the script's does not.
    els.map((el) => `${el.id.replace(/\d+/, '#')} ${(el as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()}`),
  );

// Issue 16, in the live updates: members added and renames on an open thread page, the Edit and
// Delete links of one's own message sent from another tab, and edits and deletions made while
// a stream was away.
describe.skipIf(!hasChromium)('thread changes live in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();
  const id = (username: string) => String(suite.idOf(username));

  it("bob's open group thread shows alice adding carol and a rename without a reload, as the server renders them", async () => {
    await suite.enableMessaging();
    const { messaging } = suite.example;
    const { thread } = await messaging.conversations.startConversation({ senderId: id('alice'), recipientIds: [id('bob'), id('dave')], subject: 'Trip', body: 'Who is in?' });

    const bob = await suite.signedIn('bob');
    await bob.goto(`/messages/threads/${thread.id}`);
    await expect.poll(() => messaging.openStreams()).toBe(1);
    await markDocument(bob);
    expect(await bob.locator('[data-messaging-members]').textContent()).not.toContain('Carol Cooper');

    await messaging.membership.addMembers({ actorId: id('alice'), threadId: thread.id, userIds: [id('carol')] });
    await bob.locator('[data-messaging-system-line]').filter({ hasText: 'Alice Archer added Carol Cooper' }).waitFor();
    await bob.locator('[data-messaging-members]').filter({ hasText: 'Carol Cooper' }).waitFor();

    // Member text stays text: markup in a subject is shown, never parsed.
    await messaging.membership.renameThread({ actorId: id('alice'), threadId: thread.id, subject: 'Weekend <b>trip</b>' });
    await bob.locator('[data-messaging-system-line]').filter({ hasText: 'Alice Archer renamed the conversation to “Weekend <b>trip</b>”' }).waitFor();
    expect(await bob.locator('h1').textContent()).toBe('Weekend <b>trip</b>');
    expect(await bob.locator('h1 b').count()).toBe(0);

    // carol, new in the group, writes: her name is known to the page without a reload.
    await messaging.conversations.sendMessage({ senderId: id('carol'), threadId: thread.id, body: 'Count me in' });
    const carols = bob.locator('.m-message').filter({ hasText: 'Count me in' });
    await carols.waitFor();
    expect(await carols.locator('.m-meta').first().textContent()).toContain('Carol Cooper');
    expect(await sameDocument(bob)).toBe(true);

    // What the script built reads as the page the server renders.
    const live = {
      lines: await shownLines(bob),
      title: await bob.locator('h1').innerHTML(),
      members: await bob.locator('[data-messaging-members]').innerHTML(),
    };
    await bob.reload();
    expect(await shownLines(bob)).toEqual(live.lines);
    expect(await bob.locator('h1').innerHTML()).toBe(live.title);
    expect(await bob.locator('[data-messaging-members]').innerHTML()).toBe(live.members);
  });

  it('a message alice sends from her second tab shows its Edit and Delete links live in her first tab', async () => {
    await suite.enableMessaging();
    const { messaging } = suite.example;
    const { thread } = await messaging.conversations.startConversation({ senderId: id('bob'), recipientIds: [id('alice')], subject: null, body: 'Hi Alice' });

    const first = await suite.signedIn('alice');
    await first.goto(`/messages/threads/${thread.id}`);
    const second = await first.context().newPage();
    await second.goto(`/messages/threads/${thread.id}`);
    await expect.poll(() => messaging.openStreams(), { timeout: 5_000 }).toBe(2);
    await markDocument(first);

    await second.getByLabel('Your message').fill('Sent from my other tab');
    await Promise.all([second.waitForURL(/#m-\d+$/), second.getByRole('button', { name: 'Send' }).click()]);
    const messageId = new URL(second.url()).hash.slice(1);

    const live = first.locator(`[id="${messageId}"]`);
    await live.waitFor();
    const links = async (page: Page) => ({
      edit: await page.locator(`[id="${messageId}"] [data-messaging-edit-link]`).getAttribute('href'),
      delete: await page.locator(`[id="${messageId}"] [data-messaging-delete-link]`).getAttribute('href'),
      report: await page.locator(`[id="${messageId}"] [data-messaging-report-link]`).count(),
    });
    // The same links as the page the server rendered in the second tab.
    const served = await links(second);
    expect(served).toEqual({ edit: `/messages/messages/${messageId.slice(2)}/edit`, delete: `/messages/messages/${messageId.slice(2)}/delete`, report: 0 });
    expect(await links(first)).toEqual(served);
    expect(await live.getByRole('link', { name: 'Edit' }).isVisible()).toBe(true);
    expect(await sameDocument(first)).toBe(true);

    // And they work: Edit opens the form for that message.
    await Promise.all([first.waitForURL('**/messages/messages/*/edit'), live.getByRole('link', { name: 'Edit' }).click()]);
    expect(await first.getByLabel('Your message').inputValue()).toBe('Sent from my other tab');
  });

  it("an edit and a deletion made while bob's stream was away show after it reconnects", async () => {
    await suite.enableMessaging();
    const { messaging } = suite.example;
    const { thread, message: first } = await messaging.conversations.startConversation({ senderId: id('alice'), recipientIds: [id('bob')], subject: null, body: 'See you at 5' });
    const second = await messaging.conversations.sendMessage({ senderId: id('alice'), threadId: thread.id, body: 'Bring the map' });

    const bob = await suite.signedIn('bob');
    await bob.goto(`/messages/threads/${thread.id}`);
    await expect.poll(() => messaging.openStreams()).toBe(1);
    await markDocument(bob);

    // The connection drops; alice edits one message and deletes the other before bob's browser is back.
    suite.dropConnections();
    await expect.poll(() => messaging.openStreams()).toBe(0);
    await messaging.messageEdits.edit(id('alice'), first.id, 'See you at 6');
    await messaging.messageEdits.delete(id('alice'), second.id);

    await expect.poll(() => messaging.openStreams(), { timeout: 10_000 }).toBe(1);
    await bob.locator(`[id="m-${first.id}"] [data-messaging-edited]`).waitFor();
    expect(await bob.locator(`[id="m-${first.id}"] .m-body`).textContent()).toBe('See you at 6');
    await bob.locator(`[id="m-${second.id}"] [data-messaging-deleted]`).waitFor();
    expect(await bob.locator(`[id="m-${second.id}"]`).textContent()).not.toContain('Bring the map');
    expect(await bob.locator(`[id="m-${second.id}"] [data-messaging-report-link]`).count()).toBe(0);
    expect(await sameDocument(bob)).toBe(true);
  });
});
