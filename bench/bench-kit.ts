/** What several benches share: a definition of a chosen size, the fake provider in its own process, percentiles. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';

/** A definition with `a × b` scenarios (two dimensions, one option per level). */
export function gridDefinitionYaml(name: string, a: number, b: number): string {
  const dimension = (dimensionName: string, n: number) => ({
    name: dimensionName,
    levels: Array.from({ length: n }, (_, i) => ({
      score: i + 1,
      label: `${dimensionName}${i + 1}`,
      options: [`${dimensionName} ${i}`],
    })),
  });
  return stringify({
    name: `${name} ${a}x${b}`,
    preamble: 'Answer on the scale and end with "Rating: N".\n5 - Strongly agree\n1 - Strongly disagree',
    template: 'Consider [Alpha] together with [Beta].',
    dimensions: [dimension('Alpha', a), dimension('Beta', b)],
  });
}

/**
 * The fake provider in a process of its own (`node tests/fixtures/fake-provider.mjs --latency MS`), as a real provider
 * is: in the bench's process its timers would wait behind the scheduler and its HTTP work would count as Node CPU.
 */
export async function separateFake(latencyMs: number): Promise<{ url: string; close: () => void }> {
  const child = spawn(
    process.execPath,
    ['tests/fixtures/fake-provider.mjs', '--latency', String(latencyMs), '--quiet-log'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('FAKE_PROVIDER_URL=')) resolve(line.slice('FAKE_PROVIDER_URL='.length));
    });
    child.on('exit', (code) => reject(new Error(`fake provider exited with ${code}`)));
  });
  return { url, close: () => void child.kill('SIGTERM') };
}

/** The value at percentile `p` of ascending `sorted` values (0 for none). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
