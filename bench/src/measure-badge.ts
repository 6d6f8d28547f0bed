import { constants, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../examples/basic/src/app.js';
import { listen } from './bench-server.js';
import { type GroupTiming, type LoadResult, load } from './load.js';
import { log, median } from './support.js';

export interface BadgeFigures {
  /** Requests per second of the profile page with the badge / without it. */
  badge_page_ratio: number;
  runs: Record<string, LoadResult>;
  /** How "without" was made, for the results file. */
  method: string;
}

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
 * The example app's profile page (helmet, session store, CSRF, layout and all) as "alice",
 * the member with the most threads, with `messaging.locals()` giving the nav badge and the
 * Message button, against the same page with messaging switched off. The example has no
 * option to leave `locals()` out, so "without" is the switch off: locals() then only reads
 * the switch (one indexed lookup in app.db) and queries nothing else.
 * Messages: a copy of the SQLite dataset, or a Postgres schema (`search_path` in the URL).
 */
export async function measureBadgePage(messages: { sqliteFile: string } | { postgresUrl: string }, timing: GroupTiming, label: string): Promise<BadgeFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'messaging-bench-'));
  if ('sqliteFile' in messages) copyFileSync(messages.sqliteFile, join(dataDir, 'messages.db'), constants.COPYFILE_FICLONE);
  const example = await createApp({
    dataDir,
    sessionSecret: 'bench',
    rateLimits: false,
    logger: silent,
    ...('postgresUrl' in messages ? { messagingDatabaseUrl: messages.postgresUrl } : {}),
  });
  const { server, url } = await listen(example.app);
  const runs: Record<string, LoadResult> = {};
  try {
    const cookie = await signIn(url, 'alice');
    const page = { url: `${url}/users/bob`, headers: { cookie } };
    const measure = async (name: string, enabled: boolean, durationS: number) => {
      await example.messaging.toggle.setEnabled(enabled, null);
      const check = await (await fetch(page.url, page)).text();
      if (check.includes('data-messaging-badge') !== enabled) throw new Error(`${label} badge page: the badge is ${enabled ? 'missing' : 'shown while off'}`);
      const result = await load({ ...page, connections: timing.connections, durationS, warmupS: 0 });
      if (result.failures > 0) throw new Error(`${label} badge page ${name}: ${result.failures} requests failed`);
      runs[name] = result;
      return result.rps;
    };
    await measure('warmup_without', false, timing.warmupS);
    await measure('warmup_with', true, timing.warmupS);
    // Off, on, on, off, …: each state in `rounds` parts, so a drift in the machine's load
    // weighs on both alike; each side's figure is the median over its parts.
    const part = Math.max(1, Math.round(timing.durationS / timing.rounds));
    const without: number[] = [];
    const withBadge: number[] = [];
    for (let round = 0; round < timing.rounds; round++) {
      const order = round % 2 === 0 ? [false, true] : [true, false];
      for (const enabled of order) (enabled ? withBadge : without).push(await measure(`page_${enabled ? 'with' : 'without'}_${round}`, enabled, part));
    }
    log(`${label} profile page: ${median(without).toFixed(0)} req/s without the badge, ${median(withBadge).toFixed(0)} with`);
    return { badge_page_ratio: median(withBadge) / median(without), runs, method: 'messaging switched off vs on (the example has no option to leave locals() out)' };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await example.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
