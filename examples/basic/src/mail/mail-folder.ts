import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEml } from './eml.js';

/** One mail of the folder, as the admin's list shows it. */
export interface MailSummary {
  /** The file name, `<id>.eml`: what the mail page's URL carries. */
  name: string;
  subject: string;
  to: string;
  /** When it was written. */
  date: Date;
}

export interface MailDetail extends MailSummary {
  from: string;
  listUnsubscribe: string | null;
  text: string | null;
  html: string | null;
}

/** Only names this folder writes; anything else (`../x`, a temporary file) is not a mail. */
const MAIL_NAME = /^[A-Za-z0-9_-]{1,80}\.eml$/;

/**
 * `DATA_DIR/mail/`: where the example keeps every mail it would send when no SMTP server is
 * set, one RFC 822 file per mail, so a newcomer can see them (any mail client opens them).
 */
export function createMailFolder(dataDir: string) {
  const dir = join(dataDir, 'mail');

  return {
    dir,

    /**
     * Keeps one mail under a name made from `key` (the notification's id). Delivery is at least
     * once: a retry of a mail already written finds its file and writes nothing, so one
     * notification is one file whatever happens. Returns false for such a duplicate.
     */
    write(key: string, raw: Buffer): boolean {
      mkdirSync(dir, { recursive: true });
      const name = `${fileKey(key)}.eml`;
      // Written aside, then linked into place: link() fails if the name exists, so the
      // check and the write are one step, also between processes, and nobody lists half a mail.
      const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
      writeFileSync(temporary, raw);
      try {
        linkSync(temporary, join(dir, name));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err;
      } finally {
        unlinkSync(temporary);
      }
    },

    /** The newest `limit` mails first, and how many there are in all. */
    list(limit = 200): { mails: MailSummary[]; total: number } {
      const names = readNames(dir);
      // A file removed by hand between the listing and here is simply left out.
      const dated = names.flatMap((name) => {
        const written = statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs;
        return written === undefined ? [] : [{ name, written }];
      });
      dated.sort((a, b) => b.written - a.written || b.name.localeCompare(a.name));
      return { mails: dated.slice(0, limit).flatMap(({ name }) => read(dir, name) ?? []), total: names.length };
    },

    /** One mail by its file name, or undefined for a name that is not one of ours. */
    get: (name: string): MailDetail | undefined => (MAIL_NAME.test(name) ? read(dir, name) : undefined),
  };
}

export type MailFolder = ReturnType<typeof createMailFolder>;

/** The id as the name when it is a plain one, else its hash: a name never leaves the folder. */
function fileKey(key: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(key) ? key : createHash('sha256').update(key).digest('hex').slice(0, 40);
}

function readNames(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => MAIL_NAME.test(name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function read(dir: string, name: string): MailDetail | undefined {
  let raw: string;
  let written: Date;
  try {
    const path = join(dir, name);
    written = statSync(path).mtime;
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const mail = parseEml(raw);
  const dateHeader = new Date(mail.headers.get('date') ?? '');
  return {
    name,
    subject: mail.headers.get('subject') ?? '(no subject)',
    to: mail.headers.get('to') ?? '',
    from: mail.headers.get('from') ?? '',
    date: Number.isNaN(dateHeader.getTime()) ? written : dateHeader,
    listUnsubscribe: mail.headers.get('list-unsubscribe') ?? null,
    text: mail.text,
    html: mail.html,
  };
}
