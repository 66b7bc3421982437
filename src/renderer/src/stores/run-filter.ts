/** The dashboard's status filter: client state that survives a reload (anything unexpected in storage means "all"). */
import { create } from 'zustand';
import { RUN_STATUSES, type RunStatus } from '@shared/domain';

export type RunFilter = RunStatus | 'all';

const FILTER_KEY = 'valuerank.runs.filter';
const FILTERS: readonly RunFilter[] = ['all', ...RUN_STATUSES];

function savedFilter(): RunFilter {
  try {
    const value = window.localStorage.getItem(FILTER_KEY);
    return FILTERS.find((filter) => filter === value) ?? 'all';
  } catch {
    return 'all';
  }
}

interface RunFilterState {
  filter: RunFilter;
  setFilter(filter: RunFilter): void;
}

export const useRunFilter = create<RunFilterState>()((set) => ({
  filter: savedFilter(),
  setFilter(filter) {
    try {
      window.localStorage.setItem(FILTER_KEY, filter);
    } catch {
      // Storage can be unavailable (private windows, quotas): the filter then lasts for this session only.
    }
    set({ filter });
  },
}));
