/**
 * Scrolls a thread to its newest message, unless the URL names an anchor (`#m-<id>`): the
 * browser scrolls to an anchor by itself.
 */
export function scrollToNewest(): void {
  if (window.location.hash) return;
  document.querySelector('[data-messaging-newest]')?.scrollIntoView({ block: 'end' });
}
