/**
 * The app's own preferences (Settings): one schema per field without defaults, so a save is a patch of the fields it
 * names, and one table of defaults for the fields never saved.
 */
import { z } from 'zod';

export const preferenceFields = {
  /** Hold the OS's power-save blocker while a run this app executes is active (Electron only). */
  preventSleep: z.boolean(),
  /** The Python interpreter chosen in Settings; null means discovery (bundled runtime, VALUERANK_PYTHON, PATH…). */
  pythonPath: z
    .string()
    .trim()
    .min(1, 'the Python path must not be empty: clear it to use discovery')
    .max(4096, 'the Python path is too long')
    .nullable(),
  /** Runs whose estimated cost (US dollars) passes this ask for confirmation before they start; null: never ask. */
  costConfirmThresholdUsd: z
    .number()
    .min(0, 'the cost threshold must be 0 or more')
    .max(1_000_000, 'the cost threshold can be at most $1,000,000')
    .nullable(),
} as const;

export const preferencesSchema = z.object(preferenceFields);
export type Preferences = z.output<typeof preferencesSchema>;
export type PreferenceKey = keyof Preferences;

/** A save: only the fields it names change; an unknown field is refused, so a typo is never silently dropped. */
export const preferencesPatchSchema = preferencesSchema.partial().strict();
export type PreferencesPatch = z.output<typeof preferencesPatchSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  preventSleep: true,
  pythonPath: null,
  costConfirmThresholdUsd: 10,
};

export const PREFERENCE_KEYS = Object.keys(preferenceFields) as PreferenceKey[];

/** The Python interpreter the worker pool uses, as Settings and System Health show it. */
export interface PythonInUse {
  /** The command run, e.g. "/usr/bin/python3" or "py -3". */
  command: string;
  /** Where it came from: "Settings", "bundled runtime", "VALUERANK_PYTHON", "PATH", "Homebrew (Apple silicon)"… */
  source: string;
  /** "3.12.1" when it ran (also when it is too old); null when it did not run. */
  version: string | null;
  /** sys.executable when it ran and fits. */
  executable: string | null;
  /** Why it cannot be used (does not run, too old), with what to do; null when it fits. */
  problem: string | null;
  /** Why the interpreter chosen in Settings was passed over (it stopped working since it was saved); null otherwise. */
  settingsProblem: string | null;
}
