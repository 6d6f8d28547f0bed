import { fileURLToPath } from 'node:url';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { compileBrowserScript } from '../../scripts/browser-script.js';
import { ENGLISH_STRINGS } from '../../src/browser/live-words.js';
import { type AssetSet, addAssetRoutes } from '../../src/http/responses/assets.js';
import { LIVE_WORDS_KEY } from '../../src/views/partials/live-strings.js';

const entry = (name: string) => fileURLToPath(new URL(`../../src/browser/${name}`, import.meta.url));

async function served(set: AssetSet): Promise<string> {
  const router = express.Router();
  addAssetRoutes(router, set);
  const res = await request(express().use('/somewhere/messages', router)).get('/somewhere/messages/assets/messaging.js');
  expect(res.status).toBe(200);
  return res.text;
}

describe('the served script is built from the TypeScript in src/browser', () => {
  it('the main router serves src/browser/pages.ts (auto-scroll, then live updates) compiled to one classic script', async () => {
    const script = await served('pages');
    expect(script).toBe(await compileBrowserScript(entry('pages.ts')));
    // A classic script (served with <script src defer>): no import or export in it.
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain('/api/events');
  });

  it('the admin router serves src/browser/admin.ts (auto-scroll only) compiled to one classic script', async () => {
    const script = await served('admin');
    expect(script).toBe(await compileBrowserScript(entry('admin.ts')));
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toContain('EventSource');
  });

  it("the script's words come from one table (English built in, the member's from the page): none is written elsewhere in it", async () => {
    const script = await served('pages');
    for (const [key, message] of Object.entries(ENGLISH_STRINGS)) {
      for (const text of typeof message === 'string' ? [message] : Object.values(message)) {
        // As esbuild prints a string: double quotes, non-ASCII as \uXXXX.
        const printed = JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
        expect(script.split(printed).length - 1, key).toBe(1);
      }
    }
    // The sentences once pieced together in English.
    for (const leftover of ['unread ${', '" added "', '"With "', '" and "']) expect(script).not.toContain(leftover);
    // It reads the member's words where the words script leaves them (and, for an old tag, on its tag).
    expect(script).toContain(`Symbol.for(${JSON.stringify(LIVE_WORDS_KEY)})`);
    expect(script).toContain('data-messaging-strings');
  });
});
