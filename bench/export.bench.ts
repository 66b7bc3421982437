/**
 * Export speed and memory on a big run: seeds 100,000 transcripts by SQL in one transaction, then exports them as CSV
 * and as JSON Lines through the same piscina worker path the app uses, printing rows/s, elapsed time, peak RSS and
 * the main thread's heap delta. Target: 100k CSV rows in under 3 s with flat memory.
 * Run with `npx tsx bench/export.bench.ts [ROWS]` or `npm run bench:export`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ExportService } from '../src/main/core/export/service';
import { createMemoryLogger } from '../tests/helpers/memory';
import { GPT, makeExportDb } from '../tests/helpers/export-fixture';
import { seedTranscripts } from './export-seed';

const ROWS = Number(process.argv[2] ?? 100_000);
const TARGET_MS = 3000;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const t = await makeExportDb();
  try {
    const runId = t.newRun([GPT]);
    let start = performance.now();
    seedTranscripts(t.database.sqlite, runId, ROWS);
    console.log(`seeded ${ROWS.toLocaleString()} transcripts in ${(performance.now() - start).toFixed(0)} ms`);
    const service = new ExportService({
      sqlite: t.database.sqlite,
      databasePath: t.database.path,
      logger: createMemoryLogger().logger,
    });
    let failed = false;
    for (const format of ['csv', 'jsonl'] as const) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const heapBefore = process.memoryUsage().heapUsed;
      let peakRss = rssBefore;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
      let updates = 0;
      start = performance.now();
      const result = await service.exportToFile({
        runId,
        path: join(t.dir, `bench.${format}`),
        format,
        includeFailures: false,
        onProgress: () => (updates += 1),
      });
      const elapsed = performance.now() - start;
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const heapDelta = process.memoryUsage().heapUsed - heapBefore;
      const ok = format !== 'csv' || elapsed < TARGET_MS;
      failed ||= !ok || result.rows !== ROWS;
      console.log(
        `${format.padEnd(5)} ${result.rows.toLocaleString()} rows  ${elapsed.toFixed(0).padStart(5)} ms  ` +
          `${Math.round(result.rows / (elapsed / 1000)).toLocaleString()} rows/s  file ${mb(statSync(result.path).size)}  ` +
          `peak RSS ${mb(peakRss)} (+${mb(peakRss - rssBefore)})  main heap Δ ${mb(heapDelta)}  ${updates} progress updates` +
          (format === 'csv' ? `  ${ok ? 'OK' : 'SLOW'} (target < ${TARGET_MS} ms)` : ''),
      );
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    t.cleanup();
  }
}

await main();
