/**
 * Value-ranking speed (issue 25): Bradley–Terry utilities with resampled intervals, held-out pairs, triads and the
 * position term. Two studies: 10 values (45 pairs × 2 orders × 10 samples) for 5 models, target under 1 s warm for
 * all five; and 100 values (4,950 pairs × 2 orders × 1 sample) for one model, target under 5 s. The pure computation
 * runs here on the main thread; the app runs it in the analysis worker thread. Prints one JSON line per figure with
 * wall time and this process's CPU time. Run with `npx tsx bench/values.bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../src/main/core/analysis/bootstrap';
import type { PairedChoice } from '../src/main/core/analysis/bradley-terry';
import { DEFAULT_RANKING_OPTIONS, rankValues } from '../src/main/core/analysis/value-ranking';

function study(values: number, samples: number, seed: number): PairedChoice[] {
  const random = seededRandom(seed);
  const utility = Array.from({ length: values }, (_, i) => -2 + (4 * i) / (values - 1));
  const choices: PairedChoice[] = [];
  for (let i = 0; i < values; i += 1)
    for (let j = 0; j < values; j += 1) {
      if (i === j) continue;
      const p = 1 / (1 + Math.exp(-(utility[i]! - utility[j]! + 0.2)));
      for (let s = 0; s < samples; s += 1)
        choices.push({ cluster: `${i}-${j}`, first: i, second: j, firstShare: random() < p ? 1 : 0 });
    }
  return choices;
}

function measure(label: string, targetMs: number, work: () => void): void {
  work(); // warm: JIT and caches, as the app's second look at a study
  const cpu = process.cpuUsage();
  const start = performance.now();
  work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const figure = { label, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), targetMs, met: wallMs < targetMs };
  console.log(JSON.stringify(figure));
}

const small = Array.from({ length: 5 }, (_, m) => study(10, 10, 100 + m));
measure('10 values, 45 pairs x 2 orders x 10 samples, 5 models', 1000, () => {
  for (const choices of small) rankValues(10, choices, DEFAULT_RANKING_OPTIONS);
});
const large = study(100, 1, 7);
measure('100 values, 4,950 pairs x 2 orders, 1 model', 5000, () => {
  rankValues(100, large, DEFAULT_RANKING_OPTIONS);
});
