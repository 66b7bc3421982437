/**
 * A definition's source text: the exact text written (stored since versions), YAML made from the content for rows
 * imported before that, a duplicate's text with only its name changed, and file names for texts created in the app.
 */
import type { DefinitionContent } from '../../../shared/domain';
import type { DefinitionFormat } from '../../../shared/ipc';
import type { DefinitionRow } from '../store/definitions';
import { loadYaml } from './parse';

/** Fields in the order docs/definition-format.md presents them. */
const FIELD_ORDER = ['name', 'preamble', 'template', 'dimensions', 'scale', 'seed'] as const;

/** YAML for content that has no stored text (imported before texts were kept): same content, readable layout. */
export async function yamlFromContent(content: DefinitionContent): Promise<string> {
  const { stringify } = await loadYaml();
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (content[key] !== undefined) ordered[key] = content[key];
  return stringify(ordered, { lineWidth: 0, blockQuote: 'literal' });
}

/** The row's text and format: the stored text as written, else YAML made from its content. */
export async function sourceOf(
  row: DefinitionRow,
  content: DefinitionContent,
): Promise<{ text: string; format: DefinitionFormat; fileName: string }> {
  if (row.sourceText !== null) {
    const format = row.sourceFormat ?? 'yaml';
    return { text: row.sourceText, format, fileName: row.sourceFileName ?? fileNameFor(content.name, format) };
  }
  const fileName = row.sourceFileName ? row.sourceFileName.replace(/\.json$/i, '.yaml') : null;
  return {
    text: await yamlFromContent(content),
    format: 'yaml',
    fileName: fileName ?? fileNameFor(content.name, 'yaml'),
  };
}

/** `council-housing.yaml` from "Council housing". */
export function fileNameFor(name: string, format: DefinitionFormat): string {
  const slug =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'definition';
  return `${slug}.${format === 'json' ? 'json' : 'yaml'}`;
}

/** `study-copy.yaml` from `study.yaml`. */
export function copyFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)}-copy${fileName.slice(dot)}` : `${fileName}-copy`;
}

/**
 * The text with only the top-level `name` value replaced (every other byte kept: comments, order, layout). The new
 * value is written as a JSON string, which YAML reads as a double-quoted scalar, so it is valid in both formats.
 */
export async function renamedText(text: string, name: string): Promise<string> {
  const { parseDocument, isNode } = await loadYaml();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { keepSourceTokens: true });
  const node: unknown = doc.get('name', true);
  if (!isNode(node) || !node.range) throw new Error('the definition has no name to replace');
  const offset = text.startsWith('\uFEFF') ? 1 : 0;
  const start = node.range[0] + offset;
  let end = node.range[1] + offset;
  // A block scalar's range (`|` and its lines) ends after its last line break: the break stays.
  while (end > start && /[\r\n]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, start)}${JSON.stringify(name)}${text.slice(end)}`;
}
