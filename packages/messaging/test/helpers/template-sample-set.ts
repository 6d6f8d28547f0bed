import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Translator } from '../../src/views/i18n/translator.js';

/** Data for one template, every member-typed string being `hostile`; `i18n` is added by the caller. */
export type TemplateSample = (hostile: string) => object;

/** A sample and the file it came from (for the failure messages). */
export interface LoadedSample {
  sample: TemplateSample;
  file: string;
}

const SAMPLES_DIR = join(__dirname, 'template-samples');

/**
 * Every sample of test/helpers/template-samples/<concept>.ts (each exports
 * `samples: { [templateName]: (hostile) => data }`), by template name. Read from the folder,
 * so a concept's file counts as soon as it is there.
 */
export async function loadTemplateSamples(): Promise<Map<string, LoadedSample>> {
  const loaded = new Map<string, LoadedSample>();
  if (!existsSync(SAMPLES_DIR)) return loaded;
  for (const name of readdirSync(SAMPLES_DIR)
    .filter((n) => n.endsWith('.ts'))
    .sort()) {
    const file = `test/helpers/template-samples/${name}`;
    const module = (await import(pathToFileURL(join(SAMPLES_DIR, name)).href)) as { samples?: Record<string, TemplateSample> };
    if (!module.samples) throw new Error(`${file} exports no \`samples\``);
    for (const [template, sample] of Object.entries(module.samples)) {
      const earlier = loaded.get(template);
      if (earlier) throw new Error(`${template} has samples in ${earlier.file} and ${file}`);
      loaded.set(template, { sample, file });
    }
  }
  return loaded;
}

/** A sample's data for a member: the sample with the translator the template reads its words from. */
export function sampleData(loaded: LoadedSample, hostile: string, i18n: Translator): { i18n: Translator } {
  return { ...loaded.sample(hostile), i18n };
}
