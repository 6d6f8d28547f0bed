import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { createMessaging } from '../../src/create-messaging.js';
import { TEST_USERS } from './test-messaging.js';

/**
 * A SQLite messaging database under load, for the operations tests: a seeded file and a
 * second process that keeps sending messages the way the app does. Kill the writer's child
 * when done.
 */
export const users = { getUsers: async (ids: string[]) => TEST_USERS.filter((u) => ids.includes(String(u.id))) };

/** A messaging database with a thread between Alice (1) and Bob (2) and `bulk` more messages (a file of many pages). */
export async function seedDatabase(file: string, bulk: number, bulkCreatedAt = new Date().toISOString()): Promise<string> {
  const messaging = createMessaging({ database: { sqlite: file }, users, currentUserId: () => null, rateLimits: false });
  await messaging.migrate();
  const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'first' });
  await messaging.close();
  const db = new Database(file);
  const insert = db.prepare("insert into messaging_messages (thread_id, sender_id, body, created_at) values (?, '1', ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < bulk; i++) insert.run(thread.id, `bulk ${i} ${'x'.repeat(400)}`, bulkCreatedAt);
    db.prepare("update messaging_participants set unread_count = unread_count + ? where thread_id = ? and user_id = '2'").run(bulk, thread.id);
    db.prepare('update messaging_threads set last_message_id = (select max(id) from messaging_messages) where id = ?').run(thread.id);
  })();
  db.close();
  return thread.id;
}

/**
 * Another process that keeps sending Alice's messages, as the app would (message, thread and
 * Bob's unread count in one transaction), and prints `ack <id>` after each commit; `pauseMs`
 * 0 writes back to back.
 */
const writers: ChildProcess[] = [];

/** Ends every writer still running (for `afterAll`). */
export function killWriters(): void {
  for (const child of writers.splice(0)) child.kill();
}

export function startWriter(file: string, threadId: string, pauseMs = 1): { child: ChildProcess; acked: number[] } {
  const script = `
    const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    const insert = db.prepare("insert into messaging_messages (thread_id, sender_id, body, created_at) values (?, '1', 'live', ?)");
    const bump = db.prepare("update messaging_participants set unread_count = unread_count + 1 where thread_id = ? and user_id = '2'");
    const touch = db.prepare('update messaging_threads set last_message_id = ?, last_message_at = ? where id = ?');
    const send = db.transaction(() => {
      const now = new Date().toISOString();
      const id = insert.run(process.argv[2], now).lastInsertRowid;
      bump.run(process.argv[2]);
      touch.run(id, now, process.argv[2]);
      return id;
    });
    const pause = Number(process.argv[3]);
    const loop = () => { process.stdout.write('ack ' + send(process.argv[2]) + '\\n'); if (pause > 0) setTimeout(loop, pause); else setImmediate(loop); };
    loop();`;
  const child = spawn(process.execPath, ['-e', script, file, threadId, String(pauseMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  writers.push(child);
  const acked: number[] = [];
  let rest = '';
  child.stdout!.on('data', (data: Buffer) => {
    const lines = (rest + data.toString()).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
  });
  return { child, acked };
}

export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}
