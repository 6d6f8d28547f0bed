import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp, type AppOptions, type ExampleApp } from '../src/app.js';

/** A DATA_DIR of its own for one test, removed afterwards. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'example-basic-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startApp(dataDir: string, extra: Partial<AppOptions> = {}): Promise<ExampleApp> {
  return createApp({
    dataDir,
    sessionSecret: 'test-secret',
    rateLimits: false,
    logger: { info() {}, warn() {}, error: (o, m) => (process.env.EXAMPLE_TEST_DEBUG ? console.error(m, o) : undefined) },
    ...extra,
  });
}

/** The `_csrf` value of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1]!;
}

/** An agent (cookie jar) signed in as `username`. */
export async function signIn(example: ExampleApp, username: string): Promise<TestAgent> {
  const agent = request.agent(example.app);
  const form = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ username, password: 'password', _csrf: csrfOf(form.text) })
    .expect(303);
  return agent;
}

/** Switches messaging on or off as the admin would, through the settings page. */
export async function switchMessaging(example: ExampleApp, enabled: boolean): Promise<void> {
  const admin = await signIn(example, 'admin');
  const page = await admin.get('/admin/settings').expect(200);
  await admin
    .post('/admin/settings/messaging')
    .type('form')
    .send({ enabled: enabled ? 'on' : 'off', _csrf: csrfOf(page.text) })
    .expect(303);
}

/**
 * Registers a new app on a new DATA_DIR before each test of the file, closed after it.
 * Read `current.example` inside a test.
 */
export function freshAppPerTest(): { example: ExampleApp; idOf(username: string): number } {
  let removeDir = () => {};
  const current = {
    example: undefined as unknown as ExampleApp,
    idOf: (username: string) => (current.example.db.prepare('select id from users where username = ?').get(username) as { id: number }).id,
  };
  beforeEach(async () => {
    const data = tempDataDir();
    removeDir = data.remove;
    current.example = await startApp(data.dir);
  });
  afterEach(async () => {
    await current.example.close();
    removeDir();
  });
  return current;
}
