import type { Translator } from '../../i18n/translator.js';
import type { LimitsFormData } from './limits-form.js';

/** Data of `safety/limits-page`. */
export interface LimitsPageData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** The admin page with the switch (`<admin base>/`). */
  settingsHref: string;
  /** The data of `safety/limits-form` (without `i18n`, which the page passes on). */
  form: Omit<LimitsFormData, 'i18n'>;
}

/** The admin router's limits page: a heading, a way back, and the form (`safety/limits-form`). */
export const LIMITS_PAGE_TEMPLATE = `<section class="messaging messaging-admin" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>"><div class="m-toolbar"><h1><%= it.i18n.t('moderation.limitsTitle') %></h1><a href="<%= it.settingsHref %>"><%= it.i18n.t('moderation.backToSettings') %></a></div><%~ include('@safety/limits-form', { ...it.form, i18n: it.i18n }) %></section>`;
