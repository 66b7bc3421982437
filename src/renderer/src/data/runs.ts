/** Runs as pages read them: the list, one run (watched until it settles), its transcripts, and the changes to runs. */
import { useCallback, useMemo } from 'react';
import type { RunDetail, RunSummary, TranscriptSummary } from '@shared/domain';
import { isTerminalRunStatus } from '@shared/domain';
import type { TranscriptFilter } from '@shared/transcript-filter';
import type { RouteInput, RouteName, RunPreview } from '@shared/ipc';
import { useDebounced } from '../hooks/useDebounced';
import { useMutation, type Mutation } from '../hooks/useMutation';
import { usePaged, type Paged } from '../hooks/usePaged';
import { useResourceStore } from '../hooks/useResourceStore';
import { useRoute, type RouteResult } from '../hooks/useRoute';
import { isRunSettled } from '../lib/run-state';
import type { Loadable } from '../stores/loadable';
import { useRunFilter } from '../stores/run-filter';
import { useRecordViewed } from './viewed';

export const RUN_POLL_INTERVAL_MS = 5000;
// A page of transcripts at a time ("Load more" for the next): 500 open rows made a run page 27,000 px tall.
export const TRANSCRIPT_PAGE_SIZE = 50;
const TRANSCRIPT_MAX_LIMIT = 1000;

/** What a change to a run makes stale besides the run itself (whose answer it is). */
const RUN_LISTS: readonly RouteName[] = ['runs.list'];

