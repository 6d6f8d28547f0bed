import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import type { DatabaseOption } from '../../src/db/connection/connect.js';
import { createUnsubscribeLinks } from '../../src/services/notifications/unsubscribe-token.js';
import { createDeploymentSecret, NOTIFY_SECRET_KEY } from '../../src/services/settings/secrets.js';
import { createSettingsStore } from '../../src/services/settings/settings-store.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const BASE = 'https://example.com/messages';

function shared(): DatabaseOption {
  const database = createSharedDatabase();
  cleanups.push(() => database.cleanup());
  return database.option;
}

/** One app server: its own instance and its own links over the shared database's secret. */
async function server(option: DatabaseOption) {
  const messaging: Messaging = createMessaging({
    database: option,
    users: { getUsers: (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
  });
  cleanups.push(() => messaging.close());
  await messaging.migrate();
  const store = createSettingsStore(messaging.database.db, { now: () => new Date().toISOString() });
  return createUnsubscribeLinks({ secret: createDeploymentSecret(store, NOTIFY_SECRET_KEY), baseUrl: `${BASE}/` });
}

function parse(url: string): { u: string; t: string } {
  const parsed = new URL(url);
  return { u: parsed.searchParams.get('u')!, t: parsed.searchParams.get('t')! };
}

describe(`unsubscribe links on ${TEST_DIALECT}`, () => {
  it('gives an absolute link whose id and token verify, and works on another server sharing the database', async () => {
    const option = shared();
    const [a, b] = await Promise.all([server(option), server(option)]);
    const url = await a.urlFor('42');
    expect(url.startsWith(`${BASE}/unsubscribe?u=42&t=`)).toBe(true);
    const { u, t } = parse(url);
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await a.verify(u, t)).toBe(true);
    expect(await b.verify(u, t)).toBe(true);
    expect(await b.urlFor('42')).toBe(url);
  });

  it("refuses one member's token for another, a tampered token, and junk", async () => {
    const links = await server(shared());
    const { t } = parse(await links.urlFor('1'));
    expect(await links.verify('2', t)).toBe(false);
    expect(await links.verify('1 ', t)).toBe(false);
    const flipped = (t[0] === 'A' ? 'B' : 'A') + t.slice(1);
    expect(await links.verify('1', flipped)).toBe(false);
    expect(await links.verify('1', t.slice(0, -1))).toBe(false);
    expect(await links.verify('1', `${t}A`)).toBe(false);
    expect(await links.verify('1', '')).toBe(false);
    expect(await links.verify('1', undefined)).toBe(false);
    expect(await links.verify('1', [t])).toBe(false);
    expect(await links.verify(['1'], t)).toBe(false);
    expect(await links.verify('', await links.tokenFor(''))).toBe(false);
    // Same length, non-ASCII: refused without throwing.
    expect(await links.verify('1', `${'é'.repeat(1)}${t.slice(1)}`)).toBe(false);
  });

  it('encodes ids with any character, and a token of one id never fits a look-alike', async () => {
    const links = await server(shared());
    for (const id of ['a:b', 'a b&t=x', 'ünï/?#%', 'user:1:2']) {
      const { u, t } = parse(await links.urlFor(id));
      expect(u).toBe(id);
      expect(await links.verify(u, t)).toBe(true);
    }
    const { t } = parse(await links.urlFor('a:b'));
    expect(await links.verify('a', t)).toBe(false);
    expect(await links.verify('a:b:', t)).toBe(false);
  });

  it('a different deployment (another database) does not accept the token', async () => {
    const a = await server(shared());
    const b = await server(shared());
    const { u, t } = parse(await a.urlFor('7'));
    expect(await b.verify(u, t)).toBe(false);
  });
});
