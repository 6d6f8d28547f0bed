import { createMessaging, type MessagingOptions } from '@org/messaging';
import { HEAVY_MEMBER } from './dataset-plan.js';
import { benchUsers, log, median, type RunResult } from './support.js';

/** A search a member would type: a word in about 30% of the messages (the dataset's 41-word vocabulary), the start of it, two words. */
const QUERIES = ['invoice', 'invo', 'invoice friday'] as const;

export interface SearchFigures {
  /** Median ms of a first page of search results (20) for the heavy member / of their first inbox page; per dataset. */
  ms: Record<'main' | 'small', { inbox: number; search: Record<string, number>; searchMedian: number; results: Record<string, number> }>;
  /** searchMedian / inbox on the main (1M) dataset. */
  search_vs_inbox_ratio: number;
  /** searchMedian on the main dataset / on the small one (1M / 100k messages: ten times the others' messages). */
  search_growth_ratio: number;
  /** The same for the inbox page, for comparison. */
  inbox_growth_ratio: number;
}

/** Runs `once` for about `budgetMs` (at least 5 times, after two warm-ups) and gives the median ms. */
async function timeIt(once: () => Promise<unknown>, budgetMs: number): Promise<number> {
  await once();
  await once();
  const times: number[] = [];
  const end = performance.now() + budgetMs;
  while (times.length < 5 || (performance.now() < end && times.length < 2_000)) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function measureOne(database: NonNullable<MessagingOptions['database']>, budgetMs: number) {
  const messaging = createMessaging({ database, ...benchUsers, currentUserId: () => null });
  try {
    const { conversations } = messaging;
    const inbox = await timeIt(() => conversations.listThreads(HEAVY_MEMBER, { limit: 20 }), budgetMs);
    const search: Record<string, number> = {};
    const results: Record<string, number> = {};
    for (const q of QUERIES) {
      results[q] = (await conversations.searchMessages(HEAVY_MEMBER, q, { limit: 20 })).items.length;
      search[q] = await timeIt(() => conversations.searchMessages(HEAVY_MEMBER, q, { limit: 20 }), budgetMs);
    }
    return { inbox, search, searchMedian: median(Object.values(search)), results };
  } finally {
    await messaging.close();
  }
}

/**
 * Search against the inbox, through the package's services (no HTTP), as the member with the
 * most threads ("alice"): the first page of 20 results for common words, and the first inbox
 * page, on the main dataset and on the small one. The small one has a tenth of the messages
 * and the same member with the same threads, so the growth ratio tells whether a search costs
 * what the other members' messages cost.
 */
export async function measureSearch(dbs: Record<'main' | 'small', NonNullable<MessagingOptions['database']>>, budgetMs: number, label: string): Promise<SearchFigures> {
  const main = await measureOne(dbs.main, budgetMs);
  const small = await measureOne(dbs.small, budgetMs);
  const figures = {
    ms: { main, small },
    search_vs_inbox_ratio: main.searchMedian / main.inbox,
    search_growth_ratio: main.searchMedian / small.searchMedian,
    inbox_growth_ratio: main.inbox / small.inbox,
  };
  log(
    `${label} search: ${Object.entries(main.search)
      .map(([q, ms]) => `"${q}" ${ms.toFixed(2)} ms`)
      .join(', ')}; inbox ${main.inbox.toFixed(2)} ms; growth small→main search ${figures.search_growth_ratio.toFixed(2)}×, inbox ${figures.inbox_growth_ratio.toFixed(2)}×`,
  );
  return figures;
}

/** One run of the search figures for measureRepeated (support.ts): `<prefix>search_vs_inbox_ratio`, `<prefix>search_growth_ratio`. */
export async function searchRun(prefix: string, dbs: Record<'main' | 'small', NonNullable<MessagingOptions['database']>>, budgetMs: number): Promise<RunResult> {
  const { ms, ...ratios } = await measureSearch(dbs, budgetMs, prefix === '' ? 'sqlite' : 'pg');
  return { figures: Object.fromEntries(Object.entries(ratios).map(([name, value]) => [`${prefix}${name}`, value])), details: ms };
}
