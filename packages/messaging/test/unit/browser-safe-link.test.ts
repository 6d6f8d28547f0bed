import { describe, expect, it } from 'vitest';
import { safeLink } from '../../src/browser/safe-link.js';
import { safeUrl } from '../../src/shared/local-path.js';

// The live script's check of avatar and profile URLs in the JSON it reads, the same as the server's.
describe('safeLink (src/browser/safe-link.ts)', () => {
  const hostile = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:image/svg+xml,<svg onload=alert(1)>',
    '//evil.test/a.png',
    '/\\evil.test/a.png',
    'https://x.test/\na.png',
    ' javascript:alert(1)',
    'vbscript:x',
    '',
  ];
  const fine = ['/static/avatars/bob.svg', 'https://cdn.test/a.png?x="1"', 'http://cdn.test/a.png'];

  it('refuses javascript:, data:, protocol-relative and control characters; keeps local paths and http(s)', () => {
    for (const url of hostile) expect(safeLink(url), url).toBeNull();
    for (const url of fine) expect(safeLink(url), url).toBe(url);
    expect(safeLink(null)).toBeNull();
    expect(safeLink(undefined)).toBeNull();
  });

  it("agrees with the server's safeUrl", () => {
    for (const url of [...hostile, ...fine]) expect(safeLink(url), url).toBe(safeUrl(url));
  });
});