function newestFirst(runs: RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function anyActive(entry: Loadable<RunSummary[]>): boolean {
  return entry.data?.some((run) => !isTerminalRunStatus(run.status)) ?? false;
}

/** Every run with the dashboard's status filter, newest first; polled while one is going or the last poll failed. */
export function useRunList(): RouteResult<'runs.list'> {
  const filter = useRunFilter((state) => state.filter);
  // Archived runs come too: the page hides them unless asked (lib/run-filters.ts), without asking the core again.
  const list = useRoute(
    'runs.list',
    filter === 'all' ? { archived: 'include' } : { status: filter, archived: 'include' },
    {
      pollMs: RUN_POLL_INTERVAL_MS,
      pollWhile: (entry) => entry.stale || anyActive(entry),
    },
  );
  const data = useMemo(() => (list.data ? newestFirst(list.data) : null), [list.data]);
  return { ...list, data };
}

/** Every run of one definition, newest first; polled while one of them is going. */
export function useDefinitionRuns(definitionId: string): RouteResult<'runs.list'> {
  const list = useRoute(
    'runs.list',
    {},
    {
      pollMs: RUN_POLL_INTERVAL_MS,
      pollWhile: (entry) =>
        entry.data?.some((run) => run.definitionId === definitionId && !isTerminalRunStatus(run.status)) ?? false,
    },
  );
  const data = useMemo(
    () => (list.data ? newestFirst(list.data.filter((run) => run.definitionId === definitionId)) : null),
    [list.data, definitionId],
  );
  return { ...list, data };
}

export interface RunWatch {
  /** Poll this often until the run settles (5 s by default; Test Run is faster). */
  pollMs?: number;
  /** Refresh the run's transcripts after each fetch of the run, so the last poll of a finished run sees them all. */
  transcripts?: boolean;
}

/**
 * One run, watched: fetched on mount and polled until it is settled — a terminal status *and* nothing in flight, since
 * a cancel still waits for requests it will abandon — and sooner on progress events. A settled run that comes back to
 * life ("Retry failed jobs") is watched again. `null` watches nothing.
 */
export function useWatchedRun(id: string | null, watch: RunWatch = {}): RouteResult<'runs.get'> {
  const store = useResourceStore();
  const { pollMs = RUN_POLL_INTERVAL_MS, transcripts = false } = watch;
  const after = useCallback(
    () => store.getState().refresh(['runs.transcripts', 'transcripts.count', 'transcripts.levels']),
    [store],
  );
  return useRoute(
    'runs.get',
    { id: id ?? '' },
    {
      enabled: id !== null,
      pollMs,
      pollWhile: (entry) => entry.error?.code !== 'NOT_FOUND' && !(entry.data && isRunSettled(entry.data)),
      progressOf: id ?? undefined,
      after: transcripts ? after : undefined,
    },
  );
}

/** A run's page: the run watched with its transcripts, and the visit recorded. */
export function useRunPage(id: string): RouteResult<'runs.get'> {
  useRecordViewed('runs.viewed', id);
  return useWatchedRun(id, { transcripts: true });
}

/** A run that another reader on the page keeps fresh. */
export function useRun(id: string): RouteResult<'runs.get'> {
  return useRoute('runs.get', { id }, { enabled: false });
}

/** A run's transcripts that match the filter, a page at a time ("Load more"); refreshed by the run page's watcher. */
export function useTranscripts(runId: string, filter: TranscriptFilter = {}): Paged<TranscriptSummary> {
  return usePaged(
    'runs.transcripts',
    { runId, ...filter },
    { pageSize: TRANSCRIPT_PAGE_SIZE, maxLimit: TRANSCRIPT_MAX_LIMIT },
  );
}

/** How many of a run's transcripts match the filter, of how many; refreshed with the transcripts. */
export function useTranscriptCount(runId: string, filter: TranscriptFilter): RouteResult<'transcripts.count'> {
  return useRoute('transcripts.count', { runId, ...filter });
}

/** The run's dimension levels, each with how many transcripts match the rest of the filter and have it. */
export function useTranscriptLevels(runId: string, filter: TranscriptFilter): RouteResult<'transcripts.levels'> {
  return useRoute('transcripts.levels', { runId, ...filter });
}

/** One transcript, opened inline or on its own page: opening it is what records it as viewed. */
export function useTranscript(id: string): RouteResult<'transcripts.get'> {
  useRecordViewed('transcripts.viewed', id);
  return useRoute('transcripts.get', { id });
}

const keepRun = {
  put: (run: RunDetail, cache: { put(route: 'runs.get', input: { id: string }, data: RunDetail): void }) =>
    cache.put('runs.get', { id: run.id }, run),
  refreshes: RUN_LISTS,
};

/** How long the choices must stay put before the core is asked for a preview. */
const PREVIEW_DELAY_MS = 150;

/**
 * The core's preview (scenarios selected, estimate) of exactly these choices, asked once they stop changing; null
 * until the core has answered for exactly them (never a figure for other choices), and for a null input.
 */
export function useRunPreview(input: RouteInput<'runs.preview'> | null): RunPreview | null {
  const key = JSON.stringify(input);
  const settled = useDebounced(key, PREVIEW_DELAY_MS);
  const asked = settled === key ? input : null;
  const preview = useRoute('runs.preview', asked ?? { definitionId: '' }, { enabled: asked !== null });
  return asked ? preview.data : null;
}

/** Creates a run (a re-run, a test run); the answer is kept as the run, the lists are refreshed. */
export function useCreateRun(): Mutation<'runs.create'> {
  return useMutation('runs.create', keepRun);
}

export type RunControl = 'pause' | 'resume' | 'cancel' | 'retryFailed';

/** Pauses, resumes, cancels or retries a run; the state the core answered with replaces the run shown. */
export function useRunControl(): (id: string, control: RunControl) => Promise<RunDetail> {
  const pause = useMutation('runs.pause', keepRun).mutate;
  const resume = useMutation('runs.resume', keepRun).mutate;
  const cancel = useMutation('runs.cancel', keepRun).mutate;
  const retryFailed = useMutation('runs.retryFailed', keepRun).mutate;
  return useCallback(
    (id, control) => ({ pause, resume, cancel, retryFailed })[control]({ id }),
    [pause, resume, cancel, retryFailed],
  );
}

/** Reads a finished run's stored replies again (no provider asked); its page, results and transcripts are refreshed. */
export function useReextract(): Mutation<'runs.reextract'> {
  return useMutation('runs.reextract', {
    refreshes: [
      'runs.get',
      'results.summary',
      'runs.transcripts',
      'transcripts.count',
      'transcripts.levels',
      'results.scenarios',
      'results.effects',
    ],
  });
}
