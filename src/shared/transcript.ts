/** A stored conversation as Markdown, the form a transcript is read in when its Markdown copy was not kept. */
import type { Turn } from './domain';

const TITLES: Record<Turn['role'], string> = { system: 'System', user: 'User', assistant: 'Assistant' };

/** A conversation as Markdown: one `## Role` heading per turn. */
export function renderTranscript(turns: readonly Turn[]): string {
  return turns.map((t) => `## ${TITLES[t.role]}\n\n${t.content.trim()}`).join('\n\n') + '\n';
}
