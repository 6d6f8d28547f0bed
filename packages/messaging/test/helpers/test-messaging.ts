import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import type { MessagingOptions, MessagingUser } from '../../src/options.js';
import { takePostgresDatabase } from './recycled-schemas.js';
import { createTestDatabase, TEST_DIALECT } from './test-database.js';

/** The members every test instance knows: ids 1..5, as a host with integer ids would have. */
export const TEST_USERS: MessagingUser[] = [
  { id: 1, displayName: 'Alice', profileUrl: '/users/alice' },
  { id: 2, displayName: 'Bob', profileUrl: '/users/bob' },
  { id: 3, displayName: 'Carol', profileUrl: '/users/carol' },
  { id: 4, displayName: 'Dave', profileUrl: '/users/dave' },
  { id: 5, displayName: 'Admin', profileUrl: '/users/admin' },
];

export interface TestMessaging {
  messaging: Messaging;
  /** Ends the instance and drops its database. */
  cleanup(): Promise<void>;
}

/**
 * A whole migrated instance on in-memory SQLite or an empty migrated Postgres schema (the
 * project's dialect unless told; see recycled-schemas.ts), with a users adapter over {@link TEST_USERS}.
 */
export async function createTestMessaging(overrides: Partial<MessagingOptions> = {}, dialect: 'sqlite' | 'postgres' = TEST_DIALECT): Promise<TestMessaging> {
  const database = dialect === 'postgres' ? takePostgresDatabase() : createTestDatabase(dialect);
  const messaging = createMessaging({
    database: database.option,
    users: {
      getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))),
    },
    currentUserId: (req: any) => req.headers?.['x-test-user'] ?? null,
    ...overrides,
  });
  await messaging.migrate();
  return {
    messaging,
    cleanup: async () => {
      await messaging.close();
      await database.cleanup();
    },
  };
}
