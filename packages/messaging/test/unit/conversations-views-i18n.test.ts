import { describe, expect, it } from 'vitest';
import { MessagingError } from '../../src/errors.js';
import { formError } from '../../src/http/conversations/form-errors.js';
import { DEFAULT_LIMITS } from '../../src/options.js';
import { FILES_ONLY_PREVIEW } from '../../src/services/conversations/message-text.js';
import type { Participant, ThreadSummary } from '../../src/services/conversations/types.js';
import { renderInbox } from '../../src/views/conversations/inbox-view.js';
import { renderSearch } from '../../src/views/conversations/search-view.js';
import { createLocalization } from '../../src/views/i18n/localization.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';

/*
 * Issue 15: the words of the inbox and search views and of the forms' errors come from the
 * catalogue in the member's language; a host's `strings` replace them.
 */

const locales = createLocalization({ strings: { en: { conversations: { inboxHeading: 'Inbox', formWriteFirst: 'Say something first.' } } } });
const kitFor = (locale: string, zone = 'UTC') => ({ renderer: defaultRenderer(), i18n: locales.translator(locale, zone) });

const ME: Participant = { id: '1', displayName: 'Ann', profileUrl: null, avatarUrl: null };
const BOB: Participant = { id: '2', displayName: 'Bob', profileUrl: null, avatarUrl: null };
const NOW = '2026-03-12T10:00:00.000Z';

function summary(id: string, last: { senderId: string; preview: string }, extra: Partial<ThreadSummary> = {}): ThreadSummary {
  return { id, subject: null, participants: [ME, BOB], lastMessage: { id: '9', createdAt: NOW, ...last }, unreadCount: 0, lastMessageAt: NOW, ...extra };
}

describe('inbox view in the member language', () => {
  it('German: own last message, a message of files only, muted, the context', () => {
    const page = {
      items: [
        summary('T1', { senderId: '1', preview: 'bis morgen' }),
        summary('T2', { senderId: '2', preview: FILES_ONLY_PREVIEW }, { muted: true, unreadCount: 2, context: { type: 'listing', id: '1', title: 'Fahrrad', url: null } }),
      ],
      nextCursor: null,
    };
    const html = renderInbox(kitFor('de'), { viewerId: '1', page, base: '/m', isFirstPage: true, now: NOW });
    expect(html).toContain('<p class="m-preview">Du: <bdi>bis morgen</bdi></p>');
    expect(html).toContain('<p class="m-preview"><bdi>Datei gesendet</bdi></p>');
    expect(html).toContain('<span class="m-badge">2 ungelesen</span> <span class="m-muted-marker" data-messaging-muted>Stummgeschaltet</span>');
    expect(html).toContain(' · Betrifft <bdi>Fahrrad</bdi></span>');
    expect(html).not.toMatch(/You: |Sent a file|Muted|About /);
  });

  it('an empty later page and an empty inbox with archived threads, in Spanish', () => {
    const empty = { items: [], nextCursor: null };
    expect(renderInbox(kitFor('es'), { viewerId: '1', page: empty, base: '/m', isFirstPage: false, now: NOW })).toContain('No hay más conversaciones.');
    expect(renderInbox(kitFor('es'), { viewerId: '1', page: empty, base: '/m', isFirstPage: true, hasArchived: true, now: NOW })).toContain(
      'Las conversaciones archivadas están en <a href="/m/archived">Archivadas</a>.',
    );
  });

  it("a host's strings replace the English words", () => {
    expect(renderInbox(kitFor('en'), { viewerId: '1', page: { items: [], nextCursor: null }, base: '/m', isFirstPage: true, now: NOW })).toContain('<h1>Inbox</h1>');
  });
});

