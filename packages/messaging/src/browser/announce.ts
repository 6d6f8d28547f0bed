import { liveStrings } from './live-strings.js';

/**
 * The page's one polite live region (`role="status"`): what arrives while the member reads is
 * spoken by a screen reader after what it is saying now, and focus never moves. Created on
 * first use at the end of `<body>`, hidden from sight (styles set through the DOM, which a
 * Content-Security-Policy without 'unsafe-inline' allows, and a host page need not load the
 * package's CSS).
 */
let region: HTMLElement | null = null;
let lastMessageAt = 0;

function liveRegion(): HTMLElement {
  if (region?.isConnected) return region;
  region = document.querySelector<HTMLElement>('[data-messaging-announcer]');
  if (!region) {
    region = document.createElement('div');
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    region.setAttribute('aria-atomic', 'true');
    region.setAttribute('data-messaging-announcer', '');
    Object.assign(region.style, {
      position: 'absolute',
      width: '1px',
      height: '1px',
      margin: '-1px',
      padding: '0',
      border: '0',
      overflow: 'hidden',
      clipPath: 'inset(50%)',
      whiteSpace: 'nowrap',
    });
    document.body.appendChild(region);
  }
  return region;
}

let pending: ReturnType<typeof setTimeout> | undefined;

function say(text: string): void {
  const el = liveRegion();
  // Emptied first, then filled a moment later: the same words twice are still a change to
  // announce. A newer text replaces one not yet shown, so the last word is the newest.
  clearTimeout(pending);
  el.textContent = '';
  pending = setTimeout(() => {
    el.textContent = text;
  }, 100);
}

/** "New message from Bob Baker": a message arrived on the open thread. */
export function announceMessage(senderName: string): void {
  lastMessageAt = Date.now();
  say(liveStrings().text('live.announceMessage', { name: senderName }));
}

/**
 * "3 unread messages": the badge went up. Skipped right after a message was announced, which
 * said it already (the thread page hears both the message and the badge's change).
 */
export function announceUnread(total: number): void {
  if (Date.now() - lastMessageAt < 3000) return;
  say(liveStrings().text('live.announceUnread', { count: total }));
}

/** "3 members found": the recipient picker's suggestions changed. */
export function announceFound(count: number): void {
  say(count === 0 ? liveStrings().text('live.announceNoMatch') : liveStrings().text('live.announceFound', { count }));
}
