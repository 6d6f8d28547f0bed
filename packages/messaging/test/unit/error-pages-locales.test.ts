import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/create-messaging.js';
import { MessagingError } from '../../src/errors.js';
import type { HttpContext } from '../../src/http/http-context.js';
import { createErrorHandler, withPageMessage } from '../../src/http/responses/errors.js';
import { type MessagingOptions, validateOptions } from '../../src/options.js';

/**
 * The HTML error pages in the member's language (heading, message, lang and dir), the JSON API
 * in the contract's English, and an error handler that answers whatever fails while answering.
 */

const quiet = { info() {}, warn() {}, error() {} };

function contextWith(overrides: Partial<MessagingOptions> = {}): HttpContext {
  return createContext(validateOptions({ database: { sqlite: ':memory:' }, users: { getUsers: async () => [] }, currentUserId: () => '1', logger: quiet, ...overrides }));
}

/** A router that throws `error` on a page and on an API route, with the package's error handler last. */
function appWith(ctx: HttpContext, error: () => unknown) {
  const app = express();
  const router = express.Router();
  router.get('/page', () => {
    throw error();
  });
  router.get('/api/thing', () => {
    throw error();
  });
  router.use(createErrorHandler(ctx));
  app.use('/m', router);
  return app;
}

const forbidden = () => new MessagingError('forbidden', 'Only administrators can change messaging settings.');

describe('HTML error pages in the member language', () => {
  it('German from Accept-Language: heading, the code message, the inbox link, lang and dir', async () => {
    const res = await request(appWith(contextWith(), forbidden)).get('/m/page').set('Accept-Language', 'de-DE,de;q=0.9,en;q=0.5');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html lang="de-DE" dir="ltr">');
    expect(res.text).toContain('<title>Nicht erlaubt</title>');
    expect(res.text).toMatch(/<section class="messaging messaging-error" lang="de-DE" dir="ltr"/);
    expect(res.text).toContain('<h1 id="messaging-error-title">Nicht erlaubt</h1>');
    expect(res.text).toContain('<p role="alert">Das darfst du nicht.</p>');
    expect(res.text).toContain('<a href="/m/">Zurück zu deinen Nachrichten</a>');
    // The service's English words are for the JSON API, not the page.
    expect(res.text).not.toContain('Only administrators');
  });

  it("Arabic from the host's locale(req): right to left, the Arabic heading and message", async () => {
    const res = await request(appWith(contextWith({ locale: () => 'ar' }), () => new MessagingError('rate_limited'))).get('/m/page');
    expect(res.status).toBe(429);
    expect(res.text).toContain('<html lang="ar" dir="rtl">');
    expect(res.text).toMatch(/<section class="messaging messaging-error" lang="ar" dir="rtl"/);
    expect(res.text).toContain('<h1 id="messaging-error-title">على مهلك</h1>');
    expect(res.text).toContain('أنت ترسل بسرعة كبيرة. انتظر قليلًا وحاول مرة أخرى.');
    expect(res.text).toContain('العودة إلى رسائلك');
  });

  it('a conversation that is not there, an unexpected error and a precise page message, in German', async () => {
    const de = (error: () => unknown) => request(appWith(contextWith({ locale: () => 'de' }), error)).get('/m/page');
    const missing = await de(() => new MessagingError('not_found'));
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Diese Unterhaltung gibt es nicht, oder du gehörst nicht zu ihr.');
    // A not_found with words of its own (an unknown member) is not about a conversation.
    expect((await de(() => new MessagingError('not_found', 'We could not find that member.'))).text).toContain('<p role="alert">Nicht gefunden.</p>');
    const crash = await de(() => new Error('boom'));
    expect(crash.status).toBe(500);
    expect(crash.text).toContain('Etwas ist schiefgelaufen');
    expect(crash.text).toContain('Bei uns ist etwas schiefgelaufen.');
    expect(crash.text).not.toContain('boom');
    const precise = await de(() => withPageMessage(new MessagingError('not_found', 'This unsubscribe link is not valid.'), 'mail.unsubscribeInvalid'));
    expect(precise.text).toContain('Dieser Abmeldelink ist ungültig.');
  });

  it('the JSON API keeps the English message of the contract, whatever the language', async () => {
    const app = appWith(contextWith({ locale: () => 'ar' }), forbidden);
    const res = await request(app).get('/m/api/thing').set('Accept-Language', 'de');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message: 'Only administrators can change messaging settings.' } });
    const plain = await request(appWith(contextWith({ locale: () => 'de' }), () => new MessagingError('rate_limited'))).get('/m/api/thing');
    expect(plain.body.error.message).toBe('You are sending too fast. Wait a moment and try again.');
  });
});

describe('an error handler that never fails itself', () => {
  it("answers a page in the default language when the host's locale(req) and timeZone(req) throw", async () => {
    const ctx = contextWith({
      locale: () => {
        throw new Error('no profile');
      },
      timeZone: async () => {
        throw new Error('no zone');
      },
    });
    const res = await request(appWith(ctx, forbidden)).get('/m/page');
    expect(res.status).toBe(403);
    expect(res.text).toContain('<html lang="en" dir="ltr">');
    expect(res.text).toContain('You are not allowed to do that.');
  });

  it("answers the package's English page when the member's translator fails", async () => {
    const ctx = contextWith({ locale: () => 'de' });
    const broken: HttpContext = {
      ...ctx,
      localization: {
        ...ctx.localization,
        translator() {
          throw new Error('translator down');
        },
      },
    };
    const res = await request(appWith(broken, forbidden)).get('/m/page');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html lang="en" dir="ltr">');
    expect(res.text).toContain('<p role="alert">You are not allowed to do that.</p>');
  });

  it("answers the package's page when the host's layout throws, and plain text when the host's logger throws too", async () => {
    const layout = () => {
      throw new Error('layout broke');
    };
    const res = await request(appWith(contextWith({ layout, locale: () => 'ar' }), forbidden)).get('/m/page');
    expect(res.status).toBe(403);
    expect(res.text).toContain('<h1 id="messaging-error-title">Not allowed</h1>');

    const logger = {
      info() {},
      warn() {},
      error() {
        throw new Error('logger broke');
      },
    };
    // An unexpected error is logged first: the logger throws before any page is made.
    const crash = await request(appWith(contextWith({ layout, logger }), () => new Error('boom'))).get('/m/page');
    expect(crash.status).toBe(500);
    expect(crash.text).toBe('Something went wrong on our side.');
  });

  it('answers with the status when a host template fails while rendering the error page', async () => {
    const ctx = contextWith({ locale: () => 'de' });
    const failing: HttpContext = {
      ...ctx,
      renderer: {
        overridden: [],
        render() {
          throw new Error('template broke');
        },
      },
    };
    const res = await request(appWith(failing, () => new MessagingError('payload_too_large'))).get('/m/page');
    expect(res.status).toBe(413);
    // The package's own templates, in English, without the instance's renderer.
    expect(res.text).toContain('<h1 id="messaging-error-title">Too long</h1>');
  });
});
