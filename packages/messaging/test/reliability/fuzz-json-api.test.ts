import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Messaging } from '../../src/create-messaging.js';
import { ERROR_CODES } from '../../src/errors.js';
import { startServer } from '../helpers/sse-client.js';
import { createTestMessaging } from '../helpers/test-messaging.js';
import { type Answer, call, startThread } from './helpers/http-client.js';
import { sql } from 'kysely';
import {
  blockShape,
  bodyFor,
  type FuzzRequest,
  headers,
  membersShape,
  messageIdSegment,
  preferencesShape,
  query,
  readShape,
  renameShape,
  reportShape,
  searchQuery,
  segment,
  sendShape,
  startShape,
  userIdSegment,
  viewer,
} from './helpers/fuzz-inputs.js';
import { fingerprint } from './helpers/reconcile.js';

/**
 * Runs per route and database. 20 routes × 2 databases × FUZZ_RUNS requests (plus shrinking on
 * a failure); 150 keeps the whole file near 20 s. Raise it for a longer hunt: FUZZ_RUNS=2000.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/**
 * Every error code the package answers with and its status: the one map in src/errors.ts, which
 * docs/http.md lists (the contract's codes plus the ones later features added, such as
 * `recipient_unavailable` and `suspended`). Codes answered with a 5xx are left out: the property
 * below refuses every 5xx anyway.
 */
const CONTRACT_ERRORS: Record<string, number> = Object.fromEntries(
  Object.entries(ERROR_CODES)
    .filter(([, { status }]) => status < 500)
    .map(([code, { status }]) => [code, status]),
);

// ---- the app under test --------------------------------------------------------------------

interface Fixture {
  messaging: Messaging;
  base: string;
  /** Real thread ids (a direct 1–2 thread, a 1–2–3 group) and one id that names no thread. */
  threadIds: string[];
  /** The first message of each real thread. */
  messageIds: string[];
  close(): Promise<void>;
}

async function createFixture(dialect: 'sqlite' | 'postgres'): Promise<Fixture> {
  const { messaging, cleanup } = await createTestMessaging({ rateLimits: false }, dialect);
  await messaging.toggle.setEnabled(true, 'test');
  const app = express();
  app.use('/messages', messaging.router);
  const server = await startServer(app);
  const base = `${server.url}/messages`;
  const direct = await startThread(base, '1', ['2'], 'hello');
  const group = await startThread(base, '1', ['2', '3'], 'hello all');
  const firstIds = await messaging.database.db.selectFrom('messaging_messages').select('id').orderBy('id').execute();
  await messaging.blocks.block('4', '1');
  await call(`${base}/api/csrf`, { user: '1' }); // the CSRF secret exists before the first fingerprint
  return {
    messaging,
    base,
    threadIds: [direct, group, 'AAAAAAAAAAAAAAAAAAAAAA'],
    messageIds: firstIds.map((r) => String(r.id)),
    close: async () => {
      await server.close();
      await cleanup();
    },
  };
}

function send(f: Fixture, r: FuzzRequest): Promise<Answer> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  const headers = Object.fromEntries(Object.entries(r.headers).filter((e): e is [string, string] => e[1] !== null));
  const search = qs.size > 0 ? `?${qs}` : '';
  return call(`${f.base}${r.path}${search}`, { method: r.method, user: r.user, headers, ...(r.body === undefined ? {} : { body: r.body }) });
}

/** Row counts of the member-safety tables and the participants' flags: what the safety routes write. */
async function safetyFingerprint(f: Fixture): Promise<Record<string, number>> {
  const result = await sql<Record<string, string | number>>`
    select
      (select count(*) from messaging_blocks) as blocks,
      (select count(*) from messaging_reports) as reports,
      (select count(*) from messaging_member_preferences) as preferences,
      (select count(*) from messaging_participants where archived_at is not null) as archived,
      (select count(*) from messaging_participants where muted_at is not null) as muted,
      (select count(*) from messaging_participants where left_at is not null) as left_threads,
      (select count(*) from messaging_thread_events) as thread_events,
      (select count(*) from messaging_messages where edited_at is not null) as edited,
      (select count(*) from messaging_messages where deleted_at is not null) as deleted,
      (select count(*) from messaging_threads where subject is not null) as named_threads`.execute(f.messaging.database.db);
  return Object.fromEntries(Object.entries(result.rows[0]!).map(([k, v]) => [k, Number(v)]));
}
const everything = async (f: Fixture) => ({ ...(await fingerprint(f.messaging.database.db)), ...(await safetyFingerprint(f)) });

