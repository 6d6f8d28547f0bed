import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExampleApp } from '../src/app.js';
import { createMailFolder } from '../src/mail/mail-folder.js';
import { signIn, startApp, tempDataDir } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function fresh(): Promise<{ example: ExampleApp; dir: string }> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const example = await startApp(data.dir);
  cleanups.push(() => example.close());
  return { example, dir: data.dir };
}

/** The bytes nodemailer would hand an SMTP server, as the app's mailer writes them. */
async function compose(mail: { to: string; subject: string; html: string; text: string }): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: 'Basic example <messages@example.test>',
    ...mail,
    headers: { 'List-Unsubscribe': '<http://localhost:3000/messages/unsubscribe?u=3&t=x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
  return info.message as Buffer;
}

describe('the example app keeps mail for the admin to see', () => {
  it('gives every demo member an address, also on a DATA_DIR from before addresses', async () => {
    const { example, dir } = await fresh();
    const emails = example.db.prepare('select username, email from users order by username').all();
    expect(emails).toEqual(['admin', 'alice', 'bob', 'carol', 'dave'].map((username) => ({ username, email: `${username}@example.test` })));
    await example.close();
    cleanups.pop();

    // An app.db of an older example: the users table without the column.
    const old = new Database(join(dir, 'app.db'));
    old.exec('alter table users drop column email');
    old.close();
    const again = await startApp(dir);
    cleanups.push(() => again.close());
    expect(again.db.prepare("select email from users where username = 'bob'").get()).toEqual({ email: 'bob@example.test' });
  });

  it('lists the written mails newest first for the admin only, and shows one in a sandboxed frame', async () => {
    const { example, dir } = await fresh();
    const folder = createMailFolder(dir);
    expect(folder.write('first', await compose({ to: 'bob@example.test', subject: 'Alice Archer wrote to you', html: '<p>Hi Bob</p>', text: 'Hi Bob' }))).toBe(true);
    utimesSync(join(folder.dir, 'first.eml'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const hostile = await compose({ to: 'carol@example.test', subject: 'Zoë <b>wrote</b> “hi”', html: '<p>Hello</p><script>parent.alert(1)</script>', text: 'Hello Carol' });
    expect(folder.write('second', hostile)).toBe(true);
    // A retry of the same notification: the first file stays, no second one.
    expect(folder.write('second', await compose({ to: 'carol@example.test', subject: 'again', html: '', text: '' }))).toBe(false);
    expect(readdirSync(folder.dir).sort()).toEqual(['first.eml', 'second.eml']);

    await request(example.app).get('/admin/mail').expect(303);
    await (await signIn(example, 'bob')).get('/admin/mail').expect(403);
    await (await signIn(example, 'bob')).get('/admin/mail/first.eml/html').expect(403);

    const admin = await signIn(example, 'admin');
    expect((await admin.get('/admin/settings').expect(200)).text).toContain('href="/admin/mail"');
    const list = await admin.get('/admin/mail').expect(200);
    expect(list.text).toContain('2 mails');
    const newest = list.text.indexOf('href="/admin/mail/second.eml"');
    const older = list.text.indexOf('href="/admin/mail/first.eml"');
    expect(newest).toBeGreaterThan(-1);
    expect(older).toBeGreaterThan(newest);
    expect(list.text).toContain('Zoë &lt;b&gt;wrote&lt;/b&gt; “hi”');
    expect(list.text).toContain('bob@example.test');

    const page = await admin.get('/admin/mail/second.eml').expect(200);
    expect(page.text).toContain('<h1>Zoë &lt;b&gt;wrote&lt;/b&gt; “hi”</h1>');
    expect(page.text).toMatch(/<iframe [^>]*sandbox="" src="\/admin\/mail\/second\.eml\/html"/);
    expect(page.text).not.toContain('parent.alert');
    expect(page.text).toContain('Hello Carol');
    expect(page.text).toContain('&lt;http://localhost:3000/messages/unsubscribe?u=3&amp;t=x&gt;');

    const html = await admin.get('/admin/mail/second.eml/html').expect(200);
    expect(html.text).toBe('<p>Hello</p><script>parent.alert(1)</script>');
    expect(html.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none';/);
    expect(html.headers['cache-control']).toBe('no-store');

    for (const path of ['/admin/mail/nothing.eml', '/admin/mail/..%2Fapp.db', '/admin/mail/.first.eml.tmp', '/admin/mail/first.txt/html']) await admin.get(path).expect(404);
  });

  it('says so when mail goes out through SMTP instead', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const example = await startApp(data.dir, { mail: { smtpUrl: 'smtp://127.0.0.1:1' } });
    cleanups.push(() => example.close());
    const page = await (await signIn(example, 'admin')).get('/admin/mail').expect(200);
    expect(page.text).toContain('SMTP_URL');
    expect(page.text).not.toContain('<table');
  });
});
