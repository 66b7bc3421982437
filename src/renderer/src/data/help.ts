/** What the Help page reads from the core: where the data folder is. */
import { useRoute, type RouteResult } from '../hooks/useRoute';

export function useDataPaths(): RouteResult<'system.paths'> {
  return useRoute('system.paths', {});
}
