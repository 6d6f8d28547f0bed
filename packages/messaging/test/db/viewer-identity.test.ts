import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

let apps: HttpTestApp[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(apps.map((t) => t.cleanup()));
  apps = [];
});

/** An app whose `currentUserId` answers whatever the test sets, with a logger that records warnings. */
async function appAnswering(withLogger = true) {
  const state: { answer: unknown } = { answer: null };
  const warn = vi.fn();
  const t = await createHttpTestApp({
    overrides: {
      currentUserId: (req) => (req.get('x-raw') === '1' ? (state.answer as string) : (req.get('x-test-user') ?? null)),
      ...(withLogger ? { logger: { info: () => {}, warn, error: () => {} } } : {}),
    },
  });
  apps.push(t);
  const asAnswer = (answer: unknown) => {
    state.answer = answer;
    return request(t.app).get('/messages/api/threads').set('x-raw', '1');
  };
  return { t, warn, asAnswer };
}

const NOT_IDS: Array<[string, unknown]> = [
  ['an object (req.user instead of req.user.id)', { id: 1, name: 'Alice' }],
  ['another object', { id: 2, name: 'Bob' }],
  ['false', false],
  ['true', true],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['1.5', 1.5],
  ['an unsafe integer', 2 ** 53],
  ['an empty string', ''],
  ['spaces', '   '],
  ['a NUL', 'a\u0000b'],
  ['a symbol', Symbol('me')],
  ['an array', ['1']],
  ['a function', () => '1'],
];

describe(`what currentUserId returns, on ${TEST_DIALECT}`, () => {
  it('takes anything but a non-empty string or a safe integer as a visitor, and warns once naming the fix', async () => {
    const { t, warn, asAnswer } = await appAnswering();
    // Alice has a thread: a value that merged members into one identity would see it.
    await startThread(t, '1', ['2'], 'private to Alice and Bob');
    for (const [what, value] of NOT_IDS) {
      const res = await asAnswer(value);
      expect(res.status, what).toBe(401);
      expect(res.body.error.code, what).toBe('unauthenticated');
    }
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields, message] = warn.mock.calls[0]!;
    expect(message).toContain('currentUserId');
    expect(message).toContain('req.user?.id');
    // The host's user object is never written to the log.
    expect(JSON.stringify(fields) + message).not.toContain('Alice');
    expect(await t.counts()).toMatchObject({ threads: 1 });
  });

  it('accepts a string id and a safe integer id (numbers become strings)', async () => {
    const { t, warn, asAnswer } = await appAnswering();
    await startThread(t, '1', ['2'], 'hello');
    const byString = await asAnswer('2');
    expect(byString.status).toBe(200);
    expect(byString.body.threads).toHaveLength(1);
    const byNumber = await asAnswer(1);
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.threads).toHaveLength(1);
    expect((await asAnswer(3)).body.threads).toHaveLength(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns on the console once when the host gave no logger', async () => {
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { asAnswer } = await appAnswering(false);
    expect((await asAnswer({ id: 1 })).status).toBe(401);
    expect((await asAnswer(false)).status).toBe(401);
    expect(consoleWarn).toHaveBeenCalledTimes(1);
    expect(String(consoleWarn.mock.calls[0]![0])).toContain('req.user?.id');
  });

  it('gives the host pages no nav link or Message button for an object viewer', async () => {
    const { t, asAnswer } = await appAnswering();
    const host = express();
    host.use(t.messaging.locals());
    host.get('/page', (_req, res) => res.json({ navLink: res.locals.messaging.navLink, button: res.locals.messaging.messageButton('2') }));
    await asAnswer({ id: 1 });
    const res = await request(host).get('/page').set('x-raw', '1');
    expect(res.body).toEqual({ navLink: '', button: '' });
  });
});
