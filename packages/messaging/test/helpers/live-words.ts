import type express from 'express';
import request from 'supertest';
import { LIVE_WORDS_KEY } from '../../src/views/partials/live-strings.js';

/** The live script's words as the server hands them to it. */
export interface LiveWords {
  locale: string;
  timeZone: string;
  messages: Record<string, any>;
}

/** The words script's `src` on a page or in a `scriptTag` (the attribute unescaped), if any. */
export function liveWordsSrc(markup: string): string | undefined {
  return /<script src="([^"]*\/messaging-words\.js\?[^"]*)" defer><\/script>/.exec(markup)?.[1]?.replaceAll('&amp;', '&');
}

/** Runs a served words script as a browser would and gives what it leaves for the page script. */
export function runLiveWordsScript(script: string): LiveWords {
  const self: Record<symbol, unknown> = {};
  new Function('self', script)(self);
  return self[Symbol.for(LIVE_WORDS_KEY)] as LiveWords;
}

/** Fetches the words script a page links from `app` and runs it. */
export async function liveWordsOf(app: express.Express, markup: string): Promise<LiveWords> {
  const src = liveWordsSrc(markup);
  if (!src) throw new Error(`no words script in ${markup.slice(0, 300)}`);
  const res = await request(app).get(src).expect(200);
  return runLiveWordsScript(res.text);
}
