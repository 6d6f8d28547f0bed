import { createHmac } from 'node:crypto';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { constants, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type ExampleApp } from '../../examples/basic/src/app.js';
import { listen } from './bench-server.js';
import { type GroupTiming, type LoadOptions, type LoadResult, load } from './load.js';
import { log, median, medianOfRoundRatios } from './support.js';

export interface BadgeFigures {
  /** Requests per second of the profile page with `locals()` / the same page with the line removed. */
  badge_page_ratio: number;
  /** The same with 20,000 members signed in, each page for the next of them in turn. */
  badge_many_viewers_ratio: number;
  runs: Record<string, LoadResult>;
  /** How "without" was made, for the results file. */
  method: string;
}

/** Members who view the page in turn for badge_many_viewers_ratio (more than the old cache's 10,000). */
export const MANY_VIEWERS = 20_000;

const silent = { info() {}, warn() {}, error() {} };
const cookieOf = (res: Response) => /sid=[^;]+/.exec(res.headers.getSetCookie().join(';'))?.[0];

/** Signs in through the example's own form and returns the session cookie. */
async function signIn(url: string, username: string): Promise<string> {
  const form = await fetch(`${url}/login`);
  const formCookie = cookieOf(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!formCookie || !token) throw new Error('the example app sign-in form has no session cookie or _csrf field');
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
    body: new URLSearchParams({ username, password: 'password', _csrf: token, next: '/' }),
  });
  const cookie = cookieOf(res);
  if (res.status !== 303 || !cookie) throw new Error(`signing in as ${username} answered ${res.status}`);
  return cookie;
}

/**
 * Signs in `count` members (ids 3, 4, …; ids 3 to 10,002 are alice's correspondents in the
 * datasets) by writing their users and sessions straight into the example's app.db, as
 * 20,000 sign-ins through the form would, and returns each one's session cookie, signed as
 * express-session signs it.
 */
function manyViewerCookies(example: ExampleApp, secret: string, count: number): Array<Record<string, string>> {
  const addUser = example.db.prepare("insert or ignore into users (id, username, display_name, password_hash, role) values (?, ?, ?, 'x', 'member')");
  const addSession = example.db.prepare('insert or replace into sessions (sid, data, expires_at) values (?, ?, ?)');
  const expires = Date.now() + 86_400_000;
  const cookies: Array<Record<string, string>> = [];
  example.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = 3 + i;
      const sid = `bench-viewer-${id}`;
      addUser.run(id, `viewer${id}`, `Viewer ${id}`);
      addSession.run(
        sid,
        JSON.stringify({ cookie: { originalMaxAge: 86_400_000, expires: new Date(expires).toISOString(), httpOnly: true, path: '/', sameSite: 'lax' }, userId: id }),
        expires,
      );
      const signature = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
      cookies.push({ cookie: `sid=${encodeURIComponent(`s:${sid}.${signature}`)}` });
    }
  })();
  return cookies;
}

/**
 * The example app's profile page (helmet, session store, CSRF, layout and all), with
 * `messaging.locals()` giving the nav badge and the Message button, against the same app
 * built without that line (`createApp({ locals: false })`, a second instance on the same
 * data). Two figures: signed in as "alice", the member with the most threads
 * (badge_page_ratio), and signed in as each of MANY_VIEWERS members in turn
 * (badge_many_viewers_ratio: more viewers than the badge cache held before it was an LRU of
 * 50,000, so every page then read the database). Every member's badge is filled once
 * first: the figure is the steady state of a site with that many active members.
 * Messages: a copy of the SQLite dataset, or a Postgres schema (`search_path` in the URL).
 */
