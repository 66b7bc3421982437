/** Keeps an open run fresh: fetches it (and its transcripts) on mount, then every 5 s until the run reaches a terminal state. */
import { useEffect } from 'react';
import { isTerminalRunStatus } from '@shared/domain';
import { api } from '../api/client';
import { useRuns } from '../stores/runs';

export const RUN_POLL_INTERVAL_MS = 5000;
/** Progress events (Electron) may refresh sooner than the poll, but never more often than this. */
const EVENT_REFRESH_MIN_MS = 1000;

export function useRunPolling(runId: string): void {
  const loadRun = useRuns((state) => state.loadRun);
  const loadTranscripts = useRuns((state) => state.loadTranscripts);

  useEffect(() => {
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
      const run = await loadRun(runId);
      if (stopped) return;
      // Transcripts are fetched after the run, so the last poll of a finished run sees every transcript.
      if (run) await loadTranscripts(runId);
      if (stopped) return;
      const error = useRuns.getState().runs[runId]?.error;
      if ((run && isTerminalRunStatus(run.status)) || (!run && error?.code === 'NOT_FOUND')) {
        finished = true;
        return;
      }
      // A failed poll keeps the last data on screen (marked stale) and simply tries again.
      timer = window.setTimeout(() => void tick(), RUN_POLL_INTERVAL_MS);
    }

    const unsubscribe = api.onEvent('run.progress', (payload) => {
      if (payload.runId !== runId || stopped || finished || inFlight) return;
      if (Date.now() - lastTick >= EVENT_REFRESH_MIN_MS) void tick();
    });

    void tick();
    return () => {
      stopped = true;
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [runId, loadRun, loadTranscripts]);
}
