import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { DatabaseOption } from '../../../src/db/connection/connect.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./app-server.cjs', import.meta.url));

/** A host app running the built package in a child process (see app-server.cjs). */
export interface ChildApp {
  /** `http://127.0.0.1:<port>/messages`: where the router is mounted. */
  base: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  pid: number;
  /** What the child wrote to stderr so far (the package's error log lines). */
  stderr(): string;
  /** Sends SIGKILL and waits until the process is gone. */
  kill(): Promise<void>;
  /** Ends it gently (SIGTERM: closes the server and the database). */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Starts the app server on `database` and waits until it listens. */
export async function startChildApp(database: DatabaseOption, options: { exposeGc?: boolean; rateLimits?: object } = {}): Promise<ChildApp> {
  const child = spawn(process.execPath, [...(options.exposeGc ? ['--expose-gc'] : []), SERVER_SCRIPT], {
    env: {
      ...process.env,
      MESSAGING_BUNDLE: inject('messagingBundle'),
      MESSAGING_DATABASE: JSON.stringify(database),
      ...(options.rateLimits ? { MESSAGING_RATE_LIMITS: JSON.stringify(options.rateLimits) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the app server did not start within 20 s: ${err}`)), 20_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app server exited (${code}) before listening: ${err}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const origin = `http://127.0.0.1:${port}`;
  return { base: `${origin}/messages`, origin, pid: child.pid!, stderr: () => err, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

/** Kills every child app still running (afterEach: a failed test must not leave servers behind). */
export async function killChildApps(): Promise<void> {
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
