import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints how many tests ran on each database (and in the unit project) after a run. When
 * MESSAGING_TEST_SUMMARY names a file, appends the same lines there so that .ci/run can add
 * up every package's runs into one closing line.
 */
export default class PerProjectReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = new Map<string, { passed: number; failed: number; skipped: number }>();
    for (const mod of testModules) {
      // 'sqlite (isolated)' and 'postgres (alone)' count as their database: split only for module mocks or to run alone.
      const name = (mod.project.name || 'default').replace(/ \((isolated|alone)\)$/, '');
      const c = counts.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') c.passed++;
        else if (state === 'failed') c.failed++;
        else c.skipped++;
      }
      counts.set(name, c);
    }
    const lines = [...counts.entries()].sort().map(([name, c]) => `${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
    process.stdout.write(`\nTests per project (the database suite runs once on each database):\n${lines.join('\n')}\n`);
    const summaryFile = process.env.MESSAGING_TEST_SUMMARY;
    if (summaryFile) appendFileSync(summaryFile, `${lines.join('\n')}\n`);
  }
}
