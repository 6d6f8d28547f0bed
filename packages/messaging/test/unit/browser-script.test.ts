import { fileURLToPath } from 'node:url';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { compileBrowserScript } from '../../scripts/browser-script.js';
import { type AssetSet, addAssetRoutes } from '../../src/http/responses/assets.js';

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
});
