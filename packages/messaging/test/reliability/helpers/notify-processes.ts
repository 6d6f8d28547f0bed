import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { DatabaseOption } from '../../../src/db/connection/connect.js';
import { createMessaging } from '../../../src/create-messaging.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./notify-worker.cjs', import.meta.url));

/** A delivering host process (notify-worker.cjs). */
export interface NotifyWorker {
  pid: number;
  stderr(): string;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (closes the instance), and wait until it is gone. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

export interface NotifyWorkerOptions {
  /** The file its `send` appends `<id> <attempt> <pid>` lines to. */
  log: string;
  send?: 'record' | 'hang';
  clockOffsetMs?: number;
  /** Epoch ms at which it creates its instance (and so starts its worker). */
  startAt?: number;
}

/** Starts a delivering process on `database`; resolves once it printed `ready`. */
export async function startNotifyWorker(database: DatabaseOption, options: NotifyWorkerOptions): Promise<NotifyWorker> {
  const child = spawn(process.execPath, [WORKER_SCRIPT], {
    env: {
      ...process.env,
      MESSAGING_BUNDLE: inject('messagingBundle'),
      MESSAGING_DATABASE: JSON.stringify(database),
      NOTIFY_LOG: options.log,
      NOTIFY_SEND: options.send ?? 'record',
      NOTIFY_CLOCK_OFFSET_MS: String(options.clockOffsetMs ?? 0),
      NOTIFY_START_AT: String(options.startAt ?? 0),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the worker did not start within 20 s: ${err}`)), 20_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code}) before it was ready: ${err}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { pid: child.pid!, stderr: () => err, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

/** Kills every worker still running (afterEach). */
export async function killNotifyWorkers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** One `send` call a worker logged. */
export interface Handover {
  id: string;
  attempt: number;
  pid: number;
}

/** The lines a worker's `send` wrote (none when the file is not there yet). */
export function readHandovers(file: string): Handover[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, attempt, pid] = line.split(' ');
      return { id: id!, attempt: Number(attempt), pid: Number(pid) };
    });
}

/**
 * Makes `count` notifications due through real sends: member 1 starts 200 direct
 * conversations (ids from 10001) and groups of 50 others (ids from 20001) for the rest, on an
 * instance whose clock runs an hour behind, so every message's notification (1 s delay) is
 * long due when the workers start.
 * The switch is turned on. The instance has no worker of its own.
 */
export async function seedDueNotifications(database: DatabaseOption, count: number): Promise<void> {
  if (count % 50 !== 0 || count < 200) throw new TypeError('seedDueNotifications: a multiple of 50, from 200');
  const groups = Math.floor((count - 200) / 50);
  const direct = count - groups * 50;
  const messaging = createMessaging({
    database,
    users: { getUsers: async (ids) => ids.map((id) => ({ id, displayName: `Member ${id}`, profileUrl: null })) },
    currentUserId: () => null,
    rateLimits: false,
    limits: { maxGroupParticipants: 51 },
    clock: () => new Date(Date.now() - 3_600_000),
    notifications: {
      send: () => {
        throw new Error('the seeding instance never delivers');
      },
      baseUrl: 'http://127.0.0.1/messages',
      delay: '1s',
      worker: false,
    },
  });
  try {
    await messaging.migrate();
    await messaging.toggle.setEnabled(true, 'test');
    // Direct threads (one schedule row, one notification each) and groups of 50 recipients (one
    // schedule row, 50 notifications): both kinds of expansion race, and seeding stays short.
    const sends = [
      ...Array.from({ length: direct }, (_, i) => [String(10_001 + i)]),
      ...Array.from({ length: groups }, (_, g) => Array.from({ length: 50 }, (_, i) => String(20_001 + g * 50 + i))),
    ];
    let next = 0;
    // A few at once: Postgres takes them in parallel, SQLite queues them on its write lock.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < sends.length) {
          const i = next++;
          const recipientIds = sends[i]!;
          await messaging.conversations.startConversation({ senderId: '1', recipientIds, body: `hello ${i}`, ...(recipientIds.length > 1 ? { subject: `Group ${i}` } : {}) });
        }
      }),
    );
  } finally {
    await messaging.close();
  }
}

/** Polls `check` every 100 ms until it is true; throws with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string | (() => string | Promise<string>), timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
