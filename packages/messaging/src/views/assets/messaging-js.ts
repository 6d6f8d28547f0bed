/**
 * The package's small script, kept as a string so that it ships inside the bundle. Loaded
 * with `<script src defer>` (never inline, for strict CSPs); the pages work without it.
 * It only scrolls a thread to its newest message when the URL names no `#m-<id>` anchor
 * (the browser scrolls to an anchor by itself).
 */
export const MESSAGING_JS = `(function () {
  'use strict';
  if (window.location.hash) return;
  var newest = document.querySelector('[data-messaging-newest]');
  if (newest && newest.scrollIntoView) newest.scrollIntoView({ block: 'end' });
})();
`;
