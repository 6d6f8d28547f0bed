import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bikePhoto, gifPolyglot, hasLocation, htmlFile, jpegPolyglot, jpegWithGps, MARKER, quotePdf, svgFile } from './attachment-files.js';
import { CHROMIUM } from './chromium.js';
import { axeViolations, browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, type InPage, screenshot, signInThroughForm } from './harness.js';

interface UploadAnswer {
  status: number;
  body: { attachment?: { id: string; contentType: string; url: string; thumbnailUrl?: string }; error?: { code: string } };
}

/** Uploads through the JSON API from the page, as the page's own script would: fetch, multipart, the host's CSRF token as a header. */
async function upload(page: Page, name: string, type: string, bytes: Buffer): Promise<UploadAnswer> {
  return page.evaluate(
    async ({ name, type, base64 }) => {
      const inPage = globalThis as unknown as InPage;
      const token = inPage.document.querySelector('input[name="_csrf"]')?.value ?? '';
      const raw = Uint8Array.from(inPage.atob(base64) as string, (c: string) => c.charCodeAt(0));
      const form = new inPage.FormData();
      form.append('file', new inPage.Blob([raw], { type }), name);
      const res = await inPage.fetch('/messages/api/attachments', { method: 'POST', body: form, headers: { 'x-csrf-token': token } });
      return { status: res.status as number, body: await res.json() };
    },
    { name, type, base64: bytes.toString('base64') },
  );
}

/** Sends a reply carrying `attachmentIds` through the JSON API from the page. */
async function sendWithFiles(page: Page, threadId: string, body: string, attachmentIds: string[]): Promise<number> {
  return page.evaluate(
    async ({ threadId, body, attachmentIds }) => {
      const inPage = globalThis as unknown as InPage;
      const token = inPage.document.querySelector('input[name="_csrf"]')?.value ?? '';
      const res = await inPage.fetch(`/messages/api/threads/${threadId}/messages`, {
        method: 'POST',
        body: JSON.stringify({ body, attachmentIds }),
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
      });
      return res.status as number;
    },
    { threadId, body, attachmentIds },
  );
}

/**
 * Everything a page did that only script could do (dialogs it opened, the marker it printed),
 * and what its Content-Security-Policy refused, by kind ('script', 'style', …).
 */
function scriptWatch(page: Page): { dialogs: string[]; marks: string[]; refused: Set<string> } {
  const seen = { dialogs: [] as string[], marks: [] as string[], refused: new Set<string>() };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => {});
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.includes(MARKER)) seen.marks.push(text);
    const refused = /(?:Applying inline|Refused to (?:load|execute|apply)(?: inline)?) (\w+)/.exec(text);
    if (refused) seen.refused.add(refused[1]!.toLowerCase());
  });
  return seen;
}

