/**
 * The IPC contract: every route the renderer (or CLI, or browser transport) may call, its zod input schema and its
 * output type. Main parses input with these schemas; the handler map is typed against this object so a missing or
 * extra handler fails to compile.
 */
import { z } from 'zod';
import {
  modelRefSchema,
  providerIdSchema,
  RUN_STATUSES,
  type DefinitionDetail,
  type DefinitionSummary,
  type ProviderSettingsView,
  type RunDetail,
  type RunSummary,
  type Scenario,
  type TranscriptDetail,
  type TranscriptSummary,
} from './domain';
import { resultRoutes } from './results';
import { exportRoutes } from './export';
import { providerRoutes } from './providers';

interface Route<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the output type, never read at run time. */
  output?: O;
}

function route<O>() {
  return <I extends z.ZodType>(input: I): Route<I, O> => ({ input });
}

const id = z.string().trim().min(1, 'an id is required');
const empty = z.object({}).strict();

export interface ImportResult {
  definition: DefinitionDetail;
  alreadyImported: boolean;
}

/** What a "viewed" route stamped. */
export interface Viewed {
  id: string;
  lastAccessedAt: string;
}

/** A run's size before it exists (jobs = scenarios × models, derived where shown). */
export interface RunPreview {
  scenarios: number;
  /** True above LARGE_RUN_SCENARIOS: allowed, but the person is warned first. */
  large: boolean;
}

export type { ExportResult } from './export';

export const runOptionsInputSchema = z.object({
  samplePercentage: z.number().gt(0, 'the sample must be more than 0%').max(100).default(100),
  sampleSeed: z.number().int().nullable().default(null),
  temperature: z.number().min(0).max(2).nullable().default(null),
  maxTokens: z.number().int().min(1).max(32000).nullable().default(null),
});

export const routes = {
  'definitions.list': route<DefinitionSummary[]>()(empty),
  'definitions.get': route<DefinitionDetail>()(z.object({ id })),
  'definitions.import': route<ImportResult>()(
    z.object({ fileName: z.string().min(1).max(500), text: z.string().max(5_000_000) }),
  ),
  'definitions.scenarios': route<Scenario[]>()(
    z.object({
      definitionId: id,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
  ),
  'providers.list': route<ProviderSettingsView[]>()(empty),
  'providers.save': route<ProviderSettingsView>()(
    z.object({
      providerId: providerIdSchema,
      baseUrl: z
        .string()
        .trim()
        .url('base URL must be a URL such as http://127.0.0.1:11434/v1')
        .refine((url) => /^https?:\/\//i.test(url), 'base URL must start with http:// or https://')
        .optional(),
      apiKey: z.string().trim().max(500).nullable().optional(),
      concurrency: z.number().int('parallel requests must be a whole number').min(1).max(256).nullable().optional(),
    }),
  ),
  'runs.create': route<RunDetail>()(
    z.object({
      definitionId: id,
      models: z.array(modelRefSchema).min(1, 'select at least one model'),
      options: runOptionsInputSchema.default({
        samplePercentage: 100,
        sampleSeed: null,
        temperature: null,
        maxTokens: null,
      }),
      parentRunId: id.nullable().default(null),
      requestId: z.string().max(100).optional(),
      /** Restricts the run to these scenarios (System Health's "Test Run" uses one). */
      scenarioIds: z.array(id).min(1).max(100_000).optional(),
      /** A test run (System Health) is kept apart from research runs on the dashboard. */
      test: z.boolean().default(false),
    }),
  ),
  /** How many scenarios a run with these options would sample, and whether that is large, before it is created. */
  'runs.preview': route<RunPreview>()(
    z.object({
      definitionId: id,
      samplePercentage: z.number().gt(0, 'the sample must be more than 0%').max(100).default(100),
      sampleSeed: z.number().int().nullable().default(null),
    }),
  ),
  'runs.list': route<RunSummary[]>()(z.object({ status: z.enum(RUN_STATUSES).optional() })),
  /** A pure read: polling it writes nothing. */
  'runs.get': route<RunDetail>()(z.object({ id })),
  /** Records that the run's page was opened (called once on mount). */
  'runs.viewed': route<Viewed>()(z.object({ id })),
  /** No new job starts once acknowledged; jobs in flight finish and are kept. Idempotent. */
  'runs.pause': route<RunDetail>()(z.object({ id })),
  /** Only the remaining jobs run. Idempotent. */
  'runs.resume': route<RunDetail>()(z.object({ id })),
  /** Pending jobs are removed; jobs in flight may finish and are kept; the run accepts no further controls. */
  'runs.cancel': route<RunDetail>()(z.object({ id })),
  'runs.transcripts': route<TranscriptSummary[]>()(
    z.object({
      runId: id,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
  ),
  'transcripts.get': route<TranscriptDetail>()(z.object({ id })),
  /** Records that a transcript was opened. */
  'transcripts.viewed': route<Viewed>()(z.object({ id })),
  ...resultRoutes,
  ...exportRoutes,
  ...providerRoutes,
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteInput<K extends RouteName> = z.input<Routes[K]['input']>;
export type ParsedInput<K extends RouteName> = z.output<Routes[K]['input']>;
export type RouteOutput<K extends RouteName> = NonNullable<Routes[K]['output']>;

export type Handlers = { [K in RouteName]: (input: ParsedInput<K>) => Promise<RouteOutput<K>> };

export function isRouteName(name: string): name is RouteName {
  return Object.prototype.hasOwnProperty.call(routes, name);
}

/** Events main pushes to listeners (Electron webContents; browser mode via polling only). */
export interface Events {
  'run.progress': { runId: string };
}
export type EventName = keyof Events;

/** The API the preload exposes on `window.valuerank` in Electron. */
export interface Bridge {
  invoke(route: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
