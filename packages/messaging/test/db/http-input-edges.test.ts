import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * Ids past what the database holds (Postgres bigint ends at 9223372036854775807) and NUL
 * bytes (Postgres text cannot hold one) are refused at the edge with the contract's 400 or
 * 404, never a 500, and store nothing.
 */

const OVER_INT64 = '9223372036854775808';
const NINETEEN_NINES = '9999999999999999999';
const NUL_ID = '2\u0000';
const cursorOf = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

let t: HttpTestApp;
let admin: express.Express;
let threadId: string;
let messageId: string;
const errors: unknown[] = [];

beforeAll(async () => {
  t = await createHttpTestApp({
    overrides: {
      isAdmin: (req: any) => req.headers['x-test-user'] === '5',
      logger: { info() {}, warn() {}, error: (obj: unknown) => void errors.push(obj) },
    },
  });
  ({ threadId, messageId } = await startThread(t, '1', ['2'], 'hello'));
  admin = express();
  admin.use('/admin/messaging', t.messaging.adminRouter);
});
afterAll(async () => {
  await t?.cleanup();
});

const tableCounts = async () => {
  const db = t.messaging.database.db;
  const n = async (table: 'messaging_blocks' | 'messaging_reports') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { ...(await t.counts()), blocks: await n('messaging_blocks'), reports: await n('messaging_reports') };
};

/** Each case: a request and the status it must get (400 `invalid_request` for query/body, 404 for a path id). */
const cases: Array<[string, () => request.Test, number]> = [
  ['a thread page cursor over int64 (API)', () => t.as('1').get(`/api/threads/${threadId}?before=${NINETEEN_NINES}`), 400],
  ['a thread page cursor of int64 + 1 (API)', () => t.as('1').get(`/api/threads/${threadId}?before=${OVER_INT64}`), 400],
  ['a thread page cursor over int64 (page)', () => t.as('1').get(`/threads/${threadId}?before=${NINETEEN_NINES}`), 400],
  ['lastReadMessageId over int64', () => t.as('1').post(`/api/threads/${threadId}/read`).send({ lastReadMessageId: NINETEEN_NINES }), 400],
  ['an inbox cursor with NUL in its parts', () => t.as('1').get(`/api/threads?cursor=${cursorOf(['2026-01-01T00:00:00.000Z', 'a\u0000b'])}`), 400],
  ['an inbox cursor with NUL in its time', () => t.as('1').get(`/api/threads?cursor=${cursorOf(['2026\u0000', 'abc'])}`), 400],
  ['an archived cursor with NUL', () => t.as('1').get(`/api/threads?archived=true&cursor=${cursorOf(['2026\u0000', 'abc'])}`), 400],
  ['an inbox page cursor with NUL', () => t.as('1').get(`/?cursor=${cursorOf(['2026\u0000', 'abc'])}`), 400],
  ['a NUL in a query cursor itself', () => t.as('1').get(`/api/threads?cursor=a%00b`), 400],
  [
    'a recipient id with NUL',
    () =>
      t
        .as('1')
        .post('/api/threads')
        .send({ recipientIds: [NUL_ID], body: 'hi' }),
    400,
  ],
  [
    'a recipient id with a control character',
    () =>
      t
        .as('1')
        .post('/api/threads')
        .send({ recipientIds: ['2\u001b'], body: 'hi' }),
    400,
  ],
  ['a compose page for an id with NUL', () => t.as('1').get('/new?to=2%00'), 400],
  ['a block of an id with NUL (API)', () => t.as('1').post('/api/blocks').send({ userId: NUL_ID }), 400],
  ['an unblock of an id with NUL (API)', () => request(t.app).delete('/messages/api/blocks/2%00').set('x-test-user', '1').set('Sec-Fetch-Site', 'same-origin'), 404],
  ['a block of an id with NUL (form)', () => t.as('1').post('/blocks').type('form').send('userId=2%00'), 400],
  ['an unblock of an id with NUL (form)', () => t.as('1').post('/blocks/2%00/delete').type('form').send(''), 404],
  ['a new thread to an id with NUL (form)', () => t.as('1').post('/').type('form').send('to=2%00&body=hi'), 400],
  ['the block page of an id with NUL', () => t.as('1').get('/blocks/new?userId=2%00'), 404],
  ['a report of a message id over int64 (API)', () => t.as('1').post(`/api/messages/${NINETEEN_NINES}/report`).send({ reason: 'spam' }), 404],
  ['the report page of a message id over int64', () => t.as('1').get(`/messages/${NINETEEN_NINES}/report`), 404],
  ['a report note with NUL', () => t.as('2').post(`/api/messages/${messageId}/report`).send({ reason: 'spam', note: 'a\u0000b' }), 400],
  [
    'the moderation cursor over int64',
    () => request(admin).get(`/admin/messaging/reports?cursor=${NINETEEN_NINES}`).set('x-test-user', '5').set('accept', 'application/json'),
    400,
  ],
  [
    'a decision on a report id over int64',
    () => request(admin).post(`/admin/messaging/reports/${NINETEEN_NINES}`).set('x-test-user', '5').set('Sec-Fetch-Site', 'same-origin').send({ action: 'dismiss' }),
    404,
  ],
  [
    'lifting the suspension of an id with NUL',
    () => request(admin).post('/admin/messaging/suspensions/2%00/delete').set('x-test-user', '5').set('Sec-Fetch-Site', 'same-origin').send({}),
    404,
  ],
];

describe(`ids past int64 and NUL bytes on ${TEST_DIALECT}`, () => {
  it.each(cases)('%s: answers %s, logs no error, stores nothing', async (_name, send, status) => {
    errors.length = 0;
    const before = await tableCounts();
    const res = await send();
    expect(errors).toEqual([]);
    expect(res.status).toBe(status);
    if (res.type === 'application/json') expect(res.body.error.code).toBe(status === 400 ? 'invalid_request' : 'not_found');
    expect(await tableCounts()).toEqual(before);
  });

  it('names the bad field in the details of a 400', async () => {
    const res = await t.as('1').get(`/api/threads/${threadId}?before=${NINETEEN_NINES}`);
    expect(res.body.error.details).toEqual([{ in: 'query', field: 'before', message: expect.stringContaining('message id') }]);
    const read = await t.as('1').post(`/api/threads/${threadId}/read`).send({ lastReadMessageId: NINETEEN_NINES });
    expect(read.body.error.details).toEqual([{ in: 'body', field: 'lastReadMessageId', message: expect.stringContaining('message id') }]);
    const start = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['1', NUL_ID], body: 'hi' });
    expect(start.body.error.details).toEqual([{ in: 'body', field: 'recipientIds.1', message: expect.stringContaining('control') }]);
  });

  it('still takes the largest id the database holds, and pages as before', async () => {
    const res = await t.as('1').get(`/api/threads/${threadId}?before=9223372036854775807`);
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: { id: string }) => m.id)).toEqual([messageId]);
    expect((await t.as('1').post(`/api/threads/${threadId}/read`).send({ lastReadMessageId: messageId })).status).toBe(200);
  });
});
