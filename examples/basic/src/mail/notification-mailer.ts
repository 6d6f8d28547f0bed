import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { renderNotificationMail, type MessagingLogger, type MessagingNotification } from '@org/messaging';
import type { MailFolder } from './mail-folder.js';

export interface NotificationMailerOptions {
  /** `smtp://user:pass@host:587` (SMTP_URL): real mail. */
  smtpUrl?: string | undefined;
  /** Without `smtpUrl`: where each mail is written as an `.eml` file instead. */
  folder: MailFolder | null;
  /** The From header. */
  from: string;
  /** The member's address from the host's own users table; null when they have none. */
  emailOf(userId: string): string | null;
  logger: MessagingLogger;
}

export interface NotificationMailer {
  /** The package's `notifications.send`: throwing makes the package retry later. */
  send(notification: MessagingNotification): Promise<void>;
  close(): void;
}

/**
 * The example's `notifications.send`: the package decides when and whom to tell; this turns
 * each notification into a mail with the package's renderer and hands it to nodemailer.
 */
export function createNotificationMailer(options: NotificationMailerOptions): NotificationMailer {
  const folder = options.smtpUrl ? null : options.folder;
  // The stream transport builds the complete RFC 822 message (MIME parts, encoded headers) and
  // hands it back instead of sending it: the same bytes an SMTP server would get.
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const domain = /@([^>\s]+)/.exec(options.from)?.[1] ?? 'localhost';

  return {
    async send(notification) {
      const to = options.emailOf(notification.recipientId);
      if (!to) {
        // Nothing to retry: this member has no address (or is gone from our users table).
        options.logger.warn({ notificationId: notification.id, recipientId: notification.recipientId }, 'notification not mailed: the member has no email address');
        return;
      }
      const mail = renderNotificationMail(notification);
      const info = await transport.sendMail({
        from: options.from,
        to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // One Message-ID per notification, the same on a retry: mail systems drop the duplicate
        // a crash between sending and recording can cause (delivery is at least once).
        messageId: `<${plainId(notification.id)}@${domain}>`,
        // List-Unsubscribe and List-Unsubscribe-Post (RFC 8058): mail clients show an
        // "Unsubscribe" button that turns these mails off in one click.
        headers: { ...notification.headers, 'X-Messaging-Notification-Id': notification.id },
      });
      if (folder) {
        const written = folder.write(notification.id, (info as { message: Buffer }).message);
        if (!written) options.logger.info({ notificationId: notification.id }, 'notification mail already written (a retry): kept the first');
      }
    },
    close: () => transport.close(),
  };
}

function plainId(id: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(id) ? `notification-${id}` : `notification-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}
