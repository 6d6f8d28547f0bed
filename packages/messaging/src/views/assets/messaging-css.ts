/**
 * The package's stylesheet, kept as a string so that it ships inside the bundle (no file
 * reads at run time). Scoped under `.messaging` so that it does not restyle the host's page.
 * Colours keep at least 4.5:1 contrast in both themes; focus is always visible; unread is
 * shown by text and weight, never by colour alone. Member text may be one long word (a
 * subject, a name): `overflow-wrap:anywhere` on the root and `min-width:0` on flex and grid
 * items let it wrap instead of widening the page. Sides are logical (`inline-start`), so a
 * right-to-left page mirrors without a second stylesheet.
 */

/**
 * The theme's tokens. A host sets `--messaging-<name>` anywhere above the pages (`:root`,
 * `body`, its layout) and the pages take it; `--messaging-dark-<name>` does the same for the
 * dark theme. docs/make-it-yours.md lists them. Inside the sheet they are read through the
 * short `--m-<name>`, which falls back to the defaults below.
 */
export const THEME_TOKENS = {
  fg: { light: '#1a1a1a', dark: '#e8eaed', about: 'text' },
  muted: { light: '#555', dark: '#a9aeb6', about: 'secondary text: times, hints, empty states' },
  bg: { light: '#fff', dark: '#17191e', about: 'fields; in the dark theme the pages paint it behind themselves too' },
  surface: { light: '#eef3fd', dark: '#1f2a3d', about: 'the background of your own messages' },
  line: { light: '#c8c8c8', dark: '#464b54', about: 'borders between threads and around messages' },
  field: { light: '#767676', dark: '#8d939c', about: 'the border of text fields (3:1 against the page)' },
  accent: { light: '#0b57d0', dark: '#8ab4f8', about: 'links, buttons, badges, the focus ring' },
  'on-accent': { light: '#fff', dark: '#0b1a33', about: 'text on the accent (buttons, badges)' },
  error: { light: '#b3261e', dark: '#f2b8b5', about: 'form errors, reported messages' },
} as const satisfies Record<string, { light: string; dark: string; about: string }>;

/** Sizes that are not colours; one value for both themes. */
export const SHAPE_TOKENS = {
  radius: { value: '.5rem', about: 'corner radius of messages (fields and buttons take half)' },
  space: { value: '1rem', about: 'the spacing unit: gaps and padding are fractions and multiples of it' },
  font: { value: '1rem/1.5 system-ui,sans-serif', about: 'the `font` shorthand of the pages' },
  width: { value: '48rem', about: 'the widest the pages grow' },
} as const satisfies Record<string, { value: string; about: string }>;

type Theme = 'light' | 'dark';

function colours(theme: Theme): string {
  const prefix = theme === 'dark' ? '--messaging-dark-' : '--messaging-';
  return Object.entries(THEME_TOKENS)
    .map(([name, token]) => `--m-${name}:var(${prefix}${name},${token[theme]})`)
    .join(';');
}

const shapes = Object.entries(SHAPE_TOKENS)
  .map(([name, token]) => `--m-${name}:var(--messaging-${name},${token.value})`)
  .join(';');

// The dark theme paints its own background: dark text rules on a host's light page would fail contrast.
const dark = `${colours('dark')};color-scheme:dark;background:var(--m-bg)`;

