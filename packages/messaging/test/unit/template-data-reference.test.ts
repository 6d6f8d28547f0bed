import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { templateNames } from '../../src/views/rendering/engine.js';
import { TEMPLATE_DATA_DOC, templateDataReference } from '../helpers/template-data-reference.js';

/**
 * docs/template-data.md is what a host reads to write a template: it is generated from the
 * templates' typed data and must match it. UPDATE_TEMPLATE_DOCS=1 rewrites it.
 */
describe('docs/template-data.md', () => {
  it('is the reference generated from the typed data of every template', { timeout: 120_000 }, () => {
    const generated = templateDataReference();
    for (const name of templateNames()) expect(generated, name).toContain(`\n## ${name}\n`);
    if (process.env.UPDATE_TEMPLATE_DOCS) writeFileSync(TEMPLATE_DATA_DOC, generated);
    const current = existsSync(TEMPLATE_DATA_DOC) ? readFileSync(TEMPLATE_DATA_DOC, 'utf8') : '';
    expect(current, 'a template or its data changed: regenerate with UPDATE_TEMPLATE_DOCS=1 (see the comment at the top of the doc)').toBe(generated);
  });
});
