import { describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';

const users = { getUsers: async () => [] };
const currentUserId = (req: any) => req.session?.userId;

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('createMessaging options', () => {
  it('accepts the minimal options and defaults to a SQLite file', async () => {
    const m = createMessaging({ database: { sqlite: ':memory:' }, users, currentUserId });
    expect(m.database.capabilities.name).toBe('sqlite');
    await m.close();
  });

  it('names a missing users adapter and shows an example', () => {
    const err = errorOf(() => createMessaging({ currentUserId } as any));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain('option "users"');
    expect(err.message).toContain('is required');
    expect(err.message).toContain('getUsers: async (ids)');
  });

  it('names a currentUserId that is not a function', () => {
    const err = errorOf(() => createMessaging({ users, currentUserId: 'userId' } as any));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain('option "currentUserId" must be a function');
    expect(err.message).toContain('req.session.userId');
  });

  it('refuses a database option of the wrong shape', () => {
    const err = errorOf(() => createMessaging({ users, currentUserId, database: { mysql: 'x' } } as any));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain('option "database"');
    expect(err.message).toContain("{ sqlite: 'data/messages.db' }");
  });

  it('refuses a Postgres URL that is not one', () => {
    const err = errorOf(() => createMessaging({ users, currentUserId, database: { postgres: 'mysql://x' } } as any));
    expect(err.message).toContain('database.postgres');
  });

  it('refuses a misspelt option instead of ignoring it', () => {
    const err = errorOf(() => createMessaging({ users, currentUserId, curentUserId: currentUserId } as any));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain('unknown option "curentUserId"');
  });

  it('refuses limits that are not positive whole numbers', () => {
    const err = errorOf(() => createMessaging({ users, currentUserId, limits: { maxMessageLength: -5 } } as any));
    expect(err.message).toContain('option "limits.maxMessageLength"');
  });

  it('throws a TypeError for no options at all', () => {
    expect(() => (createMessaging as any)()).toThrow(TypeError);
  });
});
