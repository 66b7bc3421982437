/**
 * A run with a known answer pattern for the analysis tests, the CLI test and the browser test: three dimensions
 * (Stakes 3 levels, Certainty 2, Setting 4: 24 scenarios), two models, answers seeded through the production INSERT.
 * Model a answers Stakes + Certainty − 1 (Stakes moves it by 2, Certainty by 1, Setting not at all); model b always 3,
 * except one refusal and one unparseable answer.
 */
import type { Core } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { seedOutcomes, type SeedOutcome } from './results-seed';

const dimension = (name: string, labels: string[]) => ({
  name,
  levels: labels.map((label, i) => ({ score: i + 1, label, options: [`${name} option ${i + 1}`] })),
});

export const ANALYSIS_DEFINITION = {
  name: 'Analysis fixture',
  preamble: 'Answer with "Rating: N".\n5 - Strongly agree\n4 - Agree\n3 - Neutral\n2 - Disagree\n1 - Strongly disagree',
  template: 'A case where [Stakes] meets [Certainty] in [Setting].',
  dimensions: [
    dimension('Stakes', ['low', 'medium', 'high']),
    dimension('Certainty', ['rumour', 'report']),
    dimension('Setting', ['village', 'town', 'city', 'capital']),
  ],
};

export const MODEL_A = { providerId: 'openai' as const, modelId: 'model-a' };
export const MODEL_B = { providerId: 'openai' as const, modelId: 'model-b' };

export function levelsOf(scenarioId: string): { stakes: number; certainty: number; setting: number } {
  const match = /^Stakes(\d)_Certainty(\d)_Setting(\d)$/.exec(scenarioId);
  if (!match) throw new Error(`unexpected scenario id ${scenarioId}`);
  return { stakes: Number(match[1]), certainty: Number(match[2]), setting: Number(match[3]) };
}

export type ScoreOf = (levels: ReturnType<typeof levelsOf>) => number;

export const BASE_SCORE: ScoreOf = ({ stakes, certainty }) => stakes + certainty - 1;

/** Imports the fixture definition (once per core: the import is idempotent by content). */
export async function importAnalysisDefinition(core: Core): Promise<string> {
  const imported = await callRoute(core.dispatch, 'definitions.import', {
    fileName: 'analysis.json',
    text: JSON.stringify(ANALYSIS_DEFINITION),
  });
  return imported.definition.id;
}

/** Creates and settles one run of both models; `scoreA` decides model a's answers. */
export async function seedAnalysisRun(
  core: Core,
  options: { scoreA?: ScoreOf; parentRunId?: string } = {},
): Promise<{ definitionId: string; runId: string }> {
  const definitionId = await importAnalysisDefinition(core);
  const run = await callRoute(core.dispatch, 'runs.create', {
    definitionId,
    models: [MODEL_A, MODEL_B],
    ...(options.parentRunId ? { parentRunId: options.parentRunId } : {}),
  });
  const scoreA = options.scoreA ?? BASE_SCORE;
  seedOutcomes(core.internals.database.sqlite, run.id, (job): SeedOutcome => {
    const levels = levelsOf(job.scenarioId);
    if (job.modelKey === 'openai:model-a') {
      const score = scoreA(levels);
      return { kind: 'answer', score, decision: `answer ${score}` };
    }
    if (job.scenarioId === 'Stakes1_Certainty1_Setting1') return { kind: 'refusal' };
    if (job.scenarioId === 'Stakes1_Certainty1_Setting2') return { kind: 'unparseable' };
    return { kind: 'answer', score: 3, decision: 'answer 3' };
  });
  return { definitionId, runId: run.id };
}
