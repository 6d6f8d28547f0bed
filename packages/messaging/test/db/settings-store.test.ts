import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import type { MessagingOptions } from '../../src/options.js';
import { createSettingsStore } from '../../src/services/settings/settings-store.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function open(option: NonNullable<MessagingOptions['database']>, extra: Partial<MessagingOptions> = {}): Messaging {
  const messaging = createMessaging({
    database: option,
    users: { getUsers: (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
    ...extra,
  });
  cleanups.push(() => messaging.close());
  return messaging;
}

function shared() {
  const database = createSharedDatabase();
  cleanups.push(() => database.cleanup());
  return database.option;
}

/** A host's clock that moves only when the test says so. */
function manualClock() {
  let ms = Date.parse('2026-12-01T10:00:00.000Z');
  return {
    clock: () => new Date(ms),
    advance: (by: number) => {
      ms += by;
    },
  };
}

describe(`the settings store on ${TEST_DIALECT}`, () => {
  it('creates a secret once: two servers asking together agree on one value, and it stays', async () => {
    const option = shared();
    const a = open(option);
    const b = open(option);
    await a.migrate();
    const now = () => '2026-12-01T10:00:00.000Z';
    const storeA = createSettingsStore(a.database.db, { now });
    const storeB = createSettingsStore(b.database.db, { now });
    const [x, y] = await Promise.all([storeA.getOrCreate('test_secret', () => 'from-a'), storeB.getOrCreate('test_secret', () => 'from-b')]);
    expect(x).toBe(y);
    expect(['from-a', 'from-b']).toContain(x);
    expect(await storeB.getOrCreate('test_secret', () => 'later')).toBe(x);
  });

  it('writes several settings with who and when in one go, deletes with null, and reads nothing before the tables exist', async () => {
    const option = shared();
    const messaging = open(option);
    const store = createSettingsStore(messaging.database.db, { now: () => '2026-12-01T10:00:00.000Z' });
    expect(await store.get('a')).toBeUndefined();
    expect(await store.getMany(['a', 'b'])).toEqual(new Map());
    await messaging.migrate();
    await store.set({ a: '1', b: '2' }, '5');
    const rows = await messaging.database.db
      .selectFrom('messaging_settings')
      .select(['key', 'value', 'updated_at', 'updated_by'])
      .where('key', 'in', ['a', 'b'])
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'a', value: '1', updated_at: '2026-12-01T10:00:00.000Z', updated_by: '5' },
      { key: 'b', value: '2', updated_at: '2026-12-01T10:00:00.000Z', updated_by: '5' },
    ]);
    await store.set({ a: null, b: '3' }, null);
    expect(await store.getMany(['a', 'b'])).toEqual(new Map([['b', '3']]));
    expect(await store.get('b')).toBe('3');
  });
});

describe(`cached settings follow the host's clock on ${TEST_DIALECT}`, () => {
  it("the sending limits an admin changed on another server hold here once this instance's clock is two seconds on", async () => {
    const option = shared();
    const time = manualClock();
    const here = open(option, { clock: time.clock });
    const elsewhere = open(option);
    await here.migrate();
    expect((await here.sendingLimits.get()).messagesPerMinute).toBe(30);
    await elsewhere.sendingLimits.set({ messagesPerMinute: 7 }, '5');
    expect((await here.sendingLimits.get()).messagesPerMinute).toBe(30); // still the cached answer
    time.advance(2_001);
    expect((await here.sendingLimits.get()).messagesPerMinute).toBe(7);
  });

  it("the switch flipped on another server holds here once this instance's clock is two seconds on", async () => {
    const option = shared();
    const time = manualClock();
    const here = open(option, { clock: time.clock });
    const elsewhere = open(option);
    await here.migrate();
    expect(await here.toggle.isEnabled()).toBe(false);
    await elsewhere.toggle.setEnabled(true, '5');
    expect(await here.toggle.isEnabled()).toBe(false); // still the cached answer
    time.advance(2_001);
    expect(await here.toggle.isEnabled()).toBe(true);
  });
});
