import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/** One set of input limits: the JSON API refuses with the services' rule and words, whatever the size. */

let open: HttpTestApp[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
});

describe(`input limits on ${TEST_DIALECT}`, () => {
  it('refuses a long report note with the one limit (1,000 characters), named in details, and stores nothing', async () => {
    const t = await createHttpTestApp();
    open.push(t);
    const { messageId } = await startThread(t, '3', ['1'], 'Hello');
    const before = await t.counts();
    for (const length of [1001, 10_001]) {
      const res = await t
        .as('1')
        .post(`/api/messages/${messageId}/report`)
        .send({ reason: 'other', note: 'x'.repeat(length) });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ in: 'body', field: 'note', message: 'must be at most 1000 characters' }]);
    }
    expect(await t.counts()).toEqual(before);
    // 1,000 characters, each two UTF-16 units, fit: the limit counts characters as people do.
    expect(
      (
        await t
          .as('1')
          .post(`/api/messages/${messageId}/report`)
          .send({ reason: 'other', note: '😀'.repeat(1000) })
      ).status,
    ).toBe(201);
  });
});
