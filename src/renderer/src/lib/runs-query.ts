/**
 * The Runs page's filters as a URL query (`#/runs?status=failed&definition=…&model=…&q=…&archived=1&study=…&tests=1`), so a
 * filtered view can be bookmarked, shared and kept across a reload. Unknown or malformed values read as "no filter".
 */
import { RUN_STATUSES } from '@shared/domain';
import type { RunFilter } from '../stores/run-filter';
import type { RunListFilter } from './run-filters';

export interface RunsView {
  status: RunFilter;
  showTests: boolean;
  list: RunListFilter;
}

/** The view a query asks for; `fallbackStatus` (the last status chosen here) when the query names none. */
export function readRunsQuery(query: URLSearchParams, fallbackStatus: RunFilter): RunsView {
  const status = query.get('status');
  return {
    status: status === 'all' ? 'all' : (RUN_STATUSES.find((known) => known === status) ?? fallbackStatus),
    showTests: query.get('tests') === '1',
    list: {
      definitionId: query.get('definition') ?? '',
      model: query.get('model') ?? '',
      ...(query.get('q') ? { search: query.get('q') ?? '' } : {}),
      ...(query.get('archived') === '1' ? { archived: true } : {}),
      ...(query.get('study') ? { studyId: query.get('study') ?? '' } : {}),
    },
  };
}

/** The query for a view: only what differs from "everything", in a stable order. */
export function writeRunsQuery(view: RunsView): URLSearchParams {
  const query = new URLSearchParams();
  if (view.status !== 'all') query.set('status', view.status);
  if (view.list.definitionId) query.set('definition', view.list.definitionId);
  if (view.list.model) query.set('model', view.list.model);
  if (view.list.search) query.set('q', view.list.search);
  if (view.list.archived) query.set('archived', '1');
  if (view.list.studyId) query.set('study', view.list.studyId);
  if (view.showTests) query.set('tests', '1');
  return query;
}
