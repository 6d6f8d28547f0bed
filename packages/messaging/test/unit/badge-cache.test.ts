import { describe, expect, it } from 'vitest';
import { BadgeCache, type BadgeState } from '../../src/services/unread/badge-cache.js';

/** A loader over a table of totals that counts its reads (each read is a database query). */
function source() {
  const totals = new Map<string, number>();
  let reads = 0;
  let gate: Promise<void> | undefined;
  return {
    totals,
    reads: () => reads,
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = undefined;
        open();
      };
    },
    async load(userId: string): Promise<BadgeState> {
      reads++;
      const total = totals.get(userId) ?? 0;
      if (gate) await gate;
      return { unread: { unreadTotal: total, unreadThreads: total > 0 ? 1 : 0 }, relations: { blocked: new Set(), blockedBy: new Set() } };
    },
  };
}

describe('BadgeCache', () => {
  it('answers from memory until told of a change, then reads again', async () => {
    const db = source();
    const cache = new BadgeCache({ load: (id) => db.load(id) });
    db.totals.set('2', 1);
    expect((await cache.get('2')).unread.unreadTotal).toBe(1);
    db.totals.set('2', 5);
    expect((await cache.get('2')).unread.unreadTotal).toBe(1);
    expect(db.reads()).toBe(1);
    cache.invalidate(['2']);
    expect((await cache.get('2')).unread.unreadTotal).toBe(5);
    expect(db.reads()).toBe(2);
  });

  it('does not keep a read that a change overtook', async () => {
    const db = source();
    const cache = new BadgeCache({ load: (id) => db.load(id) });
    db.totals.set('2', 1);
    const release = db.hold();
    const reading = cache.get('2'); // reads 1, then waits
    db.totals.set('2', 2);
    cache.invalidate(['2']); // the write committed while the read was under way
    release();
    expect((await reading).unread.unreadTotal).toBe(1);
    expect((await cache.get('2')).unread.unreadTotal).toBe(2);
  });

  it('starts over when another process wrote (the data version moved), looking at most every externalCheckMs', async () => {
    const db = source();
    let version = 7;
    let now = 0;
    const cache = new BadgeCache({ load: (id) => db.load(id), externalVersion: () => version, externalCheckMs: 100, now: () => now });
    await cache.get('2');
    db.totals.set('2', 3);
    expect((await cache.get('2')).unread.unreadTotal).toBe(0);
    version = 8;
    now = 99;
    expect((await cache.get('2')).unread.unreadTotal).toBe(0);
    now = 100;
    expect((await cache.get('2')).unread.unreadTotal).toBe(3);
  });

  it('keeps nothing while it cannot hear of changes, and nothing older than its time limit', async () => {
    const db = source();
    let listening = false;
    let now = 0;
    const cache = new BadgeCache({ load: (id) => db.load(id), isListening: () => listening, ttlMs: 1000, now: () => now });
    await cache.get('2');
    await cache.get('2');
    expect(db.reads()).toBe(2);
    listening = true;
    await cache.get('2');
    now = 999;
    await cache.get('2');
    expect(db.reads()).toBe(3);
    now = 1000;
    await cache.get('2');
    expect(db.reads()).toBe(4);
  });

  it('holds at most maxEntries members, dropping the oldest fill', async () => {
    const db = source();
    const cache = new BadgeCache({ load: (id) => db.load(id), maxEntries: 2 });
    for (const id of ['1', '2', '3']) await cache.get(id);
    expect(cache.size).toBe(2);
    await cache.get('3');
    await cache.get('2');
    expect(db.reads()).toBe(3);
    await cache.get('1');
    expect(db.reads()).toBe(4);
  });
});
