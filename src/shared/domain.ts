/** Domain types and schemas shared by main, renderer and CLI: definitions, scenarios, runs, transcripts. */
import { z } from 'zod';
import type { RunCost } from './prices';
import type { DecisionOverride, DecisionSource } from './transcript';

export {
  definitionContentSchema,
  dimensionSchema,
  levelSchema,
  scaleEntrySchema,
  type DefinitionContent,
  type DefinitionContentInput,
  type ScaleEntry,
} from './definition-content';
import { nonBlank, type DefinitionContent, type ScaleEntry } from './definition-content';

export interface DefinitionSummary {
  /** This version's id (runs point at it). */
  id: string;
  /** The family every version of one definition shares (the first version's id). */
  familyId: string;
  /** 1 for the first version, +1 for each saved edit. */
  version: number;
  latestVersionId: string;
  archived: boolean;
  name: string;
  contentHash: string;
  scenarioCount: number;
  dimensionNames: string[];
  runCount: number;
  createdAt: string;
  lastAccessedAt: string | null;
}

export interface DefinitionDetail extends DefinitionSummary {
  content: DefinitionContent;
  /** Every code answers are read on, lowest first; an unlabelled code's label is its number. */
  scale: ScaleEntry[];
  /** The scale the importer understood, in words: "1 to 5, labelled at 1 and 5". */
  scaleSummary: string;
  warnings: string[];
}

export interface DimensionValue {
  score: number;
  label: string;
  option: string;
}

export interface Scenario {
  id: string;
  definitionId: string;
  ordinal: number;
  name: string;
  dimensions: Record<string, DimensionValue>;
  prompt: string;
}

/** Provider ids the app knows; `compat` is any OpenAI-compatible server. */
export const PROVIDER_IDS = [
  'openai',
  'anthropic',
  'google',
  'xai',
  'deepseek',
  'mistral',
  'ollama',
  'lmstudio',
  'llamacpp',
  'compat',
] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export const providerIdSchema = z.enum(PROVIDER_IDS);

