import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashPassword } from './passwords.js';

export type AppDatabase = Database.Database;

/** A member of the host app, as its own database keeps them. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'member';
  /** Where notification mails go (`<username>@example.test` for the demo members). */
  email: string | null;
  /** Kept current by the messaging package's `onUnreadChange` hook. */
  unreadMessages: number;
}

export const DEMO_PASSWORD = 'password';
const DEMO_USERS: Array<[username: string, displayName: string, role: User['role']]> = [
  ['admin', 'Site Admin', 'admin'],
  ['alice', 'Alice Archer', 'member'],
  ['bob', 'Bob Baker', 'member'],
  ['carol', 'Carol Cooper', 'member'],
  ['dave', 'Dave Dawson', 'member'],
];

/**
 * Opens the host's primary database (`DATA_DIR/app.db`) and creates its tables. WAL and a
 * busy timeout let several processes of the app share it.
 */
export function openAppDatabase(dataDir: string): AppDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'app.db'));
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.exec(`
    create table if not exists users (
      id integer primary key,
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      role text not null default 'member' check (role in ('admin', 'member')),
      unread_messages integer not null default 0,
      email text
    );
    create table if not exists settings (
      key text primary key,
      value text not null,
      updated_at text not null,
      updated_by integer
    );
    create table if not exists sessions (
      sid text primary key,
      data text not null,
      expires_at integer not null
    );
    create index if not exists sessions_expires on sessions (expires_at);
  `);
  // A DATA_DIR from before notification mails has no email column: add it, and give the demo
  // members their address.
  const columns = db.prepare('pragma table_info(users)').all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === 'email')) {
    db.exec("alter table users add column email text; update users set email = username || '@example.test'");
  }
  return db;
}

/** Creates the demo members on first start; returns true when it did. */
export async function seedDemoUsers(db: AppDatabase): Promise<boolean> {
  const { n } = db.prepare('select count(*) as n from users').get() as { n: number };
  if (n > 0) return false;
  const rows = await Promise.all(DEMO_USERS.map(async ([username, displayName, role]) => ({ username, displayName, role, hash: await hashPassword(DEMO_PASSWORD) })));
  const insert = db.prepare('insert or ignore into users (username, display_name, password_hash, role, email) values (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const r of rows) insert.run(r.username, r.displayName, r.hash, r.role, `${r.username}@example.test`);
  })();
  return true;
}

type UserRow = { id: number; username: string; display_name: string; role: User['role']; email: string | null; unread_messages: number };
const toUser = (r: UserRow): User => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role, email: r.email, unreadMessages: r.unread_messages });
const COLUMNS = 'id, username, display_name, role, email, unread_messages';

/** The host's user repository: the only code that reads the users table. */
export function createUserRepository(db: AppDatabase) {
  const byId = db.prepare(`select ${COLUMNS} from users where id = ?`);
  const byName = db.prepare(`select ${COLUMNS} from users where username = ?`);
  const all = db.prepare(`select ${COLUMNS} from users order by display_name`);
  const hashOf = db.prepare('select id, password_hash from users where username = ?');
  const setUnread = db.prepare('update users set unread_messages = ? where id = ?');
  const matching = db.prepare(`select ${COLUMNS} from users where display_name like ? escape '\\' or username like ? escape '\\' order by display_name limit ?`);
  return {
    findById: (id: number) => {
      const row = byId.get(id) as UserRow | undefined;
      return row ? toUser(row) : undefined;
    },
    findByUsername: (username: string) => {
      const row = byName.get(username) as UserRow | undefined;
      return row ? toUser(row) : undefined;
    },
    /** One query for many ids (the messaging package asks once per page). */
    findMany(ids: number[]): User[] {
      if (ids.length === 0) return [];
      const rows = db.prepare(`select ${COLUMNS} from users where id in (${ids.map(() => '?').join(',')})`).all(...ids) as UserRow[];
      return rows.map(toUser);
    },
    list: () => (all.all() as UserRow[]).map(toUser),
    /** Members whose name or username contains `text` (any case), by name: the recipient picker asks. */
    search(text: string, limit: number): User[] {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return (matching.all(pattern, pattern, limit) as UserRow[]).map(toUser);
    },
    credentials: (username: string) => hashOf.get(username) as { id: number; password_hash: string } | undefined,
    setUnreadMessages: (id: number, total: number) => void setUnread.run(total, id),
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
