import type { NotificationMode, NotificationService } from '../../notification-types.js';

/**
 * What the preferences page and `GET`/`PUT /api/preferences` use of `messaging.notifications`.
 * Given only when the host set the `notifications` option: without it the page shows no
 * choice and the API keeps its former shape (`{ whoCanMessage }`).
 */
export type NotificationPreference = Pick<NotificationService, 'getMode' | 'setMode'>;

/** The choices, in the order the form shows them. */
export const NOTIFICATION_MODES = ['off', 'conversation', 'digest'] as const satisfies readonly NotificationMode[];

export function isNotificationMode(value: unknown): value is NotificationMode {
  return typeof value === 'string' && (NOTIFICATION_MODES as readonly string[]).includes(value);
}
