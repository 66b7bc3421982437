/**
 * While `dirty`, leaving is asked about: in-app navigation through the router's leave guard, and closing or reloading
 * the window through `beforeunload` (Electron's main process turns that into its own "leave or stay" question).
 */
import { useEffect } from 'react';
import { setLeaveGuard } from '../stores/router';

export const LEAVE_QUESTION = 'This definition has unsaved changes. Leave without saving? (A draft is kept.)';

export function useUnsavedGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      event.returnValue = LEAVE_QUESTION;
    };
    setLeaveGuard(() => window.confirm(LEAVE_QUESTION));
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [dirty]);
}
