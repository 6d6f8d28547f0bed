/**
 * The package's stylesheet, kept as a string so that it ships inside the bundle (no file
 * reads at run time). Scoped under `.messaging` so that it does not restyle the host's page.
 * Colours keep at least 4.5:1 contrast; focus is always visible; unread is shown by text
 * and weight, never by colour alone. Member text may be one long word (a subject, a name):
 * `overflow-wrap:anywhere` on the root and `min-width:0` on flex and grid items let it
 * wrap instead of widening the page.
 */
export const MESSAGING_CSS = `.messaging{--m-fg:#1a1a1a;--m-muted:#555;--m-bg:#fff;--m-line:#c8c8c8;--m-accent:#0b57d0;--m-error:#b3261e;--m-mine:#eef3fd;color:var(--m-fg);max-width:48rem;margin:0 auto;padding:1rem;font:1rem/1.5 system-ui,sans-serif;overflow-wrap:anywhere;min-width:0;box-sizing:border-box}
.messaging a{color:var(--m-accent)}
.messaging a:focus-visible,.messaging button:focus-visible,.messaging input:focus-visible,.messaging textarea:focus-visible{outline:3px solid var(--m-accent);outline-offset:2px}
.messaging h1{font-size:1.5rem;margin:0 0 1rem}
.messaging .m-toolbar{display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap;margin-bottom:1rem}
.messaging .m-toolbar>*,.messaging .m-controls>*,.messaging form>*{min-width:0}
.messaging .m-threads{list-style:none;margin:0;padding:0;border-top:1px solid var(--m-line)}
.messaging .m-thread{border-bottom:1px solid var(--m-line);padding:.75rem 0}
.messaging .m-thread a{display:block;text-decoration:none;color:inherit}
.messaging .m-thread a:hover .m-names,.messaging .m-thread a:focus-visible .m-names{text-decoration:underline}
.messaging .m-unread .m-names,.messaging .m-unread .m-preview{font-weight:700}
.messaging .m-badge{display:inline-block;margin-left:.5rem;padding:0 .5rem;border-radius:1rem;background:var(--m-accent);color:#fff;font-size:.875rem;font-weight:700}
.messaging .m-meta,.messaging time{color:var(--m-muted);font-size:.875rem}
.messaging .m-preview{margin:.25rem 0 0;overflow-wrap:anywhere}
.messaging .m-messages{list-style:none;margin:0 0 1.5rem;padding:0}
.messaging .m-message{margin:.75rem 0;padding:.75rem;border:1px solid var(--m-line);border-radius:.5rem}
.messaging .m-message.m-mine{background:var(--m-mine)}
.messaging .m-message .m-meta{margin:0}
.messaging .m-message:target{outline:3px solid var(--m-accent)}
.messaging .m-body{margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.messaging .m-pager{margin:1rem 0}
.messaging form{display:grid;gap:.75rem}
.messaging label{font-weight:600}
.messaging input[type=text],.messaging textarea{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #767676;border-radius:.25rem;font:inherit;color:inherit;background:var(--m-bg)}
.messaging textarea{min-height:8rem;resize:vertical}
.messaging button{justify-self:start;padding:.5rem 1.25rem;border:0;border-radius:.25rem;background:var(--m-accent);color:#fff;font:inherit;font-weight:600;cursor:pointer}
.messaging .m-error{color:var(--m-error);font-weight:600;margin:0}
.messaging [aria-invalid=true]{border-color:var(--m-error)}
.messaging .m-empty{color:var(--m-muted)}
.messaging .m-controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0 0 1rem}
.messaging .m-inline-form{display:inline-block;margin:0}
.messaging .m-removed,.messaging .m-admin-links{color:var(--m-muted)}
.messaging .m-reports{list-style:none;margin:0;padding:0}
.messaging .m-report{border-top:1px solid var(--m-line);padding:1rem 0}
.messaging .m-reported{border-color:var(--m-error);border-width:2px}
.messaging fieldset{border:1px solid var(--m-line);border-radius:.25rem;padding:.75rem}
.messaging input[type=number]{padding:.5rem;border:1px solid #767676;border-radius:.25rem;font:inherit;max-width:10rem}
`;
