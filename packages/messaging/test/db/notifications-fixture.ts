import type { Messaging } from '../../src/create-messaging.js';
import type { NotificationOptions } from '../../src/notification-options.js';
import type { MessagingOptions } from '../../src/options.js';
import type { MessagingNotification } from '../../src/notification-types.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

/** An instance with notifications on, `worker: false`, a fake clock and a recording `send`. */
export interface NotifyFixture {
  messaging: Messaging;
  /** Every notification `send` took (a throwing attempt is in `attempts` only). */
  sent: MessagingNotification[];
  attempts: MessagingNotification[];
  /** What `send` does before it records a success: throw to fail the attempt. */
  behaviour: { next: (n: MessagingNotification) => void | Promise<void> };
  advance(ms: number): void;
  setTime(iso: string): void;
  now(): Date;
  cleanup(): Promise<void>;
}

export const BASE_URL = 'https://example.test/messages';
export const START = '2026-03-01T10:00:00.000Z';
export const MINUTE = 60_000;

export async function notifyFixture(notifications: Partial<NotificationOptions> = {}, more: Partial<MessagingOptions> = {}): Promise<NotifyFixture> {
  let now = Date.parse(START);
  const sent: MessagingNotification[] = [];
  const attempts: MessagingNotification[] = [];
  const behaviour: NotifyFixture['behaviour'] = { next: () => {} };
  const t = await createTestMessaging({
    clock: () => new Date(now),
    notifications: {
      send: async (n) => {
        attempts.push(n);
        await behaviour.next(n);
        sent.push(n);
      },
      baseUrl: BASE_URL,
      delay: '10m',
      worker: false,
      ...notifications,
    },
    ...more,
  });
  await t.messaging.toggle.setEnabled(true, null);
  return {
    messaging: t.messaging,
    sent,
    attempts,
    behaviour,
    advance: (ms) => {
      now += ms;
    },
    setTime: (iso) => {
      now = Date.parse(iso);
    },
    now: () => new Date(now),
    cleanup: t.cleanup,
  };
}

/** The outbox rows, oldest first. */
export function outbox(messaging: Messaging) {
  return messaging.database.db.selectFrom('messaging_notifications').selectAll().orderBy('created_at').orderBy('id').execute();
}
