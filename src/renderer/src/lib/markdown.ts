/**
 * A small Markdown reader for the documents the app ships (the Help page): headings, paragraphs, lists, tables and
 * code blocks, with inline code, bold and links. It builds data, never HTML, so nothing in a document is run or
 * injected; HTML tags in the text (README anchors) are dropped.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'code'; text: string };

const LIST_ITEM = /^\s*(?:[-*]|\d+\.)\s+/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const starts = (line: string): boolean =>
  line.startsWith('```') || HEADING.test(line) || line.trimStart().startsWith('|') || LIST_ITEM.test(line);

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** The document's blocks, in order. */
export function parseMarkdown(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i += 1;
    } else if (line.startsWith('```')) {
      const body: string[] = [];
      for (i += 1; i < lines.length && !lines[i]!.startsWith('```'); i += 1) body.push(lines[i]!);
      blocks.push({ kind: 'code', text: body.join('\n') });
      i += 1;
    } else if (HEADING.test(line)) {
      const [, hashes, text] = HEADING.exec(line)!;
      blocks.push({ kind: 'heading', level: hashes!.length, text: text!.trim() });
      i += 1;
    } else if (line.trimStart().startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.trimStart().startsWith('|'); i += 1)
        if (!/^\s*\|?[\s:|-]+\|?\s*$/.test(lines[i]!)) rows.push(cells(lines[i]!));
      blocks.push({ kind: 'table', header: rows[0] ?? [], rows: rows.slice(1) });
    } else if (LIST_ITEM.test(line)) {
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i]!;
        if (LIST_ITEM.test(current)) items.push(current.replace(LIST_ITEM, '').trim());
        else if (/^\s+\S/.test(current) && items.length > 0) items[items.length - 1] += ` ${current.trim()}`;
        else if (current.trim() === '' && LIST_ITEM.test(lines[i + 1] ?? '')) {
          // A blank line between two items keeps one list.
        } else break;
        i += 1;
      }
      blocks.push({ kind: 'list', items });
    } else {
      const text: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== '' && (text.length === 0 || !starts(lines[i]!)); i += 1)
        text.push(lines[i]!.trim());
      blocks.push({ kind: 'paragraph', text: text.join(' ') });
    }
  }
  return blocks;
}

/** Inline code, bold and links of one block's text; HTML tags are dropped. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|<\/?[a-zA-Z][^>]*>/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) out.push({ kind: 'text', text: text.slice(last, match.index) });
    if (match[1] !== undefined) out.push({ kind: 'code', text: match[1] });
    else if (match[2] !== undefined) out.push({ kind: 'strong', text: match[2] });
    else if (match[3] !== undefined) out.push({ kind: 'link', text: match[3], href: match[4]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/**
 * One section of a document: the lines under the heading `heading` (exactly, e.g. "## CSV columns") up to the next
 * heading of the same or a higher level; '' when the document has no such heading.
 */
export function markdownSection(markdown: string, heading: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return '';
  const level = /^#+/.exec(heading)?.[0].length ?? 1;
  const end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}}\\s`).test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}
