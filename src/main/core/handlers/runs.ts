/** Handlers for runs: create (validated before anything is queued), read, "viewed" stamps, transcripts, controls. */
import type { ReextractDetail } from '../../../shared/domain';
import type { Handlers, ParsedInput, RunPreview } from '../../../shared/ipc';
import type { Logger } from '../util/logger';
import type { RunControl, RunControls } from '../runs/controls';
import type { RunQueries } from '../runs/query';
import type { RunBookkeeping } from '../runs/manage';

type RunRoutes =
  | 'runs.create'
  | 'runs.preview'
  | 'runs.list'
  | 'runs.update'
  | 'runs.archive'
  | 'runs.deletion'
  | 'runs.delete'
  | 'runs.get'
  | 'runs.viewed'
  | 'runs.pause'
  | 'runs.resume'
  | 'runs.cancel'
  | 'runs.retryFailed'
  | 'runs.reextract'
  | 'runs.transcripts'
  | 'transcripts.get'
  | 'transcripts.count'
  | 'transcripts.levels'
  | 'transcripts.viewed'
  | 'transcripts.override';

export interface RunHandlerDeps {
  runs: RunQueries;
  controls: RunControls;
  /** Codes (or clears) a transcript's decision by hand; returns its run's id. */
  override(input: ParsedInput<'transcripts.override'>): string;
  /** Names, notes, archive and delete. */
  manage: RunBookkeeping;
  /** Writes a new run and its jobs (runs/create.ts, wired with its own dependencies); returns its id. */
  create(input: ParsedInput<'runs.create'>): string;
  preview(input: ParsedInput<'runs.preview'>): RunPreview;
  /** Re-reads a finished run's stored replies (runs/reextract.ts, wired with the Python pool). */
  reextract(runId: string): Promise<ReextractDetail>;
  /** The scheduler's two signals: claim soon, and tell progress listeners a run changed. */
  scheduler: { kick(): void; notify(runId: string): void };
  logger: Logger;
}

export function runHandlers(deps: RunHandlerDeps): Pick<Handlers, RunRoutes> {
  const { runs, scheduler, logger } = deps;
  const control = async (id: string, action: RunControl) => {
    const status = deps.controls.apply(id, action);
    logger.info('run control applied', { runId: id, action, status });
    if (action === 'resume') scheduler.kick();
    scheduler.notify(id);
    return runs.get(id);
  };
  return {
    'runs.create': async (input) => {
      const runId = deps.create(input);
      scheduler.kick();
      return runs.get(runId);
    },
    'runs.preview': async (input) => deps.preview(input),
    'runs.list': async ({ status, archived, search, studyId }) => runs.list(status, archived, search, studyId),
    'runs.update': async ({ id, name, notes }) => {
      deps.manage.update(id, { name, notes });
      logger.info('run updated', { runId: id, renamed: name !== undefined, notes: notes !== undefined });
      return runs.get(id);
    },
    'runs.archive': async ({ id, archived }) => {
      deps.manage.archive(id, archived);
      logger.info(archived ? 'run archived' : 'run unarchived', { runId: id });
      return runs.get(id);
    },
    'runs.deletion': async ({ id }) => deps.manage.deletion(id),
    'runs.delete': async ({ id }) => {
      const deleted = deps.manage.remove(id);
      logger.info('run deleted', { ...deleted, runId: id });
      return deleted;
    },
    'runs.get': async ({ id }) => runs.get(id),
    'runs.viewed': async ({ id }) => ({ id, lastAccessedAt: runs.viewed(id) }),
    'runs.pause': async ({ id }) => control(id, 'pause'),
    'runs.resume': async ({ id }) => control(id, 'resume'),
    'runs.cancel': async ({ id }) => control(id, 'cancel'),
    'runs.retryFailed': async ({ id }) => {
      const { status, requeued } = deps.controls.retryFailed(id);
      logger.info('failed jobs requeued', { runId: id, requeued, status });
      scheduler.kick();
      scheduler.notify(id);
      return runs.get(id);
    },
    'runs.reextract': async ({ id }) => {
      const detail = await deps.reextract(id);
      logger.info('decisions re-extracted', { runId: id, ...detail });
      scheduler.notify(id);
      return detail;
    },
    'runs.transcripts': async ({ runId, offset, limit, ...filter }) => runs.transcripts(runId, offset, limit, filter),
    'transcripts.count': async ({ runId, ...filter }) => runs.transcriptCount(runId, filter),
    'transcripts.levels': async ({ runId, ...filter }) => runs.transcriptLevels(runId, filter),
    'transcripts.get': async ({ id }) => runs.transcript(id),
    'transcripts.viewed': async ({ id }) => ({ id, lastAccessedAt: runs.transcriptViewed(id) }),
    'transcripts.override': async (input) => {
      const runId = deps.override(input);
      logger.info(input.clear ? 'decision override cleared' : 'decision overridden', { runId, transcriptId: input.id });
      scheduler.notify(runId);
      return runs.transcript(input.id);
    },
  };
}
