import { ar } from './ar/index.js';
import { de } from './de/index.js';
import { type Catalogue, en } from './en/index.js';
import { es } from './es/index.js';
import { fr } from './fr/index.js';
import { ptBR } from './pt-BR/index.js';

export type { Catalogue } from './en/index.js';
import type { PartialCatalogue } from '../catalogue.js';

/** The locales the package ships complete, by BCP 47 tag. */
export const SHIPPED_CATALOGUES = { en, de, fr, es, 'pt-BR': ptBR, ar } as const satisfies Record<string, Catalogue>;

/** A locale the package ships: `'en' | 'de' | 'fr' | 'es' | 'pt-BR' | 'ar'`. */
export type ShippedLocale = keyof typeof SHIPPED_CATALOGUES;

/** Written right to left (the `dir` of the pages). */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** A host's words for one locale: any message of any section; a misspelt key fails the type-check. */
export type CatalogueOverrides = PartialCatalogue<Catalogue>;

/** The host's strings per locale: overrides for a shipped one, or a locale of its own (English fills the gaps). */
export type StringOverrides = Record<string, CatalogueOverrides>;
