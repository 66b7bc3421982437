/** `?` anywhere in the app opens the Help page, except while typing (a field, a select, an editor). */
import { useEffect } from 'react';
import { links, useRouter } from '../stores/router';

/** True when a key press belongs to what has the focus (typing a `?` into a search must not leave the page). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useHelpKey(): void {
  const navigate = useRouter((state) => state.navigate);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      navigate(links.help());
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate]);
}
