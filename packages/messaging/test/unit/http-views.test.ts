import { describe, expect, it } from 'vitest';
import { MessagingError } from '../../src/errors.js';
import { formError } from '../../src/http/conversations/form-errors.js';
import { DEFAULT_LIMITS } from '../../src/options.js';
import { renderCompose } from '../../src/views/conversations/compose-view.js';
import { safeUrl } from '../../src/views/text/format.js';
import { english } from '../../src/views/i18n/localization.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';

/** English, the package's templates: what a route's `viewKit` gives a member without a locale. */
const kit = { renderer: defaultRenderer(), i18n: english() };

describe('compose view', () => {
  it('escapes typed text and ties each error to its field', () => {
    const html = renderCompose(kit, {
      base: '/m',
      csrfToken: 't"k',
      recipients: [],
      picker: { q: '"><script>x</script>', results: [{ id: '2', displayName: '<b>Bob</b>', profileUrl: null, avatarUrl: 'javascript:alert(1)' }], maxLength: 100 },
      subject: '<i>s</i>',
      body: '</textarea><script>y</script>',
      errors: { to: 'No <such> member', body: 'Too long' },
      maxMessageLength: 10,
      maxSubjectLength: 5,
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="t&quot;k"');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;y&lt;/script&gt;</textarea>');
    expect(html).toContain('<p class="m-error" id="messaging-to-error">No &lt;such&gt; member</p>');
    expect(html).toContain('&lt;b&gt;Bob&lt;/b&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="/m/new?to=2"');
    expect(html).toContain('aria-describedby="messaging-body-error"');
    expect(html).not.toContain('aria-describedby="messaging-subject-error"');
  });
});

describe('form errors', () => {
  it('puts a service error next to the field it names and keeps 429 details', () => {
    const subject = new MessagingError('invalid_request', 'The subject must be a single line.', { details: [{ in: 'body', field: 'subject', message: 'x' }] });
    expect(formError(subject, 'compose', DEFAULT_LIMITS)).toMatchObject({ field: 'subject', status: 400 });
    expect(formError(new MessagingError('invalid_recipient'), 'compose', DEFAULT_LIMITS)).toMatchObject({ field: 'to', status: 400 });
    expect(formError(new MessagingError('payload_too_large'), 'reply', DEFAULT_LIMITS)).toMatchObject({ field: 'body', status: 413, message: expect.stringContaining('10,000') });
    expect(formError(new MessagingError('rate_limited', undefined, { details: { retryAfter: 7 } }), 'reply', DEFAULT_LIMITS)).toMatchObject({ field: 'form', retryAfter: 7 });
    expect(formError(new MessagingError('not_found'), 'reply', DEFAULT_LIMITS)).toBeNull();
    expect(formError(new Error('db down'), 'reply', DEFAULT_LIMITS)).toBeNull();
  });
});

describe('safeUrl', () => {
  it('keeps paths and http(s) links, drops other schemes', () => {
    expect(safeUrl('/users/1')).toBe('/users/1');
    expect(safeUrl('https://x.example/u')).toBe('https://x.example/u');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(' javascript:alert(1)')).toBeNull();
    expect(safeUrl(null)).toBeNull();
  });
});
