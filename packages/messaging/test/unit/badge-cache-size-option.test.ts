import { describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';

const users = { getUsers: async () => [] };
const currentUserId = (req: any) => req.session?.userId;

describe('the badgeCacheSize option', () => {
  it('takes a whole number of members, 0 included', async () => {
    for (const badgeCacheSize of [0, 100_000]) {
      const m = createMessaging({ database: { sqlite: ':memory:' }, users, currentUserId, badgeCacheSize });
      await m.close();
    }
  });

  it.each([-1, 2.5, '1000'])('refuses %j, naming the option and an example', (badgeCacheSize) => {
    expect(() => createMessaging({ database: { sqlite: ':memory:' }, users, currentUserId, badgeCacheSize } as any)).toThrow(/option "badgeCacheSize".*50000/s);
  });
});
