import { describe, expect, it } from 'vitest';
import { contentDisposition, isInlineType } from '../../src/http/attachments/file-headers.js';
import { renderAttachmentList } from '../../src/views/attachments/attachment-list.js';
import { renderFileInput } from '../../src/views/attachments/file-input.js';
import { byteSizeText, fileSizeText } from '../../src/views/attachments/file-size.js';
import { createLocalization, english } from '../../src/views/i18n/localization.js';
import { defaultRenderer } from '../../src/views/rendering/engine.js';

/** The package's templates in English, UTC. */
const kit = { renderer: defaultRenderer(), i18n: english() };

describe('attachment markup and headers', () => {
  it('shows sizes as people read them', () => {
    expect([0, 1, 512, 1024, 1536, 10 * 1024, 1024 * 1024 * 2.5, 10 * 1024 * 1024, 3 * 1024 ** 3].map(byteSizeText)).toEqual([
      '0 bytes',
      '1 byte',
      '512 bytes',
      '1 KB',
      '1.5 KB',
      '10 KB',
      '2.5 MB',
      '10 MB',
      '3 GB',
    ]);
  });

  it('links files by id under the mount and shows names as text only', () => {
    const out = renderAttachmentList(kit, '/messages', [
      { id: 'img_1234567890abcdefgh', name: '"><script>alert(1)</script>.png', contentType: 'image/png', size: 10, width: 640, height: 480, thumbnailUrl: 'javascript:alert(1)' },
      { id: 'doc_1234567890abcdefgh', name: 'Plan <b>.pdf', contentType: 'application/pdf', size: 2048 },
    ]).html;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('javascript:');
    expect(out).toContain(
      '<a href="/messages/attachments/img_1234567890abcdefgh" data-messaging-attachment><img src="/messages/attachments/img_1234567890abcdefgh/thumbnail" alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.png" width="320" height="240" loading="lazy"></a>',
    );
    expect(out).toContain(
      '<a href="/messages/attachments/doc_1234567890abcdefgh" download data-messaging-attachment><bdi>Plan &lt;b&gt;.pdf</bdi></a> <span class="m-meta">(2 KB)</span>',
    );
    expect(renderAttachmentList(kit, '/m', []).html).toBe('');
  });

  it('renders the file input only when attachments are on', () => {
    expect(renderFileInput(kit, undefined).html).toBe('');
    const input = renderFileInput(kit, { allowedTypes: ['image/png', 'application/pdf'], maxFiles: 3, maxFileBytes: 5 * 1024 * 1024, error: 'Too <big>' }).html;
    expect(input).toContain('<input type="file" id="messaging-files" name="files" multiple accept="image/png,application/pdf" aria-invalid="true"');
    expect(input).toContain('Up to 3 files, 5 MB each.');
    expect(input).toContain('Too &lt;big&gt;');
  });

  it("words sizes and the file input's limits in the member's language, with its digits and plural forms", () => {
    const locales = createLocalization({});
    const de = locales.translator('de');
    const ar = locales.translator('ar');
    expect([1, 512, 1536, 2.5 * 1024 ** 2].map((n) => fileSizeText(n, de))).toEqual(['1 Byte', '512 Byte', '1,5 KB', '2,5 MB']);
    expect(fileSizeText(1, ar)).toBe('بايت واحد');
    expect(fileSizeText(2, ar)).toBe('بايتان');
    expect(fileSizeText(5, ar)).toBe(`${ar.number(5)} بايتات`);
    expect(fileSizeText(1536, ar)).toBe(`${ar.number(1.5)} كيلوبايت`);
    const limits = { allowedTypes: ['application/pdf'], maxFileBytes: 5 * 1024 ** 2 };
    const german = renderFileInput({ renderer: defaultRenderer(), i18n: de }, { ...limits, maxFiles: 1 }).html;
    expect(german).toContain('Dateien anhängen (optional)');
    expect(german).toContain('Bis zu 1 Datei, je höchstens 5 MB.');
    expect(renderFileInput({ renderer: defaultRenderer(), i18n: ar }, { ...limits, maxFiles: 2 }).html).toContain(
      `ملفان كحد أقصى، بحجم ${ar.number(5)} ميغابايت على الأكثر لكل ملف.`,
    );
    expect(renderFileInput({ renderer: defaultRenderer(), i18n: ar }, { ...limits, maxFiles: 12 }).html).toContain(`حتى ${ar.number(12)} ملفًا`);
    const list = renderAttachmentList({ renderer: defaultRenderer(), i18n: de }, '/m', [{ id: 'doc_1', name: 'a.pdf', contentType: 'application/pdf', size: 1536 }]).html;
    expect(list).toContain('aria-label="Anhänge"');
    expect(list).toContain('(1,5 KB)');
  });

  it('shows raster images inline, everything else (SVG, HTML) as a download, names encoded', () => {
    expect(['image/jpeg', 'image/png', 'image/gif', 'image/webp'].every(isInlineType)).toBe(true);
    expect(['image/svg+xml', 'text/html', 'application/pdf'].some(isInlineType)).toBe(false);
    expect(contentDisposition('image/svg+xml', 'a.svg')).toBe("attachment; filename*=UTF-8''a.svg");
    expect(contentDisposition('application/pdf', 'naïve "x";\r\ny.pdf')).toBe("attachment; filename*=UTF-8''na%C3%AFve%20%22x%22%3B%0D%0Ay.pdf");
    expect(contentDisposition('image/png', "it's (1).png")).toBe("inline; filename*=UTF-8''it%27s%20%281%29.png");
  });
});
