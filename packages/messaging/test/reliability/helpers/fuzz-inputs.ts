import fc from 'fast-check';

/**
 * What the fuzz run (fuzz-json-api.test.ts) sends: values a client could put in a body, a
 * query or a header, weighted so that about half the requests pass the guards and reach the
 * handlers' own checks.
 */

/** Text with what breaks naive code: C0/C1 controls, NUL, CR, separators, BOM, non-ASCII. */
const nastyText = fc.string({
  unit: fc.constantFrom('a', ' ', 'é', '😀', '\t', '\n', '\r', '\x00', '\x01', '\x08', '\x0b', '\x1b', '\x7f', '\x85', '\u2028', '\ufeff', '<', '"', '\\'),
  maxLength: 40,
});
/** Around the limits: the message maximum (10,000 characters) and the body maximum (64 KiB). */
const hugeText = fc.constantFrom(9_999, 10_000, 10_001, 30_000, 65_536, 70_000).map((n) => 'x'.repeat(n));
const anyText = fc.oneof(fc.string(), nastyText, hugeText, fc.string({ unit: 'binary', maxLength: 30 }));
/** Mostly what a real client sends, sometimes anything: so that many requests reach the handlers and succeed. */
const mostlyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 80 }) },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const anyValue = fc.oneof(anyText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));

/**
 * Digit strings around and past the largest id the database holds (Postgres bigint ends at
 * 9223372036854775807): 19 digits over it, 20 and more, leading zeros.
 */
const hugeDigits = fc.oneof(
  fc.constantFrom('9223372036854775807', '9223372036854775808', '9999999999999999999', '18446744073709551616', '99999999999999999999', '0000000000000000001'),
  fc.bigInt({ min: 2n ** 63n, max: 10n ** 19n - 1n }).map(String),
  fc.bigInt({ min: 10n ** 19n, max: 10n ** 40n }).map(String),
);
/** Text with a NUL or another control character in it (Postgres text cannot hold a NUL). */
const withControl = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\x00', '\x00', '\x01', '\x1b', '\x7f', '\x85'), fc.string({ maxLength: 8 }))
  .map(([a, c, b]) => a + c + b);
/** An inbox cursor in the API's own encoding (base64url JSON of [time, thread id]) with parts it never gives out. */
const forgedCursor = fc
  .tuple(fc.oneof(withControl, hugeDigits, fc.string()), fc.oneof(withControl, fc.string(), fc.constant('AAAAAAAAAAAAAAAAAAAAAA')))
  .map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url'));
/** What reaches a query as an id or a cursor: the usual, huge digit strings, control characters, forged cursors. */
const idOrCursor = fc.oneof(hugeDigits, withControl, forgedCursor);

const userIdLike = fc.oneof(fc.constantFrom('1', '2', '3', '4', '5', '6', '', ' ', '1 ', '01'), fc.integer(), fc.string(), withControl, hugeDigits, anyValue);
/** A user id as a body field: mostly the fixture's members, sometimes anything. */
const userIdValue = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('1', '2', '3', '4', '6', 2, 3) }, { weight: 2, arbitrary: userIdLike });

/** A request body: the route's own shape with wrong or nasty values, any JSON, or not JSON at all. */
export const bodyFor = (shape: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    { weight: 8, arbitrary: shape.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: anyText },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"body":', '[]', 'null', '"x"', '', '{"body":"a"}garbage', '\ufeff{"body":"hi"}') },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
export const startShape = fc.record(
  {
    recipientIds: fc.oneof(
      { weight: 3, arbitrary: fc.array(fc.constantFrom('1', '2', '3', '4', '5', 2, 3), { minLength: 1, maxLength: 3 }) },
      { weight: 2, arbitrary: fc.array(userIdLike, { maxLength: 25 }) },
      { weight: 1, arbitrary: anyValue },
    ),
    subject: fc.oneof(mostlyText, fc.constant(null)),
    body: mostlyText,
  },
  { requiredKeys: ['body'] },
);
export const sendShape = fc.oneof({ weight: 6, arbitrary: fc.record({ body: mostlyText }) }, { weight: 1, arbitrary: fc.record({ body: anyValue }, { requiredKeys: [] }) });
export const readShape = fc.record(
  { lastReadMessageId: fc.oneof(fc.constantFrom('1', '2', '0', '-1', '99999999999999999999', '1e3', '1.5'), fc.integer(), hugeDigits, withControl, anyValue) },
  { requiredKeys: [] },
);

const headerText = fc.string({ unit: fc.constantFrom(...'ab-_/;= :,.*0123456789é'.split('')), maxLength: 30 }).filter((s) => s.trim() === s);
/** Weighted so that about half the requests get past the guards to the handlers' own checks. */
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'application/merge-patch+json',
    ),
  },
  { weight: 1, arbitrary: headerText },
  { weight: 1, arbitrary: fc.constant(null) },
);
/** `fc.option(a, { freq })` gives nil once in `freq`: these headers are absent most of the time, as in real traffic. */
const absentMostly = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
const idempotencyKey = absentMostly(fc.oneof(fc.constantFrom('k1', 'k2', 'a'.repeat(200), 'a'.repeat(201), 'two words'), headerText));
const secFetchSite = fc.oneof(
  { weight: 12, arbitrary: fc.constant('same-origin') },
  { weight: 2, arbitrary: fc.constantFrom('cross-site', 'same-site', 'none') },
  { weight: 1, arbitrary: headerText },
  { weight: 1, arbitrary: fc.constant(null) },
);
const origin = absentMostly(fc.constantFrom('http://evil.example', 'null', 'https://127.0.0.1'));
/** Participants of the threads (1, 2), members of neither or blocked (3, 4), an unknown id, visitors. */
export const viewer = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('1', '2') },
  { weight: 2, arbitrary: fc.constantFrom('3', '4') },
  { weight: 1, arbitrary: fc.constantFrom('6', '999') },
  { weight: 1, arbitrary: fc.constantFrom(null, '') },
  { weight: 1, arbitrary: headerText },
);

