/** A stored conversation as Markdown, the form a transcript is read in when its Markdown copy was not kept. */
import type { Turn } from './domain';

/** Who placed a transcript's decision: the worker's reader, or a researcher by hand. */
export type DecisionSource = 'extracted' | 'override';

/** A decision coded by hand, with the reader's own decision it replaces (restored when the override is cleared). */
export interface DecisionOverride {
  note: string | null;
  at: string;
  extracted: { score: number | null; decision: string; parsePath: string };
}

const TITLES: Record<Turn['role'], string> = { system: 'System', user: 'User', assistant: 'Assistant' };

/** A conversation as Markdown: one `## Role` heading per turn. */
export function renderTranscript(turns: readonly Turn[]): string {
  return turns.map((t) => `## ${TITLES[t.role]}\n\n${t.content.trim()}`).join('\n\n') + '\n';
}
