import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGING_CSS, SHAPE_TOKENS, THEME_TOKENS } from '../../src/views/assets/messaging-css.js';

const doc = readFileSync(new URL('../../../../docs/make-it-yours.md', import.meta.url), 'utf8');

describe('the theme a host restyles (docs/make-it-yours.md)', () => {
  it('documents every custom property with its defaults, and no property that does not exist', () => {
    for (const [name, token] of Object.entries(THEME_TOKENS)) {
      expect(doc).toContain(`| \`--messaging-${name}\` | \`--messaging-dark-${name}\` | \`${token.light}\` / \`${token.dark}\` |`);
    }
    for (const [name, token] of Object.entries(SHAPE_TOKENS)) expect(doc).toContain(`| \`--messaging-${name}\` | \`${token.value}\` |`);
    const documented = new Set([...doc.matchAll(/--messaging-(?:dark-)?([a-z-]+)/g)].map((m) => m[1]));
    expect([...documented].sort()).toEqual([...Object.keys(THEME_TOKENS), ...Object.keys(SHAPE_TOKENS)].sort());
  });

  it('takes every colour from a property, so that the dark theme and a host override reach every rule', () => {
    const withoutDefaults = MESSAGING_CSS.replace(/var\(--messaging-[a-z-]+,[^)]*\)/g, '');
    expect(withoutDefaults).not.toMatch(/#[0-9a-f]{3,8}\b|rgb\(|hsl\(/i);
  });

  it('uses logical sides only, so that a right-to-left page mirrors', () => {
    expect(MESSAGING_CSS).not.toMatch(/(margin|padding|border)-(left|right)|\b(left|right):|text-align:(left|right)|float:/);
  });
});
