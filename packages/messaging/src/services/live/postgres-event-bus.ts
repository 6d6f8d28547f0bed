import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { ClientBase, Notification } from 'pg';
import { loadDriver } from '../../db/connection/load-driver.js';
import { type PostgresOptions, quoteIdent } from '../../db/connection/postgres.js';
import type { MessagingLogger } from '../../options.js';
import { type BusEvent, type EventBus, ListenerSet, MemberListeners, parseBusEvent, type PublishableBusEvent } from './event-bus.js';

/** The NOTIFY channel of a deployment; a schema of its own gets a channel of its own. */
export function channelFor(schema?: string): string {
  if (!schema) return 'messaging_events';
  const name = `messaging_events_${schema}`;
  // Channel names are identifiers: at most 63 bytes.
  return Buffer.byteLength(name) <= 63 ? name : `messaging_events_${createHash('sha256').update(schema).digest('hex').slice(0, 24)}`;
}

/** A connection kept for LISTEN, and how to give it back. */
export interface ListenConnection {
  client: Pick<ClientBase, 'query' | 'on' | 'removeAllListeners'>;
  end(): Promise<void>;
}

/**
 * Opens the dedicated listening connection, never one of the Kysely pool's (a pooled client
 * would lose its LISTEN when handed to another query). With the host's pool, one client is
 * taken for good (the pool has one fewer) and destroyed at close, not returned.
 */
export async function openListenConnection(options: PostgresOptions): Promise<ListenConnection> {
  const ignore = () => {}; // until the bus listens: an early error must not crash the host
  if (options.pool) {
    const client = await options.pool.connect();
    client.on('error', ignore);
    return { client, end: async () => client.release(true) };
  }
  const pg = await loadDriver<typeof import('pg')>('pg', 'Live updates on Postgres');
  const { max: _max, min: _min, idleTimeoutMillis: _idle, ...clientConfig } = (options.poolConfig ?? {}) as Record<string, unknown>;
  const client = new pg.Client({
    ...clientConfig,
    connectionString: options.connectionString,
    application_name: 'messaging-listener',
    // Notices a half-open connection (a peer that vanished without closing).
    keepAlive: true,
  });
  client.on('error', ignore);
  await client.connect();
  return { client, end: () => client.end() };
}

export interface PostgresEventBusOptions {
  /** The instance's Kysely: NOTIFY goes through its pool, after the caller's commit. */
  db: Kysely<any>;
  channel: string;
  connect: () => Promise<ListenConnection>;
  logger: MessagingLogger;
  /** First wait before reconnecting; doubles each failed try, up to `maxReconnectDelayMs`. @default 250 */
  reconnectDelayMs?: number;
  /** @default 10000 */
  maxReconnectDelayMs?: number;
}

/** NOTIFY payloads must stay under 8000 bytes; leave room for the JSON around the ids. */
const MAX_PAYLOAD_BYTES = 7000;

/** One event as one or more payloads: a long recipient list is split over several. */
export function encodeBusEvent(event: PublishableBusEvent): string[] {
  const whole = JSON.stringify(event);
  // A message's (or a message change's) long recipient list is what can pass the limit.
  if (!('recipientIds' in event) || Buffer.byteLength(whole) <= MAX_PAYLOAD_BYTES) return [whole];
  const payloads: string[] = [];
  // Counted as it grows: the event without ids, plus each id's JSON and its comma.
  const empty = Buffer.byteLength(JSON.stringify({ ...event, recipientIds: [] }));
  let chunk: string[] = [];
  let bytes = empty;
  for (const id of event.recipientIds) {
    const size = Buffer.byteLength(JSON.stringify(id)) + 1;
    if (chunk.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(JSON.stringify({ ...event, recipientIds: chunk }));
      chunk = [];
      bytes = empty;
    }
    chunk.push(id);
    bytes += size;
  }
  if (chunk.length > 0) payloads.push(JSON.stringify({ ...event, recipientIds: chunk }));
  return payloads;
}

