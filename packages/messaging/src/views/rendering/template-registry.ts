import { ATTACHMENTS_TEMPLATES, type AttachmentTemplateData } from '../attachments/templates/index.js';
import { CONVERSATION_TEMPLATES, type ConversationTemplateData } from '../conversations/templates/index.js';
import { NOTIFICATIONS_TEMPLATES, type NotificationTemplateData } from '../notifications/templates/index.js';
import { PARTIALS_TEMPLATES, type PartialTemplateData } from '../partials/templates/index.js';
import { SAFETY_TEMPLATES, type SafetyTemplateData } from '../safety/templates/index.js';
import { RENDERING_TEMPLATES, type RenderingTemplateData } from './templates/index.js';

/**
 * Every template of the package by name (`conversations/inbox`): eta source kept in the
 * bundle as strings, so rendering reads no file. A host's folder may replace any of them.
 */
export const TEMPLATES: Readonly<Record<TemplateName, string>> = {
  ...CONVERSATION_TEMPLATES,
  ...SAFETY_TEMPLATES,
  ...PARTIALS_TEMPLATES,
  ...ATTACHMENTS_TEMPLATES,
  ...NOTIFICATIONS_TEMPLATES,
  ...RENDERING_TEMPLATES,
};

/** The data each template is rendered with, by name. */
export interface TemplateData extends ConversationTemplateData, SafetyTemplateData, PartialTemplateData, AttachmentTemplateData, NotificationTemplateData, RenderingTemplateData {}

/** A template's name: its folder and file under a host's `templates` folder, without `.eta`. */
export type TemplateName = keyof TemplateData;
