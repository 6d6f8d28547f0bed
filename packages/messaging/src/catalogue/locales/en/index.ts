import type { SectionShape } from '../../catalogue.js';
import { common } from './common.js';
import { conversations } from './conversations.js';
import { errors } from './errors.js';
import { live } from './live.js';
import { mail } from './mail.js';
import { messages } from './messages.js';
import { moderation } from './moderation.js';
import { partials } from './partials.js';
import { safety } from './safety.js';

const sections = { common, conversations, errors, live, mail, messages, moderation, partials, safety };

/**
 * The shape every catalogue has: the English sections' keys, each message a string or plural
 * forms. A shipped locale is typed `Catalogue`, so a key it lacks fails the build.
 */
export type Catalogue = { [S in keyof typeof sections]: SectionShape<(typeof sections)[S]> };

/** The English catalogue: the keys and the fallback for every other locale. */
export const en: Catalogue = sections;