/**
 * The property every answer keeps: never a 5xx (nor a dropped connection); every error is the
 * contract's `{ error: { code, message, details? } }` with a contract code and its status; and
 * a refused request leaves every row count, unread counter and read mark as it was.
 */
async function checkRequest(f: Fixture, r: FuzzRequest, tally: Map<string, number>): Promise<void> {
  const before = await everything(f);
  const answer = await send(f, r);
  const outcome = answer.status < 400 ? String(answer.status) : `${answer.status} ${answer.json?.error?.code}`;
  tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  const what = `${r.method} ${r.path} -> ${answer.status} ${answer.text.slice(0, 300)} ${answer.error ?? ''}`;
  expect(answer.status, what).toBeGreaterThanOrEqual(200);
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.headers['x-content-type-options'], what).toBe('nosniff');
  if (answer.status < 400) return;
  expect(Object.keys(answer.json ?? {}), what).toEqual(['error']);
  const { code, message, ...rest } = answer.json.error;
  expect(CONTRACT_ERRORS[code], what).toBe(answer.status);
  expect(typeof message === 'string' && message.length > 0, what).toBe(true);
  expect(
    Object.keys(rest).filter((k) => k !== 'details'),
    what,
  ).toEqual([]);
  expect(await everything(f), `a refused request wrote: ${what}`).toEqual(before);
}

// ---- the routes ----------------------------------------------------------------------------

function routes(f: () => Fixture): Record<string, fc.Arbitrary<FuzzRequest>> {
  const threadId = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 2 }).map((i) => f().threadIds[i]!) },
    { weight: 1, arbitrary: fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('..', '%2e%2e', 'a'.repeat(101))) },
  );
  /** One route: its method, path and query or body, with any headers and viewer. */
  const route = (
    method: fc.Arbitrary<FuzzRequest['method']>,
    path: fc.Arbitrary<string>,
    part: { query: fc.Arbitrary<Record<string, string | string[]>> } | { body: fc.Arbitrary<string | undefined> },
    user: fc.Arbitrary<string | null> = viewer,
  ): fc.Arbitrary<FuzzRequest> => fc.record({ headers, user, method, path, query: fc.constant({}), body: fc.constant(undefined), ...part });
  const get = fc.constant('GET' as const);
  const post = fc.constant('POST' as const);
  const put = fc.constant('PUT' as const);
  const del = fc.constant('DELETE' as const);
  const patch = fc.constant('PATCH' as const);
  const inThread = (suffix: string) => threadId.map((id) => `/api/threads/${segment(id)}${suffix}`);
  // Mostly member 2, who may report member 1's first messages: so that some reports are taken.
  const reporter = fc.oneof({ weight: 3, arbitrary: fc.constant('2') }, { weight: 2, arbitrary: viewer });
  const messageId = messageIdSegment(fc.integer({ min: 0, max: 1 }).map((i) => f().messageIds[i]!));
  return {
    'GET /api/threads': route(get, fc.constant('/api/threads'), { query: query(['cursor', 'limit']) }),
    'POST /api/threads': route(post, fc.constant('/api/threads'), { body: bodyFor(startShape) }),
    'GET /api/threads/:threadId': route(get, inThread(''), { query: query(['before', 'limit']) }),
    'POST /api/threads/:threadId/messages': route(post, inThread('/messages'), { body: bodyFor(sendShape) }),
    'POST /api/threads/:threadId/read': route(post, inThread('/read'), { body: bodyFor(readShape) }),
    'GET /api/unread': route(get, fc.constant('/api/unread'), { query: query([]) }),
    'GET /api/csrf': route(get, fc.constant('/api/csrf'), { query: query([]) }),
    'anything else under /api': route(
      fc.constantFrom('GET', 'POST'),
      fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 4 }).map((parts) => `/api/${parts.map(segment).join('/')}`),
      { body: bodyFor(sendShape) },
    ),
    // The member-safety API (safety-api-routes.ts); the ones that change who may write come last.
    'GET /api/threads?archived=true': route(get, fc.constant('/api/threads'), { query: query(['cursor', 'limit']).map((q) => ({ ...q, archived: 'true' })) }),
    'POST /api/threads/:threadId/:action': route(
      post,
      fc.tuple(threadId, fc.constantFrom('archive', 'unarchive', 'mute', 'unmute')).map(([id, action]) => `/api/threads/${segment(id)}/${action}`),
      { body: bodyFor(fc.constant({})) },
    ),
    'POST /api/messages/:messageId/report': route(
      post,
      messageId.map((id) => `/api/messages/${segment(id)}/report`),
      { body: bodyFor(reportShape) },
      reporter,
    ),
    'POST /api/blocks': route(post, fc.constant('/api/blocks'), { body: bodyFor(blockShape) }),
    'DELETE /api/blocks/:userId': route(
      del,
      userIdSegment.map((id) => `/api/blocks/${segment(id)}`),
      { body: fc.constant(undefined) },
    ),
    'PUT /api/preferences': route(put, fc.constant('/api/preferences'), { body: bodyFor(preferencesShape) }),
    // Issue 16: search, edit and delete your own messages, group members and names.
    'GET /api/search': route(get, fc.constant('/api/search'), { query: searchQuery }),
    'PATCH /api/messages/:messageId': route(
      patch,
      messageId.map((id) => `/api/messages/${segment(id)}`),
      { body: bodyFor(sendShape) },
    ),
    'POST /api/threads/:threadId/members': route(post, inThread('/members'), { body: bodyFor(membersShape) }),
    'PATCH /api/threads/:threadId': route(patch, inThread(''), { body: bodyFor(renameShape) }),
    'POST /api/threads/:threadId/leave': route(post, inThread('/leave'), { body: bodyFor(fc.constant({})) }),
    'DELETE /api/messages/:messageId': route(
      del,
      messageId.map((id) => `/api/messages/${segment(id)}`),
      { body: fc.constant(undefined) },
    ),
  };
}

