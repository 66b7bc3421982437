/**
 * Edits a YAML (or JSON) text in place: the `yaml` package's Document API finds the node an edit touches and renders
 * its new value, and only that node's characters are replaced in the original text. Re-serializing the whole document
 * would refold long lines, requote strings and reflow JSON; splicing leaves every untouched byte as it was, comments
 * and formatting included.
 */
import {
  Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Node,
  type Scalar,
} from 'yaml';

export type DocPath = readonly (string | number)[];
export type DocValue = string | number | boolean | null | DocValue[] | { [key: string]: DocValue };

export class DocumentEditError extends Error {}

interface Parsed {
  text: string;
  doc: Document.Parsed;
  json: boolean;
}

function parse(text: string): Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new DocumentEditError('the text has syntax errors: fix them in the text view first');
  return { text, doc, json: /^\s*[{[]/.test(text) };
}

function rangeOf(node: Node): [number, number, number] {
  if (!node.range) throw new DocumentEditError('node without a source range');
  return node.range;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

function indentLines(block: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return block
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}

const FLOW_UNSAFE = /[,[\]{}]/;

/** A string as a single scalar on one line, keeping the original's quoting where it can. */
function inlineString(value: string, style: Scalar.Type | undefined, json: boolean, flow: boolean): string {
  if (json || style === 'QUOTE_DOUBLE' || value.includes('\n')) return JSON.stringify(value);
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  const plain = new Document(value).toString({ lineWidth: 0 }).replace(/\n$/, '');
  if (plain.includes('\n')) return JSON.stringify(value);
  if (flow && FLOW_UNSAFE.test(plain) && !/^['"]/.test(plain)) return `'${value.replace(/'/g, "''")}'`;
  return plain;
}

/** A block literal (`|`, `|-` or `|+`) whose content lines are indented by `indent` spaces; ends with a newline. */
function blockLiteral(value: string, indent: number): string {
  const body = value.replace(/\n+$/, '');
  const trailing = value.length - body.length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const indicator = /^[ \t]/.test(body) ? String(indent) : '';
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((line) => (line === '' ? '' : pad + line));
  const extra = trailing > 1 ? '\n'.repeat(trailing - 1) : '';
  return `|${indicator}${chomp}\n${lines.join('\n')}\n${extra}`;
}

/** A new value rendered for a place at `column`: flow on one line (or pretty JSON), else block lines. */
function renderValue(value: DocValue, column: number, json: boolean, flow: boolean): string {
  if (json) return indentLines(JSON.stringify(value, null, 2), column);
  if (typeof value === 'string') return inlineString(value, undefined, false, flow);
  if (value === null || typeof value !== 'object') return String(value);
  const doc = new Document(value, { flow });
  if (flow) {
    doc.contents = doc.createNode(value, { flow: true });
    return doc.toString({ lineWidth: 0, flowCollectionPadding: true }).replace(/\n$/, '');
  }
  return indentLines(doc.toString({ lineWidth: 0, indentSeq: true }).replace(/\n$/, ''), column);
}

/** JSON on one line with a space after each `:` and `,` (the style of one-line items in pretty JSON files). */
function compactJson(value: DocValue): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

function nodeAt(parsed: Parsed, path: DocPath): Node | undefined {
  let node: unknown = parsed.doc.contents;
  for (const key of path) {
    if (isAlias(node)) throw new DocumentEditError(ALIAS_MESSAGE);
    if (!isCollection(node)) return undefined;
    node = node.get(key, true);
  }
  if (isAlias(node)) throw new DocumentEditError(ALIAS_MESSAGE);
  return isScalar(node) || isCollection(node) ? node : undefined;
}

const ALIAS_MESSAGE = 'this part repeats a YAML anchor (*name): edit it in the text view';

/** The plain value at `path` (aliases resolved), or undefined. */
function valueAt(parsed: Parsed, path: DocPath): unknown {
  let value: unknown = parsed.doc.toJS();
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function inFlow(parsed: Parsed, path: DocPath): boolean {
  if (parsed.json) return true;
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const node = nodeAt(parsed, path.slice(0, i));
    if (isCollection(node) && node.flow) return true;
  }
  return false;
}

/** The column a block value under `path` is indented to (the column of its key, or of its `- ` marker). */
function keyColumn(parsed: Parsed, path: DocPath): number {
  const parent = nodeAt(parsed, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (pair && isScalar(pair.key) && pair.key.range) return columnOf(parsed.text, pair.key.range[0]);
  }
  const node = nodeAt(parsed, path);
  return node?.range ? columnOf(parsed.text, node.range[0]) : 0;
}

/** Sets the value at `path` (an existing node is replaced where it stands; a missing key is added to its map). */
export function setIn(text: string, path: DocPath, value: DocValue): string {
  const parsed = parse(text);
  // Setting a value to what it is changes nothing, not even its quoting or block style.
  if (sameValue(valueAt(parsed, path), value)) return text;
  const node = nodeAt(parsed, path);
  if (!node) return addKey(parsed, path, value);
  const [start, valueEnd] = rangeOf(node);
  const flow = inFlow(parsed, path);
  if (isScalar(node)) {
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    if (typeof value === 'string' && !flow && (block || value.includes('\n'))) {
      const content = text.slice(start, valueEnd).split('\n')[1] ?? '';
      const indent =
        block && content.trim() ? content.length - content.trimStart().length : keyColumn(parsed, path) + 2;
      // A block scalar's range ends after its last line; one that replaces a plain scalar needs its own line end.
      const end = block
        ? valueEnd
        : text.indexOf('\n', valueEnd) === -1
          ? text.length
          : text.indexOf('\n', valueEnd) + 1;
      return splice(text, start, end, blockLiteral(value, indent));
    }
    const rendered =
      typeof value === 'string'
        ? inlineString(value, node.type, parsed.json, flow)
        : renderValue(value, columnOf(text, start), parsed.json, flow);
    return splice(text, start, valueEnd, rendered);
  }
  const column = columnOf(text, start);
  const emptyFlow = isCollection(node) && node.flow && node.items.length === 0;
  if (!flow && emptyFlow && value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    // `key: []` filled from the form becomes a block under its key, like the rest of a block document.
    const indent = keyColumn(parsed, path) + 2;
    const from = text.slice(0, start).replace(/[ \t]+$/, '').length;
    return splice(text, from, valueEnd, `\n${' '.repeat(indent)}${renderValue(value, indent, false, false)}`);
  }
  const useFlow = flow || Boolean(isCollection(node) && node.flow);
  const rendered = renderValue(value, column, parsed.json, useFlow);
  // A block collection's range ends after its last line's newline: keep one there.
  const end = !useFlow && text[valueEnd - 1] === '\n' ? valueEnd - 1 : valueEnd;
  return splice(text, start, end, rendered);
}

function addKey(parsed: Parsed, path: DocPath, value: DocValue): string {
  const parentPath = path.slice(0, -1);
  const key = String(path[path.length - 1]);
  const parent = nodeAt(parsed, parentPath);
  if (!isMap(parent)) throw new DocumentEditError(`no mapping at ${parentPath.join('.') || 'the top'} to add "${key}"`);
  const { text } = parsed;
  const [start, valueEnd] = rangeOf(parent);
  const last = parent.items[parent.items.length - 1];
  if (parent.flow || parsed.json) {
    const keyText = parsed.json ? JSON.stringify(key) : key;
    const close = text.lastIndexOf('}', valueEnd);
    const lastEnd = last && isPair(last) ? rangeOf(last.value as Node)[1] : start + 1;
    const multiline = text.slice(start, close).includes('\n');
    const column = last && isScalar(last.key) && last.key.range ? columnOf(text, last.key.range[0]) : 2;
    const separator = last ? ',' : '';
    const lead = multiline ? `\n${' '.repeat(column)}` : ' ';
    const rendered = renderValue(value, column, parsed.json, true);
    return splice(text, lastEnd, lastEnd, `${separator}${lead}${keyText}: ${rendered}`);
  }
  const column = last && isScalar(last.key) && last.key.range ? columnOf(text, last.key.range[0]) : 0;
  const pad = ' '.repeat(column);
  let entry: string;
  if (typeof value === 'string' && value.includes('\n')) entry = `${pad}${key}: ${blockLiteral(value, column + 2)}`;
  else if (value !== null && typeof value === 'object')
    entry = `${pad}${key}:\n${' '.repeat(column + 2)}${renderValue(value, column + 2, false, false)}\n`;
  else entry = `${pad}${key}: ${renderValue(value, column, false, false)}\n`;
  const at = valueEnd;
  const needsBreak = at > 0 && text[at - 1] !== '\n';
  return splice(text, at, at, (needsBreak ? '\n' : '') + entry);
}

/** Appends `value` to the sequence at `path` (made when missing), in the style of its siblings. */
export function appendIn(text: string, path: DocPath, value: DocValue): string {
  const parsed = parse(text);
  const seq = nodeAt(parsed, path);
  if (!seq || (isScalar(seq) && seq.value === null)) return setIn(text, path, [value]);
  if (!isSeq(seq)) throw new DocumentEditError(`${path.join('.')} is not a list`);
  const [start, valueEnd] = rangeOf(seq);
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (seq.flow || parsed.json) {
    if (!last) return setIn(text, path, [value]);
    const lastEnd = rangeOf(last)[1];
    const multiline = text.slice(start, valueEnd).includes('\n');
    const column = columnOf(text, rangeOf(last)[0]);
    const lead = multiline ? `\n${' '.repeat(column)}` : ' ';
    const [lastStart, lastValueEnd] = rangeOf(last);
    const oneLine = !text.slice(lastStart, lastValueEnd).includes('\n');
    const rendered = parsed.json && oneLine ? compactJson(value) : renderValue(value, column, parsed.json, true);
    return splice(text, lastEnd, lastEnd, `,${lead}${rendered}`);
  }
  if (!last) return setIn(text, path, [value]);
  const itemStart = rangeOf(last)[0];
  const column = columnOf(text, itemStart) - 2;
  const siblingFlow = isCollection(last) && last.flow;
  const rendered = renderValue(value, column + 2, false, Boolean(siblingFlow));
  const at = text[valueEnd - 1] === '\n' ? valueEnd : text.indexOf('\n', valueEnd) + 1 || text.length;
  const needsBreak = at > 0 && text[at - 1] !== '\n';
  return splice(text, at, at, `${needsBreak ? '\n' : ''}${' '.repeat(column)}- ${rendered}\n`);
}

function itemsOf(parsed: Parsed, path: DocPath): Node[] {
  const seq = nodeAt(parsed, path);
  if (!isSeq(seq)) throw new DocumentEditError(`${path.join('.')} is not a list`);
  return seq.items as Node[];
}

/** Removes item `index` of the sequence at `path` (the last item leaves an empty list). */
export function removeIn(text: string, path: DocPath, index: number): string {
  const parsed = parse(text);
  const items = itemsOf(parsed, path);
  const item = items[index];
  if (!item) throw new DocumentEditError(`no item ${index} in ${path.join('.')}`);
  if (items.length === 1) return setIn(text, path, []);
  const seq = nodeAt(parsed, path) as Node & { flow?: boolean };
  const [start, valueEnd, nodeEnd] = rangeOf(item);
  if (seq.flow || parsed.json) {
    const next = items[index + 1];
    if (next) return splice(text, start, rangeOf(next)[0], '');
    const previous = items[index - 1] as Node;
    return splice(text, rangeOf(previous)[1], valueEnd, '');
  }
  const end = text[nodeEnd - 1] === '\n' ? nodeEnd : text.indexOf('\n', nodeEnd) + 1 || text.length;
  return splice(text, lineStartOf(text, start), end, '');
}

/** Moves item `from` of the sequence at `path` to position `to`: each item's own text moves, nothing is re-rendered. */
export function moveIn(text: string, path: DocPath, from: number, to: number): string {
  const parsed = parse(text);
  const items = itemsOf(parsed, path);
  if (!items[from] || !items[to]) throw new DocumentEditError(`cannot move item ${from} to ${to}`);
  if (from === to) return text;
  const slots = items.map((item) => {
    const [start, valueEnd] = rangeOf(item);
    const body = text.slice(start, valueEnd).replace(/\n+$/, '');
    return { start, end: start + body.length, body };
  });
  const order = slots.map((slot) => slot.body);
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved as string);
  let out = text;
  for (let i = slots.length - 1; i >= 0; i -= 1) {
    const slot = slots[i] as { start: number; end: number };
    out = splice(out, slot.start, slot.end, order[i] as string);
  }
  return out;
}