export const MESSAGING_CSS = `.messaging{${colours('light')};${shapes};color:var(--m-fg);max-width:var(--m-width);margin:0 auto;padding:var(--m-space);font:var(--m-font);overflow-wrap:anywhere;min-width:0;box-sizing:border-box}
@media (prefers-color-scheme:dark){.messaging{${dark}}}
[data-messaging-theme=light] .messaging{${colours('light')};color-scheme:light;background:none}
[data-messaging-theme=dark] .messaging{${dark}}
.messaging a{color:var(--m-accent)}
.messaging a:focus-visible,.messaging button:focus-visible,.messaging input:focus-visible,.messaging textarea:focus-visible{outline:3px solid var(--m-accent);outline-offset:2px}
.messaging h1{font-size:1.5rem;margin:0 0 var(--m-space)}
.messaging .m-toolbar{display:flex;justify-content:space-between;align-items:center;gap:var(--m-space);flex-wrap:wrap;margin-block-end:var(--m-space)}
.messaging .m-toolbar>*,.messaging .m-controls>*,.messaging form>*{min-width:0}
.messaging .m-threads{list-style:none;margin:0;padding:0;border-block-start:1px solid var(--m-line)}
.messaging .m-thread{border-block-end:1px solid var(--m-line);padding:calc(var(--m-space)*.75) 0}
.messaging .m-thread a{display:block;text-decoration:none;color:inherit}
.messaging .m-thread a:hover .m-names,.messaging .m-thread a:focus-visible .m-names{text-decoration:underline}
.messaging .m-unread .m-names,.messaging .m-unread .m-preview{font-weight:700}
.messaging .m-badge{display:inline-block;margin-inline-start:.5rem;padding:0 .5rem;border-radius:1rem;background:var(--m-accent);color:var(--m-on-accent);font-size:.875rem;font-weight:700}
.messaging .m-meta,.messaging time{color:var(--m-muted);font-size:.875rem}
.messaging .m-muted-marker{display:inline-block;margin-inline-start:.5rem;padding:0 .5rem;border:1px solid var(--m-line);border-radius:1rem;color:var(--m-muted);font-size:.875rem}
.messaging .m-avatar{vertical-align:middle;border-radius:50%;object-fit:cover;margin-inline-end:.25rem;background:var(--m-surface)}
.messaging .m-preview{margin:.25rem 0 0;overflow-wrap:anywhere}
.messaging .m-messages{list-style:none;margin:0 0 calc(var(--m-space)*1.5);padding:0}
.messaging .m-message{margin:calc(var(--m-space)*.75) 0;padding:calc(var(--m-space)*.75);border:1px solid var(--m-line);border-radius:var(--m-radius)}
.messaging .m-message.m-mine{background:var(--m-surface)}
.messaging .m-message .m-meta{margin:0}
.messaging .m-message:target{outline:3px solid var(--m-accent)}
.messaging .m-body{margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.messaging .m-pager{margin:var(--m-space) 0}
.messaging form{display:grid;gap:calc(var(--m-space)*.75)}
.messaging label{font-weight:600}
.messaging input[type=text],.messaging input[type=search],.messaging textarea{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid var(--m-field);border-radius:calc(var(--m-radius)/2);font:inherit;color:inherit;background:var(--m-bg)}
.messaging textarea{min-height:8rem;resize:vertical}
.messaging button{justify-self:start;padding:.5rem 1.25rem;border:0;border-radius:calc(var(--m-radius)/2);background:var(--m-accent);color:var(--m-on-accent);font:inherit;font-weight:600;cursor:pointer}
.messaging .m-error{color:var(--m-error);font-weight:600;margin:0}
.messaging [aria-invalid=true]{border-color:var(--m-error)}
.messaging .m-empty{color:var(--m-muted)}
.messaging .m-search{grid-template-columns:1fr auto;align-items:center;margin-block-end:var(--m-space)}
.messaging .m-search label,.messaging .m-search .m-error{grid-column:1/-1}
.messaging .m-people{list-style:none;margin:0 0 var(--m-space);padding:0}
.messaging .m-people li{padding:.5rem 0;border-block-end:1px solid var(--m-line)}
.messaging .m-hint{color:var(--m-muted)}
.messaging .m-excerpt mark{background:var(--m-surface);color:inherit;font-weight:700;border-block-end:2px solid var(--m-accent)}
.messaging .m-controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0 0 var(--m-space)}
.messaging .m-inline-form{display:inline-block;margin:0}
.messaging .m-removed,.messaging .m-admin-links{color:var(--m-muted)}
.messaging .m-reports{list-style:none;margin:0;padding:0}
.messaging .m-report{border-block-start:1px solid var(--m-line);padding:var(--m-space) 0}
.messaging .m-reported{border-color:var(--m-error);border-width:2px}
.messaging .m-danger,.messaging button.m-danger{display:inline-block;padding:calc(.5rem - 2px) calc(1.25rem - 2px);border:2px solid var(--m-error);border-radius:calc(var(--m-radius)/2);background:none;color:var(--m-error);font-weight:600;text-decoration:none}
.messaging blockquote.m-message{margin-inline:0}
.messaging fieldset{border:1px solid var(--m-line);border-radius:calc(var(--m-radius)/2);padding:calc(var(--m-space)*.75)}
.messaging input[type=number]{padding:.5rem;border:1px solid var(--m-field);border-radius:calc(var(--m-radius)/2);font:inherit;color:inherit;background:var(--m-bg);max-width:10rem}
.messaging .m-attachments{list-style:none;margin:.5rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.messaging .m-attachment{min-width:0}
.messaging .m-attachment img{display:block;max-width:min(320px,100%);height:auto;border:1px solid var(--m-line);border-radius:calc(var(--m-radius)/2);background:var(--m-bg)}
.messaging .m-attachment-file{flex-basis:100%}
.messaging input[type=file]{font:inherit;max-width:100%}
`;
