import type { Catalogue } from '../en/index.js';
import { common } from './common.js';
import { conversations } from './conversations.js';
import { errors } from './errors.js';
import { live } from './live.js';
import { mail } from './mail.js';
import { messages } from './messages.js';
import { moderation } from './moderation.js';
import { partials } from './partials.js';
import { safety } from './safety.js';

/** The Arabic catalogue. */
export const ar: Catalogue = { common, conversations, errors, live, mail, messages, moderation, partials, safety };
