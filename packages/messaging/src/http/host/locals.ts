import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import type { ConversationContext, UserId } from '../../options.js';
import type { BadgeState } from '../../services/unread/badge-cache.js';
import { assetHref } from '../responses/assets.js';
import { liveWordsHref } from '../responses/live-words-asset.js';
import { andThen, isThenable, type MaybePromise, whenKnown } from '../../shared/maybe-promise.js';
import { remembered } from '../../shared/remembered.js';
import type { Translator } from '../../views/i18n/translator.js';
import type { ViewKit } from '../../views/rendering/view-kit.js';
import { blockButtonHtml } from '../../views/partials/block-button.js';
import { liveScriptTags } from '../../views/partials/live-strings.js';
import { messageButtonHtml } from '../../views/partials/message-button.js';
import { navLinkHtml } from '../../views/partials/nav-link.js';
import { profileTarget } from '../../views/partials/host-partial-inputs.js';
import { currentViewer } from '../guards/viewer.js';
import { translatorFor } from './request-translator.js';

/** Options of `messaging.locals()`. */
export interface LocalsOptions {
  /**
   * Where the host mounted `messaging.router`: the nav link and the Message button point here.
   * @default '/messages'
   */
  inboxUrl?: string;
  /** Text of the nav link, in every locale (the member's locale gives the spoken count around it). @default the locale's 'Messages' */
  navLabel?: string;
  /** Text of the Message button, in every locale. @default the locale's 'Message' */
  buttonLabel?: string;
}

/** The member-safety part of `res.locals.messaging`. */
export interface SafetyLocals {
  /**
   * The Block / Unblock link for a member's profile (to the router's confirmation page); ''
   * on the viewer's own profile, for visitors and while messaging is off.
   */
  blockButton(profileUserId: UserId | null | undefined): string;
}

/**
 * What `messaging.locals()` puts in `res.locals.messaging` for every host page. All markup is
 * ready-made HTML strings, so a host on any template engine prints them unescaped.
 */
export interface MessagingLocals extends SafetyLocals {
  /** Whether messaging is switched on. */
  enabled: boolean;
  /** The inbox URL (where the router is mounted). */
  inboxUrl: string;
  /** The nav link with its unread badge; '' when messaging is off or nobody is signed in. */
  navLink: string;
  /** The viewer's unread messages over all threads; 0 when off or signed out. */
  unreadTotal: number;
  /**
   * `<script src="<inboxUrl>/assets/messaging-words.js?l=<locale>&amp;tz=<zone>&amp;v=…" defer></script><script src="<inboxUrl>/assets/messaging.js?v=…" defer></script>`
   * for the host's layout (in `<head>` or at the end of `<body>`; print it unescaped): keeps
   * the nav badge live on the host's own pages, its words in the member's locale (the first
   * script, a cached asset per locale and time zone). No inline script. '' when messaging is
   * off or nobody is signed in.
   */
  scriptTag: string;
  /**
   * The Message button for a member's profile; '' on the viewer's own profile, for visitors,
   * when messaging is off, and when that member has blocked the viewer. `options.context`
   * (`{ type, id }`, e.g. a listing) starts the conversation about it: one thread per pair and context.
   */
  messageButton(profileUserId: UserId | null | undefined, options?: { context?: ConversationContext | null }): string;
}

/** What the middleware needs from the services; wired by createMessaging. */
export interface LocalsDependencies {
  ctx: HttpContext;
  /** Whether messaging is on: the answer itself when the switch gives it at once, else a promise. */
  isEnabled(): MaybePromise<boolean>;
  /** The viewer's unread state and blocks, remembered per process until a change is heard of (then given at once). */
  badgeState(viewerId: string): MaybePromise<BadgeState>;
}

/** Lets a page of the router correct the nav badge after it marked a thread read. */
const REFRESH_UNREAD = Symbol('messaging.refreshUnread');

/**
 * Re-renders `res.locals.messaging` with a new unread total. The locals are made before the
 * router runs, so a thread page that marks itself read would otherwise show the old badge.
 */
export function refreshUnreadLocals(res: Response, unreadTotal: number): void {
  const locals = res.locals.messaging as (MessagingLocals & { [REFRESH_UNREAD]?: (total: number) => void }) | undefined;
  locals?.[REFRESH_UNREAD]?.(unreadTotal);
}

const nothing = (enabled: boolean, inboxUrl: string): MessagingLocals => ({
  enabled,
  inboxUrl,
  navLink: '',
  unreadTotal: 0,
  scriptTag: '',
  messageButton: () => '',
  blockButton: () => '',
});

/** Pieces of markup kept per kind (unread totals, profiles). */
const MARKUP_KEPT = 1000;
/** Locales whose markup is kept at once. */
const LOCALES_KEPT = 50;

/**
 * Builds the middleware that gives every host page `res.locals.messaging`. While messaging is
 * off, or for a visitor, it asks the messaging database nothing. If the messaging database
 * fails, the host's page still renders (without the messaging entries) and a warning is logged.
 */
