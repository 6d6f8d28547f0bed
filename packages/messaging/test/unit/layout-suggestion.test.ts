import { describe, expect, it } from 'vitest';
import { validateOptions } from '../../src/options.js';

const base = { users: { getUsers: async () => [] }, currentUserId: () => null };

/** The layout a host would copy from the `layout` option's TypeError. */
function suggestedLayout(): (page: { title: string; body: string }) => string {
  let message = '';
  try {
    validateOptions({ ...base, layout: '<main>' });
  } catch (err) {
    expect(err).toBeInstanceOf(TypeError);
    message = (err as Error).message;
  }
  expect(message).toContain('option "layout"');
  expect(message).toContain('title is plain text');
  // The arrow function after "for example", up to the last backtick of the line.
  const source = /for example (\(\{ title, body \}\) => `.*`)/.exec(message)?.[1];
  expect(source, message).toBeDefined();
  return new Function(`return ${source}`)();
}

describe("the layout option's TypeError", () => {
  it('suggests a layout that escapes the title (a member-chosen subject) and says title is text', () => {
    const layout = suggestedLayout();
    const page = layout({ title: '<img src=x onerror=alert(1)> & "Q"', body: '<p>body</p>' });
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;Q&#34;');
    // The body is the package's markup: inserted as it is.
    expect(page).toContain('<p>body</p>');
  });
});
