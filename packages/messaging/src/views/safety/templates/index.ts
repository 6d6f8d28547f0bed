import { ADMIN_TEMPLATE, type AdminPageData } from './admin.js';
import { ARCHIVED_TEMPLATE, type ArchivedData } from './archived.js';
import { BLOCK_TEMPLATE, type BlockData } from './block.js';
import { LIMITS_FORM_TEMPLATE, type LimitsFormData } from './limits-form.js';
import { LIMITS_PAGE_TEMPLATE, type LimitsPageData } from './limits-page.js';
import { MODERATION_BODY_TEMPLATE, type ModerationBodyData } from './moderation-body.js';
import { MODERATION_CONFIRM_TEMPLATE, type ModerationConfirmData } from './moderation-confirm.js';
import { MODERATION_TEMPLATE, type ModerationData } from './moderation.js';
import { POST_BUTTON_TEMPLATE, type PostButtonData } from './post-button.js';
import { PREFERENCES_TEMPLATE, type PreferencesData } from './preferences.js';
import { REPORT_TEMPLATE, type ReportData } from './report.js';
import { THREAD_CONTROLS_TEMPLATE, type ThreadControlsData } from './thread-controls.js';

/** The safety templates, by name (a host overrides `<templates>/safety/<name>.eta`). */
export const SAFETY_TEMPLATES = {
  'safety/admin': ADMIN_TEMPLATE,
  'safety/archived': ARCHIVED_TEMPLATE,
  'safety/block': BLOCK_TEMPLATE,
  'safety/limits-form': LIMITS_FORM_TEMPLATE,
  'safety/limits-page': LIMITS_PAGE_TEMPLATE,
  'safety/moderation': MODERATION_TEMPLATE,
  'safety/moderation-body': MODERATION_BODY_TEMPLATE,
  'safety/moderation-confirm': MODERATION_CONFIRM_TEMPLATE,
  'safety/post-button': POST_BUTTON_TEMPLATE,
  'safety/preferences': PREFERENCES_TEMPLATE,
  'safety/report': REPORT_TEMPLATE,
  'safety/thread-controls': THREAD_CONTROLS_TEMPLATE,
} as const;

/** What each of them is rendered with. */
export interface SafetyTemplateData {
  'safety/admin': AdminPageData;
  'safety/archived': ArchivedData;
  'safety/block': BlockData;
  'safety/limits-form': LimitsFormData;
  'safety/limits-page': LimitsPageData;
  'safety/moderation': ModerationData;
  'safety/moderation-body': ModerationBodyData;
  'safety/moderation-confirm': ModerationConfirmData;
  'safety/post-button': PostButtonData;
  'safety/preferences': PreferencesData;
  'safety/report': ReportData;
  'safety/thread-controls': ThreadControlsData;
}