describe('search view in the member language', () => {
  it('Brazilian Portuguese: "Você" for the own message, the time in the member zone', () => {
    const result = {
      threadId: 'T1',
      thread: { id: 'T1', subject: null, participants: [ME, BOB] },
      sender: ME,
      message: { id: '5', threadId: 'T1', senderId: '1', body: 'oi', createdAt: NOW },
      excerpt: [{ text: 'oi', match: true }],
    };
    const html = renderSearch(kitFor('pt-BR', 'America/Sao_Paulo'), {
      viewerId: '1',
      base: '/m',
      q: 'oi',
      page: { items: [result as never], nextCursor: null },
      isFirstPage: true,
    });
    expect(html).toContain('<bdi>Você</bdi>: <span class="m-excerpt" dir="auto"><mark>oi</mark></span>');
    // 10:00 UTC is 07:00 in São Paulo.
    expect(html).toMatch(/<time datetime="2026-03-12T10:00:00.000Z">12 de mar\. de 2026,? 07:00[^<]*<\/time>/);
    expect(html).toContain('<h1>Pesquisar mensagens</h1>');
  });
});

describe('form errors in the member language', () => {
  const de = locales.translator('de', 'UTC');
  const ar = locales.translator('ar', 'UTC');

  it('field errors say what to do, from section conversations', () => {
    const empty = new MessagingError('invalid_request', 'The body must not be empty.', { details: [{ in: 'body', field: 'body', message: 'must not be empty' }] });
    expect(formError(empty, 'reply', DEFAULT_LIMITS, de)).toMatchObject({ field: 'body', message: 'Schreib zuerst eine Nachricht.', status: 400 });
    expect(formError(empty, 'reply', DEFAULT_LIMITS)).toMatchObject({ message: 'Write a message first.' });
    expect(formError(empty, 'reply', DEFAULT_LIMITS, locales.translator('en'))).toMatchObject({ message: 'Say something first.' });
    const long = new MessagingError('payload_too_large', undefined, { details: [{ in: 'body', field: 'body', message: 'must be at most 10000 characters' }] });
    expect(formError(long, 'compose', DEFAULT_LIMITS, de)).toMatchObject({ field: 'body', message: 'Das ist zu lang: höchstens 10.000 Zeichen.', status: 413 });
    expect(formError(long, 'compose', DEFAULT_LIMITS, ar)?.message).toBe(`النص طويل جدًا: الحد الأقصى ${new Intl.NumberFormat('ar').format(10_000)} حرف.`);
    const line = new MessagingError('invalid_request', 'The subject must be a single line.', { details: [{ in: 'body', field: 'subject', message: 'must be a single line' }] });
    expect(formError(line, 'compose', DEFAULT_LIMITS, de)).toMatchObject({ field: 'subject', message: 'Schreib den Betreff in eine einzige Zeile.' });
    const many = new MessagingError('invalid_request', 'x', { details: [{ in: 'body', field: 'recipientIds', message: 'must name at most 20 members' }] });
    expect(formError(many, 'compose', DEFAULT_LIMITS, de)).toMatchObject({ field: 'to', message: 'Eine Unterhaltung kann höchstens 20 weitere Mitglieder haben.' });
    const control = new MessagingError('invalid_request', 'x', {
      details: [{ in: 'body', field: 'body', message: 'must not contain control characters other than tab and newline' }],
    });
    expect(formError(control, 'reply', DEFAULT_LIMITS, de)?.message).toBe('Entferne die unsichtbaren Steuerzeichen aus diesem Text.');
  });

  it('contract errors come from section errors; a refused staged file is not "write a message first"', () => {
    expect(formError(new MessagingError('blocked'), 'compose', DEFAULT_LIMITS, de)).toMatchObject({ field: 'to', message: de.t('errors.blocked'), status: 403 });
    expect(formError(new MessagingError('rate_limited', 'Custom English.', { details: { retryAfter: 4 } }), 'reply', DEFAULT_LIMITS, de)).toMatchObject({
      field: 'form',
      message: de.t('errors.rate_limited'),
      retryAfter: 4,
    });
    const file = new MessagingError('invalid_request', 'The attachment is gone.', { details: [{ in: 'body', field: 'attachmentIds', message: 'x' }] });
    expect(formError(file, 'reply', DEFAULT_LIMITS, de)).toMatchObject({ field: 'body', message: de.t('errors.attachment_refused') });
    expect(de.t('errors.blocked')).not.toBe(locales.translator('en').t('errors.blocked'));
  });
});