export const headers = fc.record({
  'content-type': contentType,
  'idempotency-key': idempotencyKey,
  'sec-fetch-site': secFetchSite,
  origin,
  'x-csrf-token': absentMostly(fc.constantFrom('x', 'a'.repeat(43))),
});

/** Long, but inside what Node's HTTP server reads at all (a request head over 16 KiB is its 431, before any router). */
const longQueryValue = fc.constantFrom(201, 1_000, 4_000).map((n) => 'x'.repeat(n));
export const query = (keys: string[]) =>
  fc.dictionary(
    fc.oneof(fc.constantFrom('cursor', 'limit', 'before', ...keys), fc.string({ maxLength: 8 })),
    fc.oneof(fc.constantFrom('0', '1', '20', '100', '101', '-1', '1e2', '', ' 5'), fc.string(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), longQueryValue, {
      weight: 2,
      arbitrary: idOrCursor,
    }),
    { maxKeys: 3 },
  );

/** A message id in a path: real ones (`real`), huge digit strings, control characters. */
export const messageIdSegment = (real: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: real }, { weight: 2, arbitrary: idOrCursor }, { weight: 1, arbitrary: fc.string() });
/** A user id in a path. */
export const userIdSegment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('1', '2', '3', '4', '6') },
  { weight: 2, arbitrary: fc.oneof(withControl, hugeDigits) },
  { weight: 1, arbitrary: fc.string() },
);

export const blockShape = fc.record({ userId: userIdValue }, { requiredKeys: [] });
export const preferencesShape = fc.record({ whoCanMessage: fc.oneof(fc.constantFrom('everyone', 'contacts', 'nobody', 'EVERYONE'), anyValue) }, { requiredKeys: [] });
export const reportShape = fc.record(
  {
    reason: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('spam', 'harassment', 'inappropriate', 'other') }, { weight: 1, arbitrary: fc.oneof(fc.constant('meh'), anyValue) }),
    note: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(null, 'rude') }, { weight: 1, arbitrary: fc.oneof(mostlyText, withControl) }),
  },
  { requiredKeys: [] },
);

/** Adding members to a group (issue 16): the fixture's members, unknown ids, anything. */
export const membersShape = fc.record(
  {
    userIds: fc.oneof(
      { weight: 3, arbitrary: fc.array(fc.constantFrom('1', '2', '3', '4', '5', '6', 3), { minLength: 1, maxLength: 3 }) },
      { weight: 2, arbitrary: fc.array(userIdLike, { maxLength: 25 }) },
      { weight: 1, arbitrary: anyValue },
    ),
  },
  { requiredKeys: [] },
);
/** Renaming a thread (issue 16). */
export const renameShape = fc.record({ subject: fc.oneof(mostlyText, fc.constant(null), withControl, anyValue) }, { requiredKeys: [] });
/** A search query (issue 16): words, FTS and tsquery syntax, control characters, long text. */
export const searchQuery = fc.dictionary(
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom('q', 'cursor', 'limit') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('hello', 'hel', 'hello all', 'HELLO', '"hello"', 'hello*', 'NEAR(hello all)', 'hello OR all', 'a:*', "'", '\\', '&|!()', 'body:hello', '-hello'),
    },
    { weight: 2, arbitrary: fc.string() },
    { weight: 1, arbitrary: withControl },
    { weight: 1, arbitrary: longQueryValue },
    { weight: 1, arbitrary: idOrCursor },
    { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }) },
  ),
  { maxKeys: 3 },
);

/** Percent-encodes a path segment; a lone surrogate (which cannot be encoded) becomes a space. */
export const segment = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ' '));

export interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | null>;
  user: string | null;
  body: string | undefined;
}
