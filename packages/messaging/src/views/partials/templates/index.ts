import type { Translator } from '../../i18n/translator.js';
import { ADMIN_TOGGLE_TEMPLATE } from './admin-toggle.js';
import { BLOCK_BUTTON_TEMPLATE } from './block-button.js';
import { MESSAGE_BUTTON_TEMPLATE } from './message-button.js';
import { NAV_LINK_TEMPLATE } from './nav-link.js';
import { UNREAD_BADGE_TEMPLATE } from './unread-badge.js';

/** The partials templates, by name (a host overrides `<templates>/partials/<name>.eta`). */
export const PARTIALS_TEMPLATES = {
  'partials/nav-link': NAV_LINK_TEMPLATE,
  'partials/unread-badge': UNREAD_BADGE_TEMPLATE,
  'partials/message-button': MESSAGE_BUTTON_TEMPLATE,
  'partials/block-button': BLOCK_BUTTON_TEMPLATE,
  'partials/admin-toggle': ADMIN_TOGGLE_TEMPLATE,
} as const;

/**
 * What every partial gets: the member's words (`TemplateBase` of rendering/view-kit.ts, spelt
 * out here: view-kit reaches the registry, which imports this file, and a cycle would follow).
 */
interface PartialBase {
  i18n: Translator;
}

/** The unread badge: `unreadTotal` a whole number, 0 for no badge. */
export interface UnreadBadgeData extends PartialBase {
  unreadTotal: number;
}

/** The nav link: `href` checked already, `label` the host's own text or null for the catalogue's. */
export interface NavLinkData extends UnreadBadgeData {
  href: string;
  label: string | null;
}

/** The Message button: `href` to the compose form, `label` the host's own text or null. */
export interface MessageButtonData extends PartialBase {
  href: string;
  label: string | null;
}

/** The Block / Unblock link: `href` to the confirmation page. */
export interface BlockButtonData extends PartialBase {
  href: string;
  blocked: boolean;
}

/** The admin switch: the state it shows, where it posts and its CSRF token. */
export interface AdminToggleData extends PartialBase {
  enabled: boolean;
  action: string;
  csrfToken: string;
}

/** What each of them is rendered with. */
export interface PartialTemplateData {
  'partials/nav-link': NavLinkData;
  'partials/unread-badge': UnreadBadgeData;
  'partials/message-button': MessageButtonData;
  'partials/block-button': BlockButtonData;
  'partials/admin-toggle': AdminToggleData;
}