describe.skipIf(!hasChromium)('attachments in chromium', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  const suite = browserSuite();

  it('HTML, SVG with script and JPEG/GIF polyglots never run script on the origin; a photo loses its GPS tags; others get 404', async () => {
    await suite.enableMessaging();
    const ids = { alice: String(suite.idOf('alice')), bob: String(suite.idOf('bob')) };
    const { thread } = await suite.example.messaging.conversations.startConversation({ senderId: ids.alice, recipientIds: [ids.bob], body: 'Files for you' });
    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/threads/${thread.id}`);

    // Refused outright: the bytes say HTML / SVG, whatever the name and the declared type claim.
    suite.allowResponse('415 POST /messages/api/attachments');
    for (const [name, type, bytes] of [
      ['invoice.html', 'text/html', htmlFile()],
      ['invoice.jpg', 'image/jpeg', htmlFile()],
      ['logo.svg', 'image/svg+xml', svgFile()],
      ['logo.png', 'image/png', svgFile()],
    ] as const) {
      const answer = await upload(alice, name, type, bytes);
      expect(answer, name).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
    }

    // Polyglots are real images: accepted, re-encoded, and served so that nothing in them runs.
    const polyglots = [await upload(alice, 'cat.jpg', 'image/jpeg', await jpegPolyglot()), await upload(alice, 'cat.gif', 'image/gif', await gifPolyglot())];
    const gps = await upload(alice, 'holiday.jpg', 'image/jpeg', await jpegWithGps());
    for (const answer of [...polyglots, gps]) expect(answer.status).toBe(201);
    const files = [...polyglots, gps].map((a) => a.body.attachment!);
    expect(files.map((f) => f.contentType)).toEqual(['image/jpeg', 'image/gif', 'image/jpeg']);
    expect(
      await sendWithFiles(
        alice,
        thread.id,
        'Three pictures',
        files.map((f) => f.id),
      ),
    ).toBe(201);

    // bob opens each file directly, in a browser of its own: the harness counts every CSP report
    // as a page's fault, and Chromium's own viewer of an image document applies inline styles,
    // which the files' sandboxing CSP (default-src 'none') rightly refuses. What matters here is
    // that no script runs, no dialog opens, and the only thing refused is style.
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const bob = await (await browser.newContext({ baseURL: suite.baseUrl })).newPage();
    await signInThroughForm(bob, 'bob');
    const watched = scriptWatch(bob);
    await bob.goto(`/messages/threads/${thread.id}`);
    for (const file of files) {
      const url = `/messages/attachments/${file.id}`;
      for (const path of [url, `${url}/thumbnail`]) {
        // Opened directly, as a member following a link (or an attacker's page) would.
        const res = await bob.goto(path);
        expect(res?.status(), path).toBe(200);
        const headers = res!.headers();
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['content-security-policy']).toBe("default-src 'none'; sandbox");
        expect(headers['cache-control']).toMatch(/^private/);
        expect(headers['cross-origin-resource-policy']).toBe('same-origin');
        expect(headers['content-type']).toMatch(/^image\/(jpeg|gif|webp)$/);
        const bytes = await res!.body();
        expect(bytes.includes('<script'), `${path} still holds the script`).toBe(false);
        expect(bytes.includes('<html'), `${path} still holds the HTML`).toBe(false);
      }
    }
    await bob.goto(`/messages/threads/${thread.id}`);
    await bob.waitForTimeout(300);
    expect(watched.dialogs).toEqual([]);
    expect(watched.marks).toEqual([]);
    expect([...watched.refused].filter((kind) => kind !== 'style')).toEqual([]);

    // The photo comes back without EXIF or GPS (it had both).
    expect(await hasLocation(await jpegWithGps())).toEqual({ exif: true, gpsTag: true });
    const download = await bob.request.get(`/messages/attachments/${files[2]!.id}`);
    expect(download.status()).toBe(200);
    expect(await hasLocation(await download.body())).toEqual({ exif: false, gpsTag: false });

    await browser.close();

    // Carol is no participant: the same 404 as for a thread she cannot see, for a real id and a made-up one.
    const carol = await suite.signedIn('carol');
    for (const path of [`/messages/attachments/${files[0]!.id}`, `/messages/attachments/${files[0]!.id}/thumbnail`, '/messages/attachments/AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await carol.request.get(path);
      expect(res.status(), path).toBe(404);
    }
  });

  it('a thread with a photo and a PDF: thumbnail, named download with size, no axe violation (screenshot)', async () => {
    await suite.enableMessaging();
    const ids = { alice: String(suite.idOf('alice')), bob: String(suite.idOf('bob')) };
    const { thread } = await suite.example.messaging.conversations.startConversation({
      senderId: ids.bob,
      recipientIds: [ids.alice],
      subject: 'The red bike',
      body: 'Hi Alice! Is the red bike still for sale? Could you send a photo?',
    });
    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/threads/${thread.id}`);
    // The reply form, as a member fills it: text and two files, then Send (a multipart form).
    await alice.getByLabel('Your message').fill('Yes! Here it is, and the quote from its last service.');
    await alice.locator('input[type="file"]').setInputFiles([
      { name: 'red-bike.jpg', mimeType: 'image/jpeg', buffer: await bikePhoto() },
      { name: 'bike-service-quote.pdf', mimeType: 'application/pdf', buffer: quotePdf() },
    ]);
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);

    const bob = await suite.signedIn('bob');
    await bob.goto(`/messages/threads/${thread.id}`);
    const last = bob.locator('.m-message').last();
    const photo = last.getByRole('img', { name: 'red-bike.jpg' });
    await photo.waitFor();
    // The thumbnail really loaded (a broken image has no natural width).
    expect(await photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const pdf = last.getByRole('link', { name: 'bike-service-quote.pdf' });
    // The download is named, with its size next to it.
    await expect(last.locator('.m-attachment-file').textContent()).resolves.toMatch(/^bike-service-quote\.pdf \(\d+(\.\d+)? (bytes|KB|kB)\)$/);
    // The photo links to the full image; the PDF downloads.
    const full = await bob.request.get(new URL((await photo.locator('xpath=ancestor::a').getAttribute('href'))!, bob.url()).toString());
    expect(full.headers()['content-type']).toBe('image/jpeg');
    const quote = await bob.request.get(new URL((await pdf.getAttribute('href'))!, bob.url()).toString());
    expect(quote.headers()['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''bike-service-quote\.pdf$/);

    await screenshot(bob, 'thread-attachments.png');
    expect(await axeViolations(bob)).toEqual([]);
  });
});
