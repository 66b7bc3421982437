/**
 * Completion and hover for the definition's YAML from its JSON Schema (the importer's schema, generated once): which
 * keys belong where, and what each means. The key path under the cursor is read from indentation, which is how a
 * YAML block document nests; flow and JSON texts still get hover by key name.
 */
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { EditorView, Tooltip } from '@codemirror/view';
import { definitionJsonSchema, type JsonSchema } from '@shared/definition-json-schema';

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  type?: string;
}

const root = (): SchemaNode => definitionJsonSchema() as JsonSchema as SchemaNode;

/** Every key's description by name, across levels (names are unique enough in a definition to explain by name). */
function descriptions(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: SchemaNode | undefined): void => {
    if (!node) return;
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (child.description && !found.has(key)) found.set(key, child.description);
      walk(child);
    }
    walk(node.items);
  };
  walk(root());
  return found;
}

/** The chain of keys enclosing `lineNumber` (1-based), read from indentation above it. */
export function keyPathAt(lines: string[], lineNumber: number, column: number): string[] {
  const path: string[] = [];
  let limit = column;
  for (let i = lineNumber - 2; i >= 0 && limit > 0; i -= 1) {
    const line = lines[i] ?? '';
    const match = /^(\s*(?:-\s+)*)([A-Za-z_][\w-]*)\s*:/.exec(line);
    if (!match) continue;
    const keyColumn = (match[1] ?? '').length;
    if (keyColumn < limit) {
      path.unshift(match[2] ?? '');
      limit = keyColumn;
    }
  }
  return path;
}

function nodeFor(path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root();
  for (const key of path) {
    node = node?.properties?.[key];
    while (node?.items) node = node.items;
  }
  return node;
}

export function schemaCompletion(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[A-Za-z_]*/);
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  // Keys are completed where a key can start: after indentation and any "- " list markers.
  if (!word || !/^\s*(?:-\s+)*[A-Za-z_]*$/.test(before)) return null;
  if (word.from === word.to && !context.explicit) return null;
  const lines = context.state.doc.toString().split('\n');
  const column = before.length - before.replace(/^\s*(?:-\s+)*/, '').length;
  const node = nodeFor(keyPathAt(lines, line.number, column));
  const properties = Object.entries(node?.properties ?? {});
  if (properties.length === 0) return null;
  return {
    from: word.from,
    options: properties.map(([key, child]) => ({
      label: key,
      apply: `${key}: `,
      type: 'property',
      ...(child.description ? { info: child.description } : {}),
    })),
    validFor: /^[A-Za-z_]*$/,
  };
}

let cachedDescriptions: Map<string, string> | null = null;

export function schemaHover(view: EditorView, pos: number): Tooltip | null {
  const line = view.state.doc.lineAt(pos);
  const offset = pos - line.from;
  const keyPattern = /"?([A-Za-z_][\w-]*)"?\s*:/g;
  for (const match of line.text.matchAll(keyPattern)) {
    const start = match.index;
    const end = start + (match[1]?.length ?? 0) + (match[0].startsWith('"') ? 2 : 0);
    if (offset < start || offset > end) continue;
    cachedDescriptions ??= descriptions();
    const text = cachedDescriptions.get(match[1] ?? '');
    if (!text) return null;
    return {
      pos: line.from + start,
      end: line.from + end,
      above: true,
      create: () => {
        const dom = document.createElement('div');
        dom.className = 'cm-schema-hover';
        dom.textContent = `${match[1] ?? ''}: ${text}`;
        return { dom };
      },
    };
  }
  return null;
}
