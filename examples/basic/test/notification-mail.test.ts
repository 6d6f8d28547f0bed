import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExampleApp } from '../src/app.js';
import { parseEml } from '../src/mail/eml.js';
import { csrfOf, signIn, startApp, switchMessaging, tempDataDir } from './helpers.js';

const DELAY_MS = 100;
const PUBLIC_URL = 'http://members.example.test:8080';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The app with a short delay and no delivery loop: the test runs `deliverDue()` itself, when it chooses. */
async function fresh(): Promise<{ example: ExampleApp; mailDir: string; idOf(username: string): number }> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const example = await startApp(data.dir, { publicUrl: PUBLIC_URL, mail: { delay: DELAY_MS, worker: false } });
  cleanups.push(() => example.close());
  await switchMessaging(example, true);
  const idOf = (username: string) => (example.db.prepare('select id from users where username = ?').get(username) as { id: number }).id;
  return { example, mailDir: join(data.dir, 'mail'), idOf };
}

/** What the app wrote to DATA_DIR/mail/, parsed, by recipient. */
function mails(mailDir: string) {
  let names: string[] = [];
  try {
    names = readdirSync(mailDir).filter((name) => name.endsWith('.eml'));
  } catch {
    // no folder: no mail yet
  }
  return names.map((name) => ({ name, ...parseEml(readFileSync(join(mailDir, name), 'utf8')) }));
}
const mailsTo = (mailDir: string, username: string) => mails(mailDir).filter((m) => m.headers.get('to') === `${username}@example.test`);

async function send(example: ExampleApp, from: string, toId: number, body: string): Promise<string> {
  const agent = await signIn(example, from);
  const compose = await agent.get(`/messages/new?to=${toId}`).expect(200);
  const sent = await agent
    .post('/messages')
    .type('form')
    .send({ to: String(toId), body, _csrf: csrfOf(compose.text) })
    .expect(303);
  return sent.headers.location!.replace(/#.*$/, '');
}

/** Waits out the delay, then runs the delivery once, as the loop would. */
async function deliverAfterDelay(example: ExampleApp) {
  await new Promise((resolve) => setTimeout(resolve, DELAY_MS + 50));
  return example.messaging.notifications.deliverDue();
}

describe('notification mails in the example app (no SMTP_URL: .eml files)', () => {
  it('writes one mail to the member who left a message unread, with the thread link and the one-click unsubscribe headers', async () => {
    const { example, mailDir, idOf } = await fresh();
    const threadPath = await send(example, 'alice', idOf('bob'), 'Are you coming on Saturday?');
    expect(mails(mailDir)).toEqual([]); // not before the delay

    expect((await deliverAfterDelay(example)).sent).toBe(1);
    const [mail, ...others] = mails(mailDir);
    expect(others).toEqual([]);
    expect(mail!.headers.get('to')).toBe('bob@example.test');
    expect(mail!.headers.get('from')).toBe('Basic example <messages@example.test>');
    expect(mail!.headers.get('subject')).toContain('Alice Archer');
    expect(mail!.html).toContain(`href="${PUBLIC_URL}${threadPath}"`);
    expect(mail!.text).toContain(`${PUBLIC_URL}${threadPath}`);
    expect(mail!.headers.get('list-unsubscribe')).toMatch(new RegExp(`^<${PUBLIC_URL}/messages/unsubscribe\\?u=${idOf('bob')}&t=[\\w-]+>$`));
    expect(mail!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // The message text stays out of the mail (the package's includeMessageText is off).
    expect(`${mail!.text} ${mail!.html}`).not.toContain('Saturday');

    // More messages in the thread bob has not opened since: no second mail.
    await send(example, 'alice', idOf('bob'), 'Hello?');
    await deliverAfterDelay(example);
    expect(mails(mailDir)).toHaveLength(1);
  });

  it('writes the test mail that `messaging notifications send-test` queues', async () => {
    const { example, mailDir, idOf } = await fresh();
    await example.messaging.notifications.queueTest(idOf('carol'));
    expect((await example.messaging.notifications.deliverDue()).sent).toBe(1);
    const [mail] = mailsTo(mailDir, 'carol');
    expect(mail!.headers.get('subject')).toBe('Test notification: mail about messages works');
    expect(mail!.headers.get('list-unsubscribe')).toMatch(new RegExp(`^<${PUBLIC_URL}/messages/unsubscribe\\?u=${idOf('carol')}&`));
  });

  it('writes none for a message read before the delay', async () => {
    const { example, mailDir, idOf } = await fresh();
    const threadPath = await send(example, 'alice', idOf('bob'), 'Read me quickly');
    await (await signIn(example, 'bob')).get(threadPath).expect(200);
    // In the same run a message carol leaves unread gets its mail: the delivery did run.
    await send(example, 'alice', idOf('carol'), 'And you?');

    await deliverAfterDelay(example);
    expect(mailsTo(mailDir, 'carol')).toHaveLength(1);
    expect(mailsTo(mailDir, 'bob')).toEqual([]);
  });

  it('writes none after the member unsubscribed with the link of an earlier mail', async () => {
    const { example, mailDir, idOf } = await fresh();
    await send(example, 'alice', idOf('bob'), 'First');
    await deliverAfterDelay(example);
    const unsubscribe = /^<(.+)>$/.exec(mailsTo(mailDir, 'bob')[0]!.headers.get('list-unsubscribe') ?? '')![1]!;

    // What a mail client's "Unsubscribe" button sends (RFC 8058): signed out, no CSRF token.
    const url = new URL(unsubscribe);
    await request(example.app).post(`${url.pathname}${url.search}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await example.messaging.notifications.getMode(idOf('bob'))).toBe('off');

    await send(example, 'carol', idOf('bob'), 'A new conversation'); // a new thread: a mail if bob had not unsubscribed
    await send(example, 'bob', idOf('dave'), 'Hi Dave');
    await deliverAfterDelay(example);
    expect(mailsTo(mailDir, 'dave')).toHaveLength(1);
    expect(mailsTo(mailDir, 'bob')).toHaveLength(1); // the first one only
  });
});