/**
 * Several events as few NOTIFY payloads: JSON arrays of events, packed up to the size limit
 * (a long recipient list split as by {@link encodeBusEvent}). A send into a group announces
 * its message and each member's unread total: one payload, not one per member.
 */
export function encodeBusEvents(events: PublishableBusEvent[]): string[] {
  const payloads: string[] = [];
  let pieces: string[] = [];
  let bytes = 2;
  for (const event of events) {
    for (const piece of encodeBusEvent(event)) {
      const size = Buffer.byteLength(piece) + 1;
      if (pieces.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
        payloads.push(`[${pieces.join(',')}]`);
        pieces = [];
        bytes = 2;
      }
      pieces.push(piece);
      bytes += size;
    }
  }
  if (pieces.length > 0) payloads.push(`[${pieces.join(',')}]`);
  return payloads;
}

/** The events of one NOTIFY payload: an array of them, or one alone (as servers before the arrays sent). Foreign ones are left out. */
export function decodeBusPayload(payload: string): PublishableBusEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return []; // not ours: someone else's payload on the channel
  }
  const events = (Array.isArray(value) ? value : [value]).map(parseBusEvent);
  return events.filter((event): event is PublishableBusEvent => event !== null);
}

/** Most payloads sent in one statement (each up to 8000 bytes). */
const MAX_PAYLOADS_PER_STATEMENT = 32;

/**
 * The bus across app servers on one Postgres database: LISTEN on a dedicated connection,
 * NOTIFY through the pool. Every process (the publisher's too) hears each event from
 * Postgres once, so nothing is delivered locally on publish.
 *
 * Publishing is coalesced: the events published together (in one tick) or while a NOTIFY
 * is on its way go out in ONE statement, at most one at a time per process. Each NOTIFY
 * commits a transaction that Postgres serialises with every other notifying commit, so one
 * per member of a group, or one per concurrent send, would queue the senders behind them.
 *
 * When the listening connection drops, it reconnects with a growing delay and then delivers
 * a `resync` event: streams read back from the database what they may have missed.
 */