export const modelRefSchema = z.object({
  providerId: providerIdSchema,
  modelId: nonBlank,
  modelVersion: z.string().trim().min(1).nullable().default(null),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

/** Above this many scenarios a run is allowed but the person is warned first (cost and time). */
export const LARGE_RUN_SCENARIOS = 1000;

/** Most repeated samples of one scenario and model in a run. */
export const MAX_SAMPLES = 20;

/** The most requests in flight one process allows, overall or to one provider (Settings, CLI, environment). */
export const MAX_PARALLEL_REQUESTS = 256;

/** A parallel-request limit (Settings, `--concurrency`, VALUERANK_*_CONCURRENCY), checked by this one schema. */
export const parallelRequestsSchema = z
  .number()
  .int('parallel requests must be a whole number')
  .min(1, 'parallel requests must be at least 1')
  .max(MAX_PARALLEL_REQUESTS, `parallel requests can be at most ${MAX_PARALLEL_REQUESTS}`);

/**
 * Most jobs one run may hold (scenarios × models × samples): they are written in chunks (runs/chunked.ts), about a
 * minute at this size on a loaded machine, and a bigger study is better run as a sample or in several runs.
 */
export const MAX_RUN_JOBS = 1_000_000;

/** The one sentence the core and the start form give for a run over MAX_RUN_JOBS. */
export function tooManyJobsMessage(jobs: number): string {
  return (
    `This run would have ${jobs.toLocaleString('en-US')} jobs (scenarios × models × samples); one run can hold at ` +
    `most ${MAX_RUN_JOBS.toLocaleString('en-US')}. Take a sample of the scenarios, fewer samples or fewer models.`
  );
}

/**
 * Whether a run is large enough to warn about first: each model it asks adds scenarios × samples provider calls, and
 * above LARGE_RUN_SCENARIOS of them the person is warned (allowed, but it takes time and money).
 */
export function isLargeRun(scenarios: number, samples: number): boolean {
  return scenarios * samples > LARGE_RUN_SCENARIOS;
}

export const RUN_STATUSES = [
  'pending',
  'running',
  'paused',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = [
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
];

export function isTerminalRunStatus(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A run's options, written once here: the route input, the stored config and every form derive from it. */
/**
 * A parameter as the person typed it: float noise from arithmetic on the way (0.7000000000000001) is dropped, so the
 * run stores and sends 0.7. Twelve significant digits keep every value a person could mean.
 */
export function asAsked(value: number): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(12)) : value;
}

export const runOptionsSchema = z.object({
  samplePercentage: z
    .number()
    .gt(0, 'the sample must be more than 0%')
    .max(100, 'the sample can be at most 100%')
    .default(100),
  sampleSeed: z.number().int('the seed must be a whole number').nullable().default(null),
  /** How many times each scenario is asked of each model (repeated samples); runs stored before it have 1. */
  samples: z
    .number()
    .int('samples must be a whole number')
    .min(1, 'samples must be at least 1')
    .max(MAX_SAMPLES, `samples can be at most ${MAX_SAMPLES}`)
    .default(1),
  temperature: z
    .number()
    .min(0, 'temperature must be 0 or more')
    .max(2, 'temperature can be at most 2')
    .transform(asAsked)
    .nullable()
    .default(null),
  maxTokens: z
    .number()
    .int('max tokens must be a whole number')
    .min(1, 'max tokens must be at least 1')
    .max(32000, 'max tokens can be at most 32,000')
    .nullable()
    .default(null),
  /**
   * A spending cap in US dollars: once the run's cost so far reaches it, the run pauses itself with the reason (null:
   * no cap). Resuming a run the cap paused lifts the cap for the rest of that run.
   */
  maxCost: z
    .number()
    .gt(0, 'the spending cap must be more than $0')
    .max(1_000_000, 'the spending cap can be at most $1,000,000')
    .transform(asAsked)
    .nullable()
    .default(null),
});

/** How the reason of a run its spending cap paused begins (a resume lifts the cap of such a run). */
export const BUDGET_PAUSE_PREFIX = 'spending cap reached';
export type RunOptions = z.output<typeof runOptionsSchema>;

export interface Progress {
  total: number;
  completed: number;
  failed: number;
  running: number;
  pending: number;
  cancelled: number;
}

export interface ModelProgress extends Progress {
  modelKey: string;
  model: ModelRef;
}

export interface RunSummary {
  id: string;
  definitionId: string;
  definitionName: string;
  parentRunId: string | null;
  status: RunStatus;
  runType: 'full' | 'sample' | 'rerun' | 'test';
  createdAt: string;
  queuedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  lastAccessedAt: string | null;
  /** The researcher's name for the run; null when none was given (show the definition's name). */
  name: string | null;
  /** The researcher's notes ('' when none). */
  notes: string;
  /** When the run was archived (hidden from the Runs list by default); null when it is not. */
  archivedAt: string | null;
  progress: Progress;
  models: ModelRef[];
  /** How its jobs are sent: one request each ('realtime') or as provider batches ('batch'). */
  mode: 'realtime' | 'batch';
  /** A batch run whose remainder was sent in real time: when that was asked (ISO); null otherwise. */
  finishRealtimeAt: string | null;
}

/** What is happening inside an active run beyond the counters: retries, timeouts and the expected finish. */
export interface RunActivity {
  /** Pending jobs that already failed at least once and wait for another attempt. */
  retrying: number;
  /** Jobs whose latest attempt timed out (retrying or failed). */
  timedOut: number;
  /** Finished jobs per minute since the run started; null before the first one finishes. */
  ratePerMinute: number | null;
  /**
   * Estimated milliseconds until the remaining jobs finish, from each provider's own remaining jobs and rate (the
   * slowest decides); null when unknown, not running, or while requests hang (see waitingOn).
   */
  etaMs: number | null;
  /** Requests in flight for 30 s or more: while any, there is no ETA and the run says it is waiting on them. */
  waitingOn: number;
  /** How long the oldest request still in flight has been waiting, in ms; null when none is in flight. */
  oldestInFlightMs: number | null;
  /** Failed attempts that another attempt followed ("retried along the way"), by error code. */
  attemptErrors: { code: string; count: number }[];
}

/** Above this share of a model's answers unparseable, the run page, status, results and export manifest say so. */
export const UNREAD_WARN_SHARE = 0.05;

/** A model whose answers went unread: how many, of how many, and the first few replies (to see what went wrong). */
export interface UnreadAnswers {
  modelKey: string;
  unparseable: number;
  /** Every recorded decision of the model (scored, refusals and unparseable). */
  answers: number;
  share: number;
  examples: { transcriptId: string; excerpt: string }[];
}

/** Something done to a run after its jobs ran, in its history (today: decisions re-extracted from stored replies). */
export interface RunEvent {
  id: number;
  kind: 'decisions_reextracted';
  at: string;
  detail: ReextractDetail;
}

/** What a re-extraction read and changed. */
export interface ReextractDetail {
  /** The scale the replies were read on, in words ("1 to 5, labelled at 1 and 5"). */
  scaleSummary: string;
  examined: number;
  changed: number;
  unparseableBefore: number;
  unparseableAfter: number;
}

export interface RunDetail extends RunSummary {
  /** Models with more than UNREAD_WARN_SHARE of their answers unparseable (empty when none). */
  unread: UnreadAnswers[];
  /** What was done to the run after its jobs ran, oldest first. */
  history: RunEvent[];
  options: RunOptions;
  /** Why the run paused itself ("disk full: free space in <dir> and resume"); null after a person's pause. */
  pauseReason: string | null;
  activity: RunActivity;
  perModel: ModelProgress[];
  /** Jobs that failed for good, by model and error code, with one of their messages. */
  errorSummary: { code: string; modelKey: string; count: number; example: string }[];
  /** Tokens the providers reported and their cost so far, per model and in total. */
  cost: RunCost;
}

export interface TranscriptSummary {
  id: string;
  runId: string;
  scenarioId: string;
  modelKey: string;
  /** Which repeated sample of this scenario and model (1-based; 1 when the run asked each once). */
  sample: number;
  providerId: ProviderId;
  modelId: string;
  modelVersion: string | null;
  reportedModelVersion: string | null;
  score: number | null;
  decision: string;
  parsePath: string;
  decisionSource: DecisionSource;
  durationMs: number | null;
  createdAt: string;
}

export interface Turn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TranscriptDetail extends TranscriptSummary {
  turns: Turn[];
  content: string;
  wordCount: number;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  startedAt: string | null;
  completedAt: string | null;
  lastAccessedAt: string | null;
  requestParams: Record<string, unknown>;
  definitionSnapshotHash: string;
  /** The provider's answer was cut at the size cap. */
  truncated: boolean;
  /** The worker's notes on the answer (why it was truncated, …). */
  notes: string[];
  /** Set when a researcher coded the decision by hand (`decisionSource` 'override'). */
  override: DecisionOverride | null;
}

export interface ProviderSettingsView {
  providerId: ProviderId;
  displayName: string;
  baseUrl: string;
  defaultBaseUrl: string;
  keySource: 'settings' | 'environment' | 'none';
  keyLast4: string | null;
  keyRequired: boolean;
  envKeyName: string | null;
  /** Most requests in flight to this provider, as saved in Settings; null means the default below. */
  concurrency: number | null;
  defaultConcurrency: number;
}

export interface SystemHealth {
  database: { ok: boolean; path: string; message: string | null };
  pythonWorker: {
    status: 'online' | 'starting' | 'offline';
    python: string | null;
    processes: number;
    restarts: number;
    message: string | null;
  };
  scheduler: { status: 'online' | 'offline'; activeJobs: number };
  secrets: { kind: string; persistent: boolean; warning: string | null };
}

/** `provider:model[@version]`, the one string form of a model used in job keys, the CLI and CSV. */
export function modelKey(ref: ModelRef): string {
  return ref.modelVersion ? `${ref.providerId}:${ref.modelId}@${ref.modelVersion}` : `${ref.providerId}:${ref.modelId}`;
}

export function parseModelKey(text: string): ModelRef {
  const match = /^([a-z]+):([^@\s]+)(?:@(\S+))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not PROVIDER:MODEL[@VERSION]`);
  const parsed = modelRefSchema.safeParse({ providerId: match[1], modelId: match[2], modelVersion: match[3] ?? null });
  if (!parsed.success) throw new Error(`unknown provider "${match[1]}" (known: ${PROVIDER_IDS.join(', ')})`);
  return parsed.data;
}
