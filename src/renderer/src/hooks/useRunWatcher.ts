/**
 * The one run watcher, shared by the run page and Test Run: fetches a run on mount, then polls it until it is settled —
 * a terminal status *and* nothing in flight, since a cancel still waits for requests it will abandon.
 */
import { useEffect } from 'react';
import { api } from '../api/client';
import { isRunSettled } from '../lib/run-state';
import { useRuns } from '../stores/runs';

export const RUN_POLL_INTERVAL_MS = 5000;
/** Progress events (Electron) may refresh sooner than the poll, but never more often than this. */
const EVENT_REFRESH_MIN_MS = 1000;

export interface RunWatchOptions {
  pollMs?: number;
  /** Also refresh the run's transcripts after each fetch of the run (the run page's results). */
  transcripts?: boolean;
}

export function useRunWatcher(runId: string | null, options: RunWatchOptions = {}): void {
  const { pollMs = RUN_POLL_INTERVAL_MS, transcripts = false } = options;
  const loadRun = useRuns((state) => state.loadRun);
  const loadTranscripts = useRuns((state) => state.loadTranscripts);

  useEffect(() => {
    if (!runId) return;
    const id = runId;
    let stopped = false;
    let finished = false;
    let inFlight = false;
    let lastTick = 0;
    let timer: number | undefined;

    async function tick(): Promise<void> {
      window.clearTimeout(timer);
      inFlight = true;
      lastTick = Date.now();
      try {
        await refresh();
      } finally {
        inFlight = false;
      }
    }

    async function refresh(): Promise<void> {
      const run = await loadRun(id);
      if (stopped) return;
      // Transcripts are fetched after the run, so the last poll of a finished run sees every transcript.
      if (run && transcripts) await loadTranscripts(id);
      if (stopped) return;
      const error = useRuns.getState().runs[id]?.error;
      if ((run && isRunSettled(run)) || (!run && error?.code === 'NOT_FOUND')) {
        finished = true;
        return;
      }
      // A failed poll keeps the last data on screen (marked stale) and simply tries again.
      timer = window.setTimeout(() => void tick(), pollMs);
    }

    const unsubscribe = api.onEvent('run.progress', (payload) => {
      if (payload.runId !== id || stopped || finished || inFlight) return;
      if (Date.now() - lastTick >= EVENT_REFRESH_MIN_MS) void tick();
    });

    // A settled run can come back to life ("Retry failed jobs" sets it running again): watch it again then.
    const unwatchStore = useRuns.subscribe((state) => {
      const run = state.runs[id]?.data;
      if (!finished || stopped || !run || isRunSettled(run)) return;
      finished = false;
      void tick();
    });

    void tick();
    return () => {
      stopped = true;
      unwatchStore();
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [runId, pollMs, transcripts, loadRun, loadTranscripts]);
}
