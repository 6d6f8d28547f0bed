import { readdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { MessagingNotification } from '@org/messaging';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEml } from '../src/mail/eml.js';
import { createMailFolder } from '../src/mail/mail-folder.js';
import { createNotificationMailer } from '../src/mail/notification-mailer.js';
import { tempDataDir } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const BASE = 'http://localhost:3000/messages';
const notification = (id: string, recipientId = '3'): MessagingNotification => ({
  id,
  kind: 'conversation',
  recipientId,
  recipient: { id: recipientId, displayName: 'Bob Baker' },
  threads: [{ threadId: 't1', subject: 'Saturday', url: `${BASE}/threads/t1`, unreadCount: 2, senders: [{ id: '2', displayName: 'Alice Archer' }] }],
  unreadTotal: 2,
  links: { inbox: BASE, preferences: `${BASE}/preferences`, unsubscribe: `${BASE}/unsubscribe?u=${recipientId}&t=tok` },
  headers: { 'List-Unsubscribe': `<${BASE}/unsubscribe?u=${recipientId}&t=tok>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  createdAt: new Date().toISOString(),
  attempt: 1,
});

/** Just enough of an SMTP server to take one mail at a time: what nodemailer sends through SMTP_URL. */
async function fakeSmtpServer(reply: { data?: string } = {}): Promise<{ url: string; received: string[] }> {
  const received: string[] = [];
  const server: Server = createServer((socket: Socket) => {
    let inData = false;
    let buffer = '';
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          received.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write(reply.data ?? '250 queued\r\n');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline === -1) return;
        const command = buffer.slice(0, newline).toUpperCase();
        buffer = buffer.slice(newline + 2);
        if (command.startsWith('EHLO') || command.startsWith('HELO')) socket.write('250 fake\r\n');
        else if (command === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (command === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const quiet = { info() {}, warn() {}, error() {} };

describe("the example's notification mailer", () => {
  it('sends through SMTP_URL with the List-Unsubscribe headers and a Message-ID made from the notification id', async () => {
    const smtp = await fakeSmtpServer();
    const mailer = createNotificationMailer({ smtpUrl: smtp.url, folder: null, from: 'Basic example <messages@example.test>', emailOf: () => 'bob@example.test', logger: quiet });
    cleanups.push(() => mailer.close());
    await mailer.send(notification('n-1'));
    expect(smtp.received).toHaveLength(1);
    const mail = parseEml(smtp.received[0]!);
    expect(mail.headers.get('to')).toBe('bob@example.test');
    expect(mail.headers.get('message-id')).toBe('<notification-n-1@example.test>');
    expect(mail.headers.get('list-unsubscribe')).toBe(`<${BASE}/unsubscribe?u=3&t=tok>`);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain(`href="${BASE}/threads/t1"`);
    expect(mail.text).toContain(`${BASE}/threads/t1`);
  });

  it('rejects when the SMTP server refuses the mail, so that the package tries again later', async () => {
    const smtp = await fakeSmtpServer({ data: '451 try again later\r\n' });
    const mailer = createNotificationMailer({ smtpUrl: smtp.url, folder: null, from: 'Basic example <messages@example.test>', emailOf: () => 'bob@example.test', logger: quiet });
    cleanups.push(() => mailer.close());
    await expect(mailer.send(notification('n-2'))).rejects.toThrow(/451/);
  });

  it('writes one .eml file per notification id (a retry writes none) and none for a member without an address', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const folder = createMailFolder(data.dir);
    const warnings: string[] = [];
    const mailer = createNotificationMailer({
      folder,
      from: 'Basic example <messages@example.test>',
      emailOf: (id) => (id === '3' ? 'bob@example.test' : null),
      logger: { ...quiet, warn: (_o, m) => warnings.push(m ?? '') },
    });
    await mailer.send(notification('n-3'));
    await mailer.send({ ...notification('n-3'), attempt: 2 });
    await mailer.send(notification('n-4', '99'));
    expect(readdirSync(folder.dir)).toEqual(['n-3.eml']);
    expect(warnings).toEqual(['notification not mailed: the member has no email address']);
    expect(folder.get('n-3.eml')).toMatchObject({ to: 'bob@example.test', listUnsubscribe: `<${BASE}/unsubscribe?u=3&t=tok>` });
  });
});