export function createPostgresEventBus(options: PostgresEventBusOptions): EventBus {
  const { db, channel, logger } = options;
  const baseDelay = options.reconnectDelayMs ?? 250;
  const maxDelay = options.maxReconnectDelayMs ?? 10_000;
  const onError = (err: unknown) => logger.error({ err: String(err) }, 'messaging: a live-update listener failed');
  const listeners = new MemberListeners(onError);
  const watchers = new ListenerSet(onError);
  const deliver = (event: BusEvent) => {
    listeners.deliver(event);
    watchers.deliver(event);
  };
  let state: 'idle' | 'connecting' | 'listening' | 'waiting' | 'closed' = 'idle';
  /** Streams waiting for the LISTEN to take effect before their first event. */
  const listeningWaiters = new Set<(listening: boolean) => void>();
  const wakeWaiters = (listening: boolean) => {
    for (const wake of listeningWaiters) wake(listening);
    listeningWaiters.clear();
  };
  let current: ListenConnection | undefined;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  // A function, not a comparison: close() may change the state across an await.
  const isClosed = () => state === 'closed';

  function onNotification(message: Notification): void {
    if (message.channel !== channel || !message.payload) return;
    for (const event of decodeBusPayload(message.payload)) deliver(event);
  }

  function dropped(connection: ListenConnection, err?: unknown): void {
    if (current !== connection) return; // 'error' and 'end' both arrive for one drop
    current = undefined;
    connection.client.removeAllListeners('notification');
    connection.end().catch(() => {});
    if (state === 'closed') return;
    logger.warn({ err: err ? String((err as Error).message ?? err) : undefined, channel }, 'messaging: live-update listener disconnected; reconnecting');
    retryLater();
  }

  function retryLater(): void {
    state = 'waiting';
    const delay = Math.min(baseDelay * 2 ** attempt, maxDelay) * (0.8 + Math.random() * 0.4);
    attempt += 1;
    timer = setTimeout(connect, delay);
    timer.unref?.();
  }

  async function connect(): Promise<void> {
    state = 'connecting';
    let connection: ListenConnection | undefined;
    try {
      connection = await options.connect();
      if (isClosed()) {
        await connection.end();
        return;
      }
      const mine = connection;
      connection.client.on('notification', onNotification);
      connection.client.on('error', (err) => dropped(mine, err));
      connection.client.on('end', () => dropped(mine));
      current = connection;
      await connection.client.query(`LISTEN ${quoteIdent(channel)}`);
      if (current !== connection) return; // dropped while subscribing; a retry is scheduled
      if (attempt > 0) logger.info({ channel }, 'messaging: live-update listener reconnected');
      attempt = 0;
      state = 'listening';
      wakeWaiters(true);
      // Anything sent before this LISTEN took effect was not heard: streams catch up.
      deliver({ type: 'resync' });
    } catch (err) {
      if (isClosed()) return;
      if (connection && current === connection) return dropped(connection, err);
      connection?.end().catch(() => {});
      logger.warn({ err: String((err as Error)?.message ?? err), channel }, 'messaging: live-update listener could not connect; retrying');
      retryLater();
    }
  }

  /** Sends the payloads in statements of up to MAX_PAYLOADS_PER_STATEMENT, each one round trip and one commit. */
  async function notify(payloads: string[]): Promise<void> {
    for (let i = 0; i < payloads.length; i += MAX_PAYLOADS_PER_STATEMENT) {
      const calls = payloads.slice(i, i + MAX_PAYLOADS_PER_STATEMENT).map((payload) => sql`pg_notify(${channel}, ${payload})`);
      try {
        await sql`select ${sql.join(calls)}`.execute(db);
      } catch (err) {
        logger.warn({ err: String((err as Error)?.message ?? err), channel }, 'messaging: could not publish a live update');
      }
    }
  }

  const queue: PublishableBusEvent[] = [];
  let flushing: Promise<void> | undefined;

  /** Sends what is queued, then what was queued meanwhile, until nothing is left. */
  async function flush(): Promise<void> {
    // One microtask: the events a caller publishes in one go join the first statement.
    await Promise.resolve();
    while (queue.length > 0) await notify(encodeBusEvents(queue.splice(0, queue.length)));
    flushing = undefined;
  }

  return {
    publish(event) {
      if (state === 'closed') return Promise.resolve();
      queue.push(event);
      flushing ??= flush();
      // Resolves once the statement carrying this event (or a later one) is done.
      return flushing;
    },
    subscribe(memberId, listener) {
      const unsubscribe = listeners.add(memberId, listener);
      if (state === 'idle') void connect();
      return unsubscribe;
    },
    watch(listener) {
      const unwatch = watchers.add(listener);
      if (state === 'idle') void connect();
      return unwatch;
    },
    listenerCount: () => listeners.size,
    isListening: () => state === 'listening',
    whenListening(timeoutMs) {
      if (state === 'listening' || state === 'closed') return Promise.resolve(state === 'listening');
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          listeningWaiters.delete(wake);
          resolve(false);
        }, timeoutMs);
        timer.unref?.();
        const wake = (listening: boolean) => {
          clearTimeout(timer);
          resolve(listening);
        };
        listeningWaiters.add(wake);
      });
    },
    async close() {
      if (state === 'closed') return;
      state = 'closed';
      wakeWaiters(false);
      clearTimeout(timer);
      listeners.clear();
      watchers.clear();
      await flushing;
      const connection = current;
      current = undefined;
      if (connection) {
        connection.client.removeAllListeners('notification');
        await connection.end().catch(() => {});
      }
    },
  };
}
