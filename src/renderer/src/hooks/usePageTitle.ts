/** Sets document.title for the page shown ("Runs — ValueRank"), so tabs, history and screen readers say where you are. */
import { useEffect } from 'react';
import { pageTitle } from '../lib/format';

export function usePageTitle(...parts: string[]): void {
  const title = pageTitle(...parts);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
