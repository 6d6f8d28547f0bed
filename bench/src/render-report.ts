// `pnpm --filter @org/messaging-bench report`: docs/performance.md again from the last full run's
// bench/results/latest.json (after a change to the report's wording or targets; measures nothing).
import { rerenderPerformance } from './report.js';

console.log(`Wrote ${rerenderPerformance()} from bench/results/latest.json`);
