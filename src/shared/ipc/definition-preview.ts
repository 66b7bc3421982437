/**
 * Route `definitions.preview`: what a draft definition will do, computed from its text as the researcher types —
 * scenario count (counted, never expanded for it), jobs and estimated cost for the chosen models (default: the models
 * of the definition's last run), a page of expanded scenarios filtered by level, the exact messages of one scenario,
 * the answer scale as understood and the placeholders the template names.
 */
import { z } from 'zod';
import { MAX_SAMPLES, modelRefSchema, type DimensionValue, type ModelRef, type ScaleEntry } from '../domain';
import type { RunEstimate } from '../prices';
import { defineRoute, idSchema, pageSchema } from './define-route';
import { MAX_DEFINITION_TEXT, type DefinitionProblem } from './definitions';

export interface PreviewScenario {
  id: string;
  ordinal: number;
  name: string;
  dimensions: Record<string, DimensionValue>;
}

export interface PreviewPlaceholder {
  name: string;
  /** A dimension of that name exists. */
  known: boolean;
}

export interface DefinitionPreview {
  /** False when the text does not parse or fails the schema: `errors` say why and the counts are null. */
  ok: boolean;
  errors: DefinitionProblem[];
  warnings: string[];
  scenarioCount: number | null;
  /** The importer's limit on scenarios and a run's limit on jobs. */
  limits: { maxScenarios: number; maxJobs: number; largeRunScenarios: number };
  /** More than `largeRunScenarios` scenarios × samples: allowed, but every model is asked that many times. */
  large: boolean;
  models: ModelRef[];
  /** Where `models` came from: the input, the definition's last run, or none (no jobs counted then). */
  modelsSource: 'given' | 'lastRun' | 'none';
  samples: number;
  /** scenarios × models × samples; null without a count. */
  jobs: number | null;
  /** Tokens and cost per model from the price table; null without models or a count. */
  estimate: RunEstimate | null;
  /** True when prompt lengths were averaged over the levels instead of measured on every scenario (huge drafts). */
  estimateApproximate: boolean;
  /** Every dimension and its levels, for the level filter. */
  dimensions: { name: string; levels: { score: number; label: string }[] }[];
  placeholders: PreviewPlaceholder[];
  unknownPlaceholders: string[];
  unusedDimensions: string[];
  scale: { summary: string; entries: ScaleEntry[]; source: string; ambiguous: boolean; warnings: string[] } | null;
  /** The scenarios matching `filter`, one page of them. */
  page: { offset: number; limit: number; total: number; rows: PreviewScenario[] };
  /**
   * How counterbalancing multiplies the dimension combinations ("6 combinations × 2 wordings × 2 orders"; a rotated
   * wording or half-reversed order is named without multiplying); null when the definition has none.
   */
  design: string | null;
  /** The exact messages a model receives for the selected scenario (default: the page's first). */
  selected: { id: string; name: string; system: string; user: string } | null;
}

/** Most scenarios one preview page shows. */
export const PREVIEW_PAGE_MAX = 500;

export const definitionPreviewRoutes = {
  'definitions.preview': defineRoute<DefinitionPreview>()(() =>
    z.object({
      text: z.string().max(MAX_DEFINITION_TEXT),
      /** The draft's saved definition (any version): its family's last run gives the default models. */
      definitionId: idSchema.optional(),
      models: z.array(modelRefSchema).max(50).optional(),
      samples: z.number().int().min(1).max(MAX_SAMPLES).default(1),
      maxTokens: z.number().int().min(1).nullable().default(null),
      /** Dimension name → level score: only scenarios with these levels. */
      filter: z.record(z.string().max(200), z.number().int()).default({}),
      ...pageSchema(50, PREVIEW_PAGE_MAX),
      selected: z.string().max(2000).optional(),
    }),
  ),
} as const;
