/**
 * The question Electron asks when the renderer's `beforeunload` holds the window (the definition editor has unsaved
 * changes) on close, reload or quit. Pure, so its wording and default ("Stay") are tested in Node.
 */
export const LEAVE_BUTTON = 1;

export function unsavedPrompt(): {
  type: 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
} {
  return {
    type: 'warning',
    title: 'Unsaved changes',
    message: 'A definition has unsaved changes. Leave anyway?',
    detail: 'A draft is kept and offered when you open the editor again, but it is not saved as a version.',
    buttons: ['Stay', 'Leave'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
