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

  it('holds at most maxEntries members, dropping the least recently used', async () => {
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

  it('refreshes a member on every hit: the one not seen for longest goes first', async () => {
    const db = source();
    const cache = new BadgeCache({ load: (id) => db.load(id), maxEntries: 3 });
    for (const id of ['1', '2', '3']) await cache.get(id);
    // '1' was filled first but is used again: '2' is now the least recently used.
    await cache.get('1');
    await cache.get('4');
    expect(db.reads()).toBe(4);
    for (const id of ['1', '3', '4']) await cache.get(id);
    expect(db.reads()).toBe(4);
    await cache.get('2');
    expect(db.reads()).toBe(5);
    // Evicted in order of last use: '1' (used before '3' and '4') went for '2'.
    await cache.get('3');
    await cache.get('4');
    expect(db.reads()).toBe(5);
    await cache.get('1');
    expect(db.reads()).toBe(6);
  });

  it('keeps every member of a rotation that fits: 20,000 viewers in turn read the database once each', async () => {
    const db = source();
    const cache = new BadgeCache({ load: (id) => db.load(id) });
    for (let round = 0; round < 2; round++) for (let i = 0; i < 20_000; i++) await cache.get(String(i));
    expect(db.reads()).toBe(20_000);
    expect(cache.size).toBe(20_000);
  });

  it('reads every time when maxEntries is 0', async () => {
    const db = source();
    const cache = new BadgeCache({ load: (id) => db.load(id), maxEntries: 0 });
    await cache.get('1');
    await cache.get('1');
    expect(db.reads()).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('shares one empty relations value among the members who block nobody and are blocked by nobody (memory per entry)', async () => {
    const db = source();
    const cache = new BadgeCache({ load: (id) => db.load(id) });
    const a = await cache.get('1');
    const b = await cache.get('2');
    expect((await cache.get('1')).relations).toBe((await cache.get('2')).relations);
    expect(a.relations.blocked.has('2')).toBe(false);
    expect(b.relations.blockedBy.size).toBe(0);
  });
});
