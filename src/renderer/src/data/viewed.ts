/** The one place that records a person opening a run's page or a transcript ("viewed"); every read stays pure. */
import { useEffect } from 'react';
import { useMutation } from '../hooks/useMutation';

/** Stamps `lastAccessedAt` once per mount and id; a failed stamp changes nothing on screen. */
export function useRecordViewed(route: 'runs.viewed' | 'transcripts.viewed', id: string | null): void {
  const { mutate } = useMutation(route);
  useEffect(() => {
    if (id) mutate({ id }).catch(() => undefined);
  }, [id, mutate]);
}
