import { z } from 'zod';
import type { MessagingNotification } from './notification-types.js';

/** The `notifications` option: the package decides when and whom to tell about unread messages; `send` delivers. */
export interface NotificationOptions {
  /** Required. Delivers one notification (mail, push, …). Throwing or rejecting means: retry later (with backoff). */
  send(notification: MessagingNotification): void | Promise<void>;
  /** Required. Absolute URL where the host mounts `messaging.router`, e.g. `'https://example.com/messages'`: mails need absolute links. */
  baseUrl: string;
  /** How long after a message a member is told, if it is still unread: ms, or `'30s'`, `'15m'`, `'1h'`. @default '10m' */
  delay?: number | string;
  /** The mode of members who chose none. @default 'conversation' */
  defaultMode?: 'conversation' | 'digest' | 'off';
  /** Hour (0-23, UTC) at which the daily digests go out. @default 8 */
  digestHourUtc?: number;
  /** Include message text in the notification (`threads[].latestMessages[].body`). @default false */
  includeMessageText?: boolean;
  /** Run the delivery loop in this process; `false`: a job calls `messaging.notifications.deliverDue()`. @default true */
  worker?: boolean;
  /** How often the loop looks for due work, in ms. @default 5000 */
  pollIntervalMs?: number;
  /** Attempts before a notification is given up (status 'failed'); the wait doubles from 30 s, up to 1 h. @default 8 */
  maxAttempts?: number;
}

/** The option with every default filled in; `delay` in ms. */
export interface ResolvedNotificationOptions extends Required<Omit<NotificationOptions, 'delay'>> {
  delayMs: number;
}

const DURATION = /^(\d+)\s*(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A delay in ms from a number of ms or text such as `'2s'`, `'15m'`, `'1h'`; undefined when neither. */
export function parseDelay(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const match = DURATION.exec(value.trim());
  return match ? Number(match[1]) * (UNIT_MS[match[2] as string] as number) : undefined;
}

const wholeNumber = (min: number, max: number, example: string) =>
  z.custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max, {
    message: `must be a whole number from ${min} to ${max}, for example ${example}`,
  });

// A custom check, not z.boolean(): the factory reads a failed type check as "is required".
const flag = (message: string) => z.custom<boolean>((v) => typeof v === 'boolean', { message });

/** The zod schema of the `notifications` option (errors name the option and show a fix). */
export const notificationOptionsSchema = z
  .object({
    send: z.custom<(n: MessagingNotification) => unknown>((v) => typeof v === 'function', { message: 'is required: a function that delivers one notification (a mail, a push)' }),
    baseUrl: z.custom<string>((v) => typeof v === 'string' && /^https?:\/\/[^/\s]+/i.test(v), {
      message: "must be the absolute http(s) URL where messaging.router is mounted, for example 'https://example.com/messages'",
    }),
    delay: z
      .custom<number | string>((v) => (typeof v === 'number' || typeof v === 'string') && parseDelay(v) !== undefined, {
        message: "must be a number of ms or text such as '30s', '15m', '1h'",
      })
      .optional(),
    defaultMode: z.enum(['conversation', 'digest', 'off'], { message: "must be 'conversation', 'digest' or 'off'" }).optional(),
    digestHourUtc: wholeNumber(0, 23, '8').optional(),
    includeMessageText: flag('must be true or false').optional(),
    worker: flag('must be true or false (false: call messaging.notifications.deliverDue() from a job)').optional(),
    pollIntervalMs: wholeNumber(100, 3_600_000, '5000').optional(),
    maxAttempts: wholeNumber(1, 100, '8').optional(),
  })
  .strict();

/** Fills in the defaults of a validated `notifications` option. */
export function resolveNotificationOptions(options: NotificationOptions): ResolvedNotificationOptions {
  return {
    send: options.send,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    delayMs: parseDelay(options.delay ?? '10m') as number,
    defaultMode: options.defaultMode ?? 'conversation',
    digestHourUtc: options.digestHourUtc ?? 8,
    includeMessageText: options.includeMessageText ?? false,
    worker: options.worker ?? true,
    pollIntervalMs: options.pollIntervalMs ?? 5000,
    maxAttempts: options.maxAttempts ?? 8,
  };
}
