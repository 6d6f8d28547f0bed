import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, type InPage } from './harness.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

// Issue 17: files sent with the reply form reach the other member's open thread through the
// live script, shown as the server shows them: a thumbnail linking to the photo, a named download.
describe.skipIf(!hasChromium)('attachments live in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it("alice's reply form sends a photo and a PDF; bob's open thread shows both without a reload", async () => {
    await suite.enableMessaging();
    const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 20, g: 120, b: 200 } } })
      .png()
      .toBuffer();

    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/new?to=${suite.idOf('bob')}`);
    await alice.getByLabel('Message', { exact: true }).fill('Hello');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    const threadPath = new URL(alice.url()).pathname;

    const bob = await suite.signedIn('bob');
    await bob.goto(threadPath);
    await expect.poll(() => suite.example.messaging.openStreams()).toBe(2);
    await bob.evaluate(() => ((globalThis as unknown as InPage).__sameDocument = true));

    await alice.getByLabel('Your message').fill('The bike and the receipt');
    await alice.locator('#messaging-files').setInputFiles([
      { name: 'bike.png', mimeType: 'image/png', buffer: photo },
      { name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    const messageId = new URL(alice.url()).hash.slice(1);

    const arrived = bob.locator(`[id="${messageId}"]`);
    const image = arrived.locator('.m-attachments img');
    await image.waitFor();
    expect(await image.getAttribute('alt')).toBe('bike.png');
    const src = await image.getAttribute('src');
    expect(src).toMatch(/^\/messages\/attachments\/[\w-]+\/thumbnail$/);
    expect(await arrived.locator('.m-attachments a').first().getAttribute('href')).toBe(src!.replace(/\/thumbnail$/, ''));
    // The thumbnail really loads under the host's CSP and the file's own headers.
    await expect.poll(() => image.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const download = arrived.getByRole('link', { name: 'receipt.pdf' });
    expect(await download.getAttribute('download')).toBe('');
    await expect(arrived.locator('.m-attachment-file').textContent()).resolves.toBe(`receipt.pdf (${PDF.length} bytes)`);
    expect(await bob.evaluate(() => (globalThis as unknown as InPage).__sameDocument === true)).toBe(true);

    // The same files after a reload, as the server renders them.
    await bob.reload();
    await expect(bob.locator(`[id="${messageId}"] .m-attachments img`).getAttribute('src')).resolves.toBe(src);
    await expect(bob.locator(`[id="${messageId}"] .m-attachment-file`).textContent()).resolves.toBe(`receipt.pdf (${PDF.length} bytes)`);
  });
});
