import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { killChildApps, startChildApp } from './helpers/child-app.js';
import { type Answer, call, startThread } from './helpers/http-client.js';
import { counterMismatches, reopen } from './helpers/reconcile.js';

/** How long the soak runs; a developer can run a short one with SOAK_SECONDS=10. */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const RATE = 50; // requests per second, fixed (open loop: a slow answer does not slow the sender)
/** The first sixth (at least 1 s) warms up: JIT, the statement caches and the SQLite page cache fill up. */
const WARM_UP_MS = Math.max(1_000, (SECONDS * 1000) / 6);
const SAMPLE_EVERY_MS = Math.max(250, (SECONDS * 1000) / 15);
/**
 * Growth allowed between the first and the last third of the samples (means of each, heap
 * after a full GC and RSS). Generous on purpose: the heap of a healthy run wobbles by a few MB
 * (GC timing, caches filling), and RSS carries malloc's and SQLite's page cache. A leak of
 * what a request holds (its body, a listener, a closure over `req`) grows with every request:
 * in the 60 s run about 1,700 requests lie between the middles of the two thirds, so a leak
 * of ~18 KB per request (a few retained request objects) crosses the bound and fails the test.
 */
const MAX_GROWTH_BYTES = 30 * 1024 * 1024;

afterEach(async () => {
  await killChildApps();
});

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe(`soak: ${RATE} requests/s for ${SECONDS} s against a child app on SQLite`, () => {
  it('answers every request with 2xx and its memory stays flat', async () => {
    const database = createSharedDatabase('sqlite');
    try {
      const app = await startChildApp(database.option, { exposeGc: true });
      const direct = await Promise.all([1, 3, 5, 7].map((u) => startThread(app.base, String(u), [String(u + 1)], `setup ${u}`)));
      const group = await startThread(app.base, '1', ['2', '3', '4', '5', '6', '7', '8'], 'setup group');

      // The mix of a messaging page in use: 40% sends, 20% inbox, 20% thread pages, 10% badge, 10% read marks.
      const request = (i: number): { kind: string; run: () => Promise<Answer> } => {
        const u = (i % 8) + 1;
        const user = String(u);
        const threadId = i % 3 === 0 ? group : direct[Math.floor((u - 1) / 2)]!;
        const at = `${app.base}/api/threads/${threadId}`;
        switch (i % 10) {
          case 0:
          case 1:
          case 2:
          case 3:
            return { kind: 'send', run: () => call(`${at}/messages`, { user, body: { body: `soak ${i}` } }) };
          case 4:
          case 5:
            return { kind: 'inbox', run: () => call(`${app.base}/api/threads?limit=20`, { user }) };
          case 6:
          case 7:
            return { kind: 'thread', run: () => call(`${at}?limit=20`, { user }) };
          case 8:
            return { kind: 'unread', run: () => call(`${app.base}/api/unread`, { user }) };
          default:
            return { kind: 'read', run: () => call(`${at}/read`, { user, body: {} }) };
        }
      };

      const total = Math.round(SECONDS * RATE);
      const started = Date.now();
      const samples: Array<{ at: number; heapUsed: number; rss: number }> = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const m = await call(`${app.origin}/__memory`);
          if (m.status === 200) samples.push({ at: Date.now() - started, heapUsed: m.json.heapUsed, rss: m.json.rss });
          await sleep(SAMPLE_EVERY_MS);
        }
      })();

      const pending: Array<Promise<void>> = [];
      const failures: string[] = [];
      const byKind = new Map<string, number>();
      let ok = 0;
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / RATE;
        if (due > Date.now()) await sleep(due - Date.now());
        const { kind, run } = request(i);
        pending.push(
          run().then((answer) => {
            if (answer.status >= 200 && answer.status < 300) {
              ok++;
              byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
            } else failures.push(`${kind} -> ${answer.status} ${answer.text.slice(0, 200)} ${answer.error ?? ''}`);
          }),
        );
      }
      await Promise.all(pending);
      const elapsed = (Date.now() - started) / 1000;
      sampling = false;
      await sampler;

      expect(failures, app.stderr()).toEqual([]);
      expect(ok).toBe(total);

      const steady = samples.filter((s) => s.at >= WARM_UP_MS);
      expect(steady.length).toBeGreaterThanOrEqual(3);
      const third = Math.max(1, Math.floor(steady.length / 3));
      const first = steady.slice(0, third);
      const last = steady.slice(-third);
      const heapGrowth = mean(last.map((s) => s.heapUsed)) - mean(first.map((s) => s.heapUsed));
      const rssGrowth = mean(last.map((s) => s.rss)) - mean(first.map((s) => s.rss));
      console.log(
        `[soak] ${total} requests in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(1)}/s), all 2xx: ` +
          `${[...byKind.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}\n` +
          `[soak] memory samples (s: heapUsed MB / rss MB): ${samples.map((s) => `${(s.at / 1000).toFixed(0)}: ${mb(s.heapUsed)}/${mb(s.rss)}`).join(', ')}\n` +
          `[soak] growth first→last third after warm-up: heap ${mb(heapGrowth)} MB, rss ${mb(rssGrowth)} MB (bound ${mb(MAX_GROWTH_BYTES)} MB)`,
      );
      expect(heapGrowth).toBeLessThan(MAX_GROWTH_BYTES);
      expect(rssGrowth).toBeLessThan(MAX_GROWTH_BYTES);
      await app.stop();

      // Every acknowledged send is stored, and the counters still match a recount.
      const { db, close } = reopen(database.option);
      try {
        const stored = await db
          .selectFrom('messaging_messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(stored.n)).toBe(5 + (byKind.get('send') ?? 0));
        expect(await counterMismatches(db)).toEqual([]);
      } finally {
        await close();
      }
    } finally {
      await database.cleanup();
    }
  });
});
