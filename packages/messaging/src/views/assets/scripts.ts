import ADMIN_SCRIPT from '../../browser/admin.ts?iife';
import PAGES_SCRIPT from '../../browser/pages.ts?iife';

/**
 * The main router's script (its pages and a host layout's `scriptTag`): auto-scroll, then
 * live updates. Compiled from src/browser/pages.ts by the package build; served from
 * `<mount>/assets/messaging.js`, never inline (it runs under helmet's default CSP). Pages
 * work without it.
 */
export const PAGES_JS: string = PAGES_SCRIPT;

/**
 * The admin router's script: auto-scroll only, since no `/api` sits beside the admin router
 * for the live part to find. Compiled from src/browser/admin.ts.
 */
export const ADMIN_JS: string = ADMIN_SCRIPT;