export async function measureBadgePage(messages: { sqliteFile: string } | { postgresUrl: string }, timing: GroupTiming, label: string): Promise<BadgeFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'messaging-bench-'));
  if ('sqliteFile' in messages) copyFileSync(messages.sqliteFile, join(dataDir, 'messages.db'), constants.COPYFILE_FICLONE);
  const secret = 'bench';
  const options = {
    dataDir,
    sessionSecret: secret,
    rateLimits: false,
    logger: silent,
    // The host's templates compiled once, as in production: compiling them on every page
    // (the example's development default) made the page slower and locals() a smaller part of it.
    cacheTemplates: true,
    ...('postgresUrl' in messages ? { messagingDatabaseUrl: messages.postgresUrl } : {}),
  };
  const example = await createApp(options);
  const bare = await createApp({ ...options, locals: false });
  const withLocals = await listen(example.app);
  const withoutLocals = await listen(bare.app);
  const runs: Record<string, LoadResult> = {};
  try {
    await example.messaging.toggle.setEnabled(true, null);
    const alice = { cookie: await signIn(withLocals.url, 'alice') };
    const viewers = manyViewerCookies(example, secret, MANY_VIEWERS);
    const sides = { with: `${withLocals.url}/users/bob`, without: `${withoutLocals.url}/users/bob` } as const;
    for (const [side, url] of Object.entries(sides)) {
      const check = await (await fetch(url, { headers: viewers[0]! })).text();
      if (check.includes('data-messaging-badge') !== (side === 'with'))
        throw new Error(`${label} badge page: the badge is ${side === 'with' ? 'missing' : 'shown without locals()'}`);
    }
    const measure = async (name: string, request: Pick<LoadOptions, 'url' | 'headers' | 'rotateHeaders'>, durationS: number) => {
      const result = await load({ ...request, connections: timing.connections, durationS, warmupS: 0 });
      if (result.failures > 0) throw new Error(`${label} badge page ${name}: ${result.failures} requests failed`);
      runs[name] = result;
      return result.rps;
    };
    // Without, with, with, without, …: the two sides in adjacent parts, twice as many parts as
    // the other load figures (the difference measured here is a few percent, and this machine's
    // rate drifts by more than that within a minute). The figure is the median of each
    // round's ratio (with / without, parts next to each other in time), so a drift weighs on
    // both parts of a ratio alike.
    const part = Math.max(1, Math.round(timing.durationS / timing.rounds));
    const rounds = timing.rounds * 2;
    const compare = async (figure: string, request: (side: keyof typeof sides) => Pick<LoadOptions, 'url' | 'headers' | 'rotateHeaders'>) => {
      const rps: Record<keyof typeof sides, number[]> = { with: [], without: [] };
      for (let round = 0; round < rounds; round++) {
        for (const side of round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
          rps[side].push(await measure(`${figure}_${side}_${round}`, request(side), part));
        }
      }
      const ratios = rps.with.map((value, round) => value / (rps.without[round] ?? Number.NaN));
      log(
        `${label} profile page (${figure}): ${median(rps.without).toFixed(0)} req/s without locals(), ${median(rps.with).toFixed(0)} with; ratios by round ${ratios.map((r) => r.toFixed(3)).join(' ')}`,
      );
      return medianOfRoundRatios(rps.with, rps.without);
    };

    for (const side of ['without', 'with'] as const) await measure(`warmup_${side}`, { url: sides[side], headers: alice }, timing.warmupS);
    const badge_page_ratio = await compare('page', (side) => ({ url: sides[side], headers: alice }));

    // Every member's badge filled once, as one whole rotation of pages would (through the
    // instance's own locals(), in this process: 20,000 pages over HTTP take minutes on a busy machine).
    const locals = example.messaging.locals();
    const filling = performance.now();
    for (let i = 0; i < MANY_VIEWERS; i++) {
      const req = { session: { userId: 3 + i }, headers: {}, get: () => undefined } as unknown as ExpressRequest;
      await new Promise<void>((resolve) => locals(req, { locals: {} } as unknown as ExpressResponse, () => resolve()));
    }
    log(`${label} badges of ${MANY_VIEWERS} members filled in ${((performance.now() - filling) / 1000).toFixed(1)} s`);
    for (const side of ['without', 'with'] as const) await measure(`many_warmup_${side}`, { url: sides[side], rotateHeaders: viewers }, timing.warmupS);
    const badge_many_viewers_ratio = await compare('many_viewers', (side) => ({ url: sides[side], rotateHeaders: viewers }));
    return {
      badge_page_ratio,
      badge_many_viewers_ratio,
      runs,
      method: 'the example app with messaging.locals() vs the same app built without that line (createApp({ locals: false }))',
    };
  } finally {
    for (const { server } of [withLocals, withoutLocals]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await example.close();
    await bare.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
