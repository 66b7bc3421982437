/**
 * What quitting does while runs are executing: ask first, with "Pause and quit" as the safe default (graceful, no
 * job is charged twice) and "Cancel runs and quit" as the alternative; the app has no tray, so it never offers to
 * keep running in the background. Pure, so the decision is tested in Node.
 */

export type QuitChoice = 'pause' | 'cancel-runs' | 'stay';

export interface QuitPrompt {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

const BUTTONS: { label: string; choice: QuitChoice }[] = [
  { label: 'Pause and quit', choice: 'pause' },
  { label: 'Cancel runs and quit', choice: 'cancel-runs' },
  { label: "Don't quit", choice: 'stay' },
];

/** null: nothing is executing, quit at once. */
export function quitPrompt(executingRuns: number): QuitPrompt | null {
  if (executingRuns <= 0) return null;
  const runs = executingRuns === 1 ? 'A run is' : `${executingRuns} runs are`;
  return {
    type: 'question',
    title: 'Runs in progress',
    message: `${runs} still executing. Quit anyway?`,
    detail:
      'Pause and quit: no new job starts, jobs already sent finish and are kept, and you can resume next time. ' +
      'Cancel runs and quit: the remaining jobs are dropped; results so far are kept. Nothing is lost either way.',
    buttons: BUTTONS.map((b) => b.label),
    defaultId: 0,
    cancelId: BUTTONS.findIndex((b) => b.choice === 'stay'),
    noLink: true,
  };
}

export function quitChoice(response: number): QuitChoice {
  return BUTTONS[response]?.choice ?? 'stay';
}

/** The contract route to call for each executing run before quitting, or null to stay. */
export function quitPlan(
  choice: QuitChoice,
  runIds: readonly string[],
): { route: 'runs.pause' | 'runs.cancel'; input: { id: string } }[] | null {
  if (choice === 'stay') return null;
  const route = choice === 'pause' ? 'runs.pause' : 'runs.cancel';
  return runIds.map((id) => ({ route, input: { id } }));
}
