import { afterEach, describe, expect, it } from 'vitest';
import { createIdempotencyStore, requestFingerprint } from '../../src/services/conversations/idempotency.js';
import { setUp } from './services-fixture.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * An `Idempotency-Key` is bound to the request it first came with (method, route, thread and
 * body): a retry of that request replays the first answer; the same key on any other request
 * answers 422 `idempotency_key_reused` and stores nothing, instead of replaying an answer that
 * has nothing to do with it and silently dropping the new message.
 */

let t: HttpTestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

async function keysStored(app: HttpTestApp): Promise<number> {
  const row = await app.messaging.database.db
    .selectFrom('messaging_idempotency_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const REUSED = { code: 'idempotency_key_reused', message: 'This Idempotency-Key was already used for a different request.' };

describe(`Idempotency-Key bound to its request on ${TEST_DIALECT}`, () => {
  it('replays a retry of the same request, also with its fields in another order', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const first = await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k-1').send({ body: 'once' });
    expect(first.status).toBe(201);
    const retry = await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k-1').set('Content-Type', 'application/json').send('{ "body" : "once" }');
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);

    const start = { recipientIds: ['3'], subject: 'Plans', body: 'Hello Carol' };
    const started = await t.as('1').post('/api/threads').set('Idempotency-Key', 'k-2').send(start);
    const again = await t.as('1').post('/api/threads').set('Idempotency-Key', 'k-2').send({ body: start.body, subject: start.subject, recipientIds: start.recipientIds });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(started.body);
    expect((await t.counts()).messages).toBe(3);
  });

  it('answers 422 idempotency_key_reused for the same key with another body, and stores nothing', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    expect((await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k').send({ body: 'first' })).status).toBe(201);
    const counts = await t.counts();
    const keys = await keysStored(t);

    const other = await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k').send({ body: 'second, a different message' });
    expect(other.status).toBe(422);
    expect(other.body).toEqual({ error: REUSED });
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.counts()).toEqual(counts);
    expect(await keysStored(t)).toBe(keys);
    // The first request's retry still replays.
    expect((await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k').send({ body: 'first' })).headers['idempotent-replayed']).toBe('true');
  });

  it('answers 422 for the same key on another route or another thread, and stores nothing', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const { threadId: otherThread } = await startThread(t, '1', ['3']);
    expect((await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k').send({ body: 'hello' })).status).toBe(201);
    const counts = await t.counts();

    const elsewhere = await t.as('1').post(`/api/threads/${otherThread}/messages`).set('Idempotency-Key', 'k').send({ body: 'hello' });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe('idempotency_key_reused');
    const newThread = await t
      .as('1')
      .post('/api/threads')
      .set('Idempotency-Key', 'k')
      .send({ recipientIds: ['4'], body: 'hello' });
    expect(newThread.status).toBe(422);
    expect(newThread.body.error.code).toBe('idempotency_key_reused');
    expect(await t.counts()).toEqual(counts);
  });

  it('keeps keys per member: another member may use the same key for anything', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    expect((await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k').send({ body: 'from Alice' })).status).toBe(201);
    const bob = await t.as('2').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k').send({ body: 'from Bob' });
    expect(bob.status).toBe(201);
    expect(bob.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses another request under a key whose first request is still running, without running it', async () => {
    const { ctx } = await setUp();
    const store = createIdempotencyStore(ctx);
    let finish!: () => void;
    const first = store.remember('1', 'k', () => new Promise((resolve) => (finish = () => resolve({ status: 201, body: 'first' }))), requestFingerprint({ body: 'a' }));
    // Until the first request holds the key (its pending row is stored).
    while (!(await ctx.database.db.selectFrom('messaging_idempotency_keys').select('key').where('key', '=', 'k').executeTakeFirst())) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    let ran = false;
    const second = store.remember(
      '1',
      'k',
      async () => {
        ran = true;
        return { status: 201, body: 'second' };
      },
      requestFingerprint({ body: 'b' }),
    );
    await expect(second).rejects.toMatchObject({ code: 'idempotency_key_reused', status: 422 });
    finish();
    expect(await first).toEqual({ status: 201, body: 'first', replayed: false });
    expect(ran).toBe(false);
  });
});
