import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteSessionStore } from '../src/session-store.js';
import { signIn, startApp, tempDataDir } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * The session store writes to app.db on every signed-in request (`touch`) and once an hour
 * (prune). When that database refuses writes (a full disk, a read-only file), the request
 * must still be answered and the process must keep running.
 */
describe('the session store when app.db refuses writes', () => {
  it("a signed-in member's request is answered and the app keeps serving", async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const errors: string[] = [];
    const example = await startApp(data.dir, { logger: { info() {}, warn() {}, error: (obj) => void errors.push(JSON.stringify(obj)) } });
    cleanups.push(() => example.close());
    const alice = await signIn(example, 'alice');
    await alice.get('/users').expect(200);

    // Reads still work, every write fails: what a full disk or a read-only file does to touch().
    example.db.pragma('query_only = ON');
    const page = await alice.get('/users/bob').timeout(5000);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bob Baker');
    // The cause reaches the log instead of vanishing.
    expect(errors.join('\n')).toMatch(/readonly|read-only|query_only/i);

    // Still serving, and back to normal once writes work again.
    await alice.get('/users').timeout(5000).expect(200);
    example.db.pragma('query_only = OFF');
    await alice.get('/users').timeout(5000).expect(200);
  });

  it('the hourly prune of expired sessions does not throw out of its timer', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const db = new Database(':memory:');
    db.exec('create table sessions (sid text primary key, data text not null, expires_at integer not null)');
    const store = new SqliteSessionStore(db);
    cleanups.push(() => {
      store.close();
      db.close();
    });
    db.pragma('query_only = ON');
    expect(() => vi.advanceTimersByTime(60 * 60 * 1000 + 1)).not.toThrow();
  });
});
