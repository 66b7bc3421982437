/**
 * The documents the Help page shows, bundled into the renderer at build time (so the installed app carries them, with
 * no repository files to point at): the definition format, and README's CSV columns, Methods and data folder sections.
 */
import definitionFormat from '../../../../docs/definition-format.md?raw';
import readme from '../../../../README.md?raw';
import { markdownSection } from './markdown';

export interface HelpDocument {
  id: string;
  title: string;
  markdown: string;
}

/** The definition format without its own title (the Help page gives each document its heading). */
const definitionBody = definitionFormat.replace(/^# .*\n/, '');

export const HELP_DOCUMENTS: readonly HelpDocument[] = [
  { id: 'definition-format', title: 'The definition format', markdown: definitionBody },
  { id: 'csv-columns', title: 'CSV columns', markdown: markdownSection(readme, '## CSV columns') },
  { id: 'methods', title: 'What each number means (Methods)', markdown: markdownSection(readme, '#### Methods') },
  { id: 'data-folder', title: 'The data folder', markdown: markdownSection(readme, '## The data directory') },
];
