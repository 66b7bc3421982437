/**
 * A small value study for tests: three dilemmas, each setting two of three values against each other on a 1-5 scale,
 * and fake models whose answers follow set utilities (model A puts housing first, model B last).
 */
import { callRoute } from '../../src/main/core/ipc/dispatch';
import type { Core } from '../../src/main/core/create-core';
import type { ModelRef } from '../../src/shared/domain';

export const UTILITY: Record<string, Record<string, number>> = {
  'model-a': { Housing: 1.2, Privacy: 0, Property: -1.2 },
  'model-b': { Housing: -1.2, Privacy: 0, Property: 1.2 },
};
export const PAIRS = [
  ['Housing', 'Property'],
  ['Privacy', 'Housing'],
  ['Property', 'Privacy'],
] as const;

export const definition = (high: string, low: string): string =>
  [
    `name: ${high} against ${low}`,
    'preamble: |',
    '  Answer with "Rating: N" where 5 favours the first consideration and 1 the second.',
    `template: "VALUES(${high}|${low}) A case where [Stakes] is at stake."`,
    'dimensions:',
    '  - name: Stakes',
    '    levels:',
    ...[1, 2, 3].map((n) => `      - { score: ${n}, label: level ${n}, options: ["stakes ${n}"] }`),
    'scale:',
    ...[1, 2, 3, 4, 5].map((n) => `  - { code: ${n}, label: "${n}" }`),
    'values:',
    `  high: ${high}`,
    `  low: ${low}`,
    '',
  ].join('\n');

/** The fake model's rating: the chance it sides with the high value, mapped onto 1-5 (deterministic per prompt). */
export function answer(prompt: string, model: string): string {
  const match = /VALUES\((\w+)\|(\w+)\)/.exec(prompt);
  const utilities = UTILITY[model];
  if (!match || !utilities) return 'Rating: 3';
  const p = 1 / (1 + Math.exp(-(utilities[match[1]!]! - utilities[match[2]!]!)));
  return `I weighed both.\n\nRating: ${Math.round(1 + 4 * p)}`;
}

export const VALUE_MODELS: ModelRef[] = [
  { providerId: 'openai', modelId: 'model-a', modelVersion: null },
  { providerId: 'openai', modelId: 'model-b', modelVersion: null },
];

/** Imports the three dilemmas and queues a run of each against both models; returns the run ids. */
export async function startValueRuns(core: Core, samples = 2): Promise<string[]> {
  const runIds: string[] = [];
  for (const [high, low] of PAIRS) {
    const imported = await callRoute(core.dispatch, 'definitions.import', {
      fileName: `${high}-${low}.yaml`,
      text: definition(high, low),
    });
    const run = await callRoute(core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: VALUE_MODELS,
      options: { samples },
    });
    runIds.push(run.id);
  }
  return runIds;
}
