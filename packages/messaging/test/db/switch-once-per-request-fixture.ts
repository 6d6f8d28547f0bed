import type request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * A host's own switch (`toggle.isEnabled`) may be a call to its flag service: the router asks
 * it once per request, also on the paths that the member-safety routes and the main routes
 * share (`/api/threads`, `/api/threads/:threadId/...`), and every answer still carries the
 * router's headers.
 */

let open: HttpTestApp[] = [];

async function app() {
  const host = { on: true, asks: 0 };
  const t = await createHttpTestApp({
    overrides: {
      toggle: {
        isEnabled: () => {
          host.asks++;
          return host.on;
        },
        setEnabled: (on) => {
          host.on = on;
        },
      },
    },
  });
  open.push(t);
  return { t, host };
}

/** The cases, run by the Express 5 file and by the Express 4 one (which mocks `express`). */
export function describeSwitchOncePerRequest(expressName: string): void {
  describe(`the host's switch on ${TEST_DIALECT}, ${expressName}`, () => {
    afterEach(async () => {
      await Promise.all(open.map((t) => t.cleanup()));
      open = [];
    });

    it('is asked once per request, and each answer carries nosniff and no-store', async () => {
      const { t, host } = await app();
      const { threadId } = await startThread(t, '1', ['2']);
      const cases: Array<[string, () => request.Test, number]> = [
        ['inbox', () => t.as('2').get('/api/threads'), 200],
        ['inbox, archived=false', () => t.as('2').get('/api/threads?archived=false'), 200],
        ['archived view', () => t.as('2').get('/api/threads?archived=true'), 200],
        ['thread page', () => t.as('2').get(`/api/threads/${threadId}`), 200],
        ['send', () => t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'Hi' }), 201],
        ['read mark', () => t.as('2').post(`/api/threads/${threadId}/read`).send({}), 200],
        ['mute', () => t.as('2').post(`/api/threads/${threadId}/mute`).send({}), 200],
        ['blocks', () => t.as('2').get('/api/blocks'), 200],
        ['Archived page', () => t.as('2').get('/archived'), 200],
        ['unknown thread action', () => t.as('2').post(`/api/threads/${threadId}/nothing`).send({}), 404],
      ];
      for (const [name, call, status] of cases) {
        host.asks = 0;
        const res = await call();
        expect(res.status, `${name}: ${res.text}`).toBe(status);
        expect(res.headers['x-content-type-options'], name).toBe('nosniff');
        expect(res.headers['cache-control'], name).toBe('no-store');
        expect(host.asks, name).toBe(1);
      }
      expect((await t.as('2').get('/api/threads')).body.threads.map((x: { id: string; muted: boolean }) => [x.id, x.muted])).toEqual([[threadId, true]]);
      expect((await t.as('2').post(`/api/threads/${threadId}/nothing`).send({})).body.error.code).toBe('not_found');
    });

    it('switched off, the shared paths answer 404 messaging_disabled and change nothing', async () => {
      const { t, host } = await app();
      const { threadId } = await startThread(t, '1', ['2']);
      host.on = false;
      const before = await t.counts();
      for (const call of [
        () => t.as('2').get('/api/threads'),
        () => t.as('2').get('/api/threads?archived=true'),
        () => t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'Hi' }),
        () => t.as('2').post(`/api/threads/${threadId}/archive`).send({}),
        () => t.as('2').post(`/api/threads/${threadId}/nothing`).send({}),
      ]) {
        const res = await call();
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('messaging_disabled');
        expect(res.headers['cache-control']).toBe('no-store');
      }
      expect(await t.counts()).toEqual(before);
    });
  });
}