describe.each(['sqlite', 'postgres'] as const)('fuzz over every JSON route (%s)', (dialect) => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await createFixture(dialect);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  const arbitraries = routes(() => fixture);
  /**
   * Requests that succeed, tried first where random ones rarely do: the fixture has one member
   * (5) who can join the group, once, and one group to rename; so that the run reaches the 2xx side.
   */
  const succeeding = (route: string): FuzzRequest[] => {
    const json = { 'content-type': 'application/json', 'idempotency-key': null, 'sec-fetch-site': 'same-origin', origin: null, 'x-csrf-token': null };
    const group = `/api/threads/${segment(fixture.threadIds[1]!)}`;
    if (route === 'POST /api/threads/:threadId/members') return [{ headers: json, user: '1', method: 'POST', path: `${group}/members`, query: {}, body: '{"userIds":["5"]}' }];
    if (route === 'PATCH /api/threads/:threadId') return [{ headers: json, user: '2', method: 'PATCH', path: group, query: {}, body: '{"subject":"Renamed"}' }];
    return [];
  };
  it.each(Object.keys(arbitraries))('%s: never a 500, errors in the contract shape, a refusal writes nothing', async (route) => {
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(arbitraries[route]!, (r) => checkRequest(fixture, r, tally)),
      { numRuns: RUNS, examples: succeeding(route).map((r) => [r] as [FuzzRequest]) },
    );
    // The run reached both sides: answers that passed every check and refusals.
    const outcomes = [...tally.keys()];
    if (route !== 'anything else under /api')
      expect(
        outcomes.some((o) => o.startsWith('2')),
        outcomes.join(),
      ).toBe(true);
    expect(
      outcomes.some((o) => o.startsWith('4')),
      outcomes.join(),
    ).toBe(true);
    console.log(
      `[${dialect}] ${route}: ${[...tally.entries()]
        .sort()
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')}`,
    );
  });
});
