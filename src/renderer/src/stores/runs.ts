/** Runs as the renderer knows them: the list, each opened run, its transcripts and opened transcript details, plus run creation. */
import { create } from 'zustand';
import type { RouteInput } from '@shared/ipc';
import {
  RUN_STATUSES,
  type RunDetail,
  type RunStatus,
  type RunSummary,
  type TranscriptDetail,
  type TranscriptSummary,
} from '@shared/domain';
import { api } from '../api/client';
import { loadInto, type Loadable } from './loadable';

export const TRANSCRIPT_PAGE_SIZE = 500;
const TRANSCRIPT_MAX_LIMIT = 1000;

export interface TranscriptPage {
  items: TranscriptSummary[];
  hasMore: boolean;
}

export type RunFilter = RunStatus | 'all';

interface RunsState {
  list: Loadable<RunSummary[]> | undefined;
  filter: RunFilter;
  runs: Record<string, Loadable<RunDetail>>;
  transcripts: Record<string, Loadable<TranscriptPage>>;
  transcriptDetails: Record<string, Loadable<TranscriptDetail>>;
  setFilter(filter: RunFilter): void;
  loadList(): Promise<void>;
  /** Fetches one run; resolves to it, or null when the fetch failed (the error is in `runs[id]`). */
  loadRun(id: string): Promise<RunDetail | null>;
  /** Refreshes the transcripts already shown (at least one page), or appends the next page when `more` is set. */
  loadTranscripts(runId: string, more?: boolean): Promise<void>;
  loadTranscript(id: string): Promise<void>;
  /** Records that the run's page was opened (once per mount; polling runs.get writes nothing). */
  markRunViewed(id: string): Promise<void>;
  /** Pauses, resumes or cancels a run and stores the state the core answered with; throws an ApiError on refusal. */
  controlRun(id: string, action: 'pause' | 'resume' | 'cancel' | 'retryFailed'): Promise<RunDetail>;
  /** Creates a run; throws an ApiError on refusal. */
  createRun(input: RouteInput<'runs.create'>): Promise<RunDetail>;
}

const FILTER_KEY = 'valuerank.runs.filter';
const FILTERS: readonly RunFilter[] = ['all', ...RUN_STATUSES];

/** The dashboard's status filter survives a reload; anything unexpected in storage falls back to "all". */
function savedFilter(): RunFilter {
  try {
    const value = window.localStorage.getItem(FILTER_KEY);
    return FILTERS.find((filter) => filter === value) ?? 'all';
  } catch {
    return 'all';
  }
}

function saveFilter(filter: RunFilter): void {
  try {
    window.localStorage.setItem(FILTER_KEY, filter);
  } catch {
    // Storage can be unavailable (private windows, quotas): the filter then lasts for this session only.
  }
}

function newestFirst(runs: RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export const useRuns = create<RunsState>()((set, get) => ({
  list: undefined,
  filter: savedFilter(),
  runs: {},
  transcripts: {},
  transcriptDetails: {},

  setFilter(filter) {
    saveFilter(filter);
    set({ filter });
    void get().loadList();
  },

  async loadList() {
    const filter = get().filter;
    await loadInto(
      'runs.list',
      () => get().list,
      (list) => set({ list }),
      async () => newestFirst(await api.call('runs.list', filter === 'all' ? {} : { status: filter })),
    );
  },

  async loadRun(id) {
    return loadInto(
      `runs.get:${id}`,
      () => get().runs[id],
      (entry) => set((state) => ({ runs: { ...state.runs, [id]: entry } })),
      () => api.call('runs.get', { id }),
    );
  },

  async loadTranscripts(runId, more = false) {
    const shown = get().transcripts[runId]?.data?.items ?? [];
    const offset = more ? shown.length : 0;
    const limit = more
      ? TRANSCRIPT_PAGE_SIZE
      : Math.min(Math.max(TRANSCRIPT_PAGE_SIZE, shown.length), TRANSCRIPT_MAX_LIMIT);
    await loadInto(
      `runs.transcripts:${runId}`,
      () => get().transcripts[runId],
      (entry) => set((state) => ({ transcripts: { ...state.transcripts, [runId]: entry } })),
      async () => {
        const page = await api.call('runs.transcripts', { runId, offset, limit });
        const items = more ? [...shown, ...page] : page;
        return { items, hasMore: page.length === limit };
      },
    );
  },

  async markRunViewed(id) {
    await api.call('runs.viewed', { id }).catch(() => undefined);
  },

  async loadTranscript(id) {
    // Opening a transcript is what records it as viewed; transcripts.get itself is a pure read.
    void api.call('transcripts.viewed', { id }).catch(() => undefined);
    await loadInto(
      `transcripts.get:${id}`,
      () => get().transcriptDetails[id],
      (entry) => set((state) => ({ transcriptDetails: { ...state.transcriptDetails, [id]: entry } })),
      () => api.call('transcripts.get', { id }),
    );
  },

  async controlRun(id, action) {
    const run = await api.call(`runs.${action}`, { id });
    set((state) => ({
      runs: {
        ...state.runs,
        [run.id]: { data: run, error: null, loading: false, stale: false, fetchedAt: Date.now() },
      },
    }));
    return run;
  },

  async createRun(input) {
    const run = await api.call('runs.create', input);
    set((state) => ({
      runs: {
        ...state.runs,
        [run.id]: { data: run, error: null, loading: false, stale: false, fetchedAt: Date.now() },
      },
    }));
    return run;
  },
}));