export function createLocalsMiddleware(deps: LocalsDependencies, options: LocalsOptions = {}): RequestHandler {
  const inboxUrl = (options.inboxUrl ?? '/messages').replace(/(.)\/+$/, '$1');
  if (!inboxUrl.startsWith('/') && !/^https?:\/\//.test(inboxUrl)) {
    throw new TypeError(`messaging.locals({ inboxUrl }) must be a path such as '/messages' (where you mounted messaging.router); got "${inboxUrl}".`);
  }

  // The markup depends on a few values only (the member's locale, a total, a profile): made
  // once per value, not on every page.
  const assets = `${inboxUrl}/assets`;
  const src = assetHref(assets, 'messaging.js');
  const navLabel = options.navLabel || undefined;
  const buttonLabel = options.buttonLabel || undefined;
  const kitOf = (i18n: Translator): ViewKit => ({ renderer: deps.ctx.renderer, i18n });
  const scriptTags = new WeakMap<Translator, string>();
  const scriptTag = (i18n: Translator) => {
    let tag = scriptTags.get(i18n);
    if (tag === undefined) {
      tag = liveScriptTags(liveWordsHref(assets, i18n), src).html;
      scriptTags.set(i18n, tag);
    }
    return tag;
  };
  // Per locale, each value's markup made once. The locales a member can bring (Accept-Language
  // tags such as de-AT) are bounded here too.
  const perLocale = <T>(make: (i18n: Translator, value: T) => string) => {
    const byLocale = new Map<string, (value: T) => string>();
    return (i18n: Translator, value: T): string => {
      let made = byLocale.get(i18n.locale);
      if (!made) {
        if (byLocale.size >= LOCALES_KEPT) byLocale.clear();
        made = remembered((v: T) => make(i18n, v), MARKUP_KEPT);
        byLocale.set(i18n.locale, made);
      }
      return made(value);
    };
  };
  const navLink = perLocale((i18n, value: number) => navLinkHtml(kitOf(i18n), { inboxUrl, unreadTotal: value, label: navLabel }).html);
  const messageButton = perLocale((i18n, value: string) => messageButtonHtml(kitOf(i18n), { inboxUrl, profileUserId: value, label: buttonLabel }).html);
  const blockLink = perLocale((i18n, value: string) => blockButtonHtml(kitOf(i18n), { inboxUrl, profileUserId: value, blocked: false }).html);
  const unblockLink = perLocale((i18n, value: string) => blockButtonHtml(kitOf(i18n), { inboxUrl, profileUserId: value, blocked: true }).html);

  type Built = MessagingLocals & { [REFRESH_UNREAD]?: (total: number) => void };

  function made(viewerId: string, { unread, relations: { blocked, blockedBy } }: BadgeState, i18n: Translator): Built {
    const other = (profileUserId: UserId | null | undefined) => profileTarget(profileUserId, viewerId);
    return {
      enabled: true,
      inboxUrl,
      unreadTotal: unread.unreadTotal,
      navLink: navLink(i18n, unread.unreadTotal),
      [REFRESH_UNREAD](this: MessagingLocals, total: number) {
        this.unreadTotal = total;
        this.navLink = navLink(i18n, total);
      },
      scriptTag: scriptTag(i18n),
      messageButton(profileUserId, buttonOptions) {
        const id = other(profileUserId);
        if (id === null || blockedBy.has(id)) return '';
        const context = buttonOptions?.context;
        return context ? messageButtonHtml(kitOf(i18n), { inboxUrl, profileUserId: id, label: buttonLabel, context }).html : messageButton(i18n, id);
      },
      blockButton(profileUserId) {
        const id = other(profileUserId);
        if (id === null) return '';
        return blocked.has(id) ? unblockLink(i18n, id) : blockLink(i18n, id);
      },
    };
  }

  // Each step waits only when its answer is not known yet: on most pages the switch (cached),
  // the viewer and locale (the host's synchronous callbacks) and the badge (remembered) all
  // are, and the page goes on without a turn of the microtask queue (see maybe-promise.ts).
  function build(req: Request): MaybePromise<Built> {
    // After messaging.close(): the host's pages go on without the entries, quietly.
    if (deps.ctx.database.closed) return nothing(false, inboxUrl);
    return andThen(deps.isEnabled(), (enabled) => {
      if (!enabled) return nothing(false, inboxUrl);
      return andThen(currentViewer.now(deps.ctx, req), (viewerId) => {
        if (viewerId === null) return nothing(true, inboxUrl);
        // The badge state usually from memory: the badge cache is told of every change (see
        // badge-state.ts). The member's words: the host's locale(req), else Accept-Language.
        const state = deps.badgeState(viewerId);
        const i18n = translatorFor.now(deps.ctx, req);
        if (isThenable(state) || isThenable(i18n)) return Promise.all([state, i18n]).then(([s, t]) => made(viewerId, s, t));
        return made(viewerId, state, i18n);
      });
    });
  }

  const failed = (res: Response, err: unknown) => {
    deps.ctx.logger.warn({ err: String((err as Error)?.message ?? err) }, 'messaging: could not prepare the nav link and button; the page renders without them');
    res.locals.messaging = nothing(false, inboxUrl);
  };

  return function messagingLocals(req: Request, res: Response, next: NextFunction) {
    whenKnown(
      () => build(req),
      (locals) => {
        res.locals.messaging = locals;
        next();
      },
      (err) => {
        failed(res, err);
        next();
      },
    );
  };
}
