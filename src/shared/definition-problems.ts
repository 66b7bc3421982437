/**
 * Definition errors in a researcher's words: the YAML reader's errors and the schema's issues become a line, a column,
 * a field and advice ("quote the value or use `|`") instead of parser jargon ("Nested mappings are not allowed in
 * compact mappings"). Pure, so the core (import, validate, CLI) and the renderer's editor word them the same way.
 */
import type { z } from 'zod';

export interface TextPlace {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

/** The 1-based line and column of a character offset in `text`. */
export function placeOf(text: string, offset: number): TextPlace {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/** `dimensions[0].levels[1].score` from a schema path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
}

/** What the YAML reader reports (the `yaml` package's YAMLError, reduced to what is worded here). */
export interface YamlErrorLike {
  code: string;
  message: string;
  pos: readonly [number, number];
}

/**
 * Where a YAML error is best shown: where the reader stopped, except for a quote never closed, which is reported at the
 * end of the file but is fixed where it opens (the last unescaped quote of that kind before).
 */
export function placeYamlError(text: string, error: YamlErrorLike): TextPlace {
  const quote = error.code === 'MISSING_CHAR' ? /Missing closing (["'])/.exec(error.message)?.[1] : undefined;
  if (quote) {
    for (let i = Math.min(error.pos[0], text.length) - 1; i >= 0; i -= 1) {
      if (text[i] === quote && text[i - 1] !== '\\') return placeOf(text, i);
    }
  }
  return placeOf(text, error.pos[0]);
}

function lineAt(text: string, offset: number): { start: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { start, text: text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '') };
}

/** The key a `key: value` line starts with, when it has one. */
function keyOf(line: string): string | null {
  return /^\s*(?:-\s+)?([A-Za-z_][\w -]*?)\s*:(?:\s|$)/.exec(line)?.[1] ?? null;
}

/** Advice for one YAML syntax error, worded for someone who writes the file by hand. */
export function describeYamlError(text: string, error: YamlErrorLike): string {
  const line = lineAt(text, error.pos[0]);
  if (error.code === 'MISSING_CHAR' && /quote/i.test(error.message)) {
    return 'a quoted value is never closed: add the closing quote (or, for text with quotes inside, use `|`)';
  }
  const key = keyOf(line.text);
  const field = key ? `the value of \`${key}\`` : 'this value';
  const rest = line.text.slice(error.pos[0] - line.start);
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      if (/:\s/.test(rest) || /:$/.test(rest)) {
        return (
          `${field} contains a colon followed by a space, which YAML reads as the start of another key: ` +
          'quote the value or use `|`, e.g. `preamble: |` with the text indented on the next lines'
        );
      }
      return (
        'a line below this one is indented deeper than its key allows, so YAML cannot tell where the value ends: ' +
        'line up each key with the keys beside it (or quote the value, or use `|` for text over several lines)'
      );
    case 'DUPLICATE_KEY':
      return `\`${key ?? 'this key'}\` appears twice in the same mapping: keep one (the second would silently replace the first)`;
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation: YAML allows only spaces here (replace the tab with spaces)';
    case 'MISSING_CHAR':
      return `${error.message.replace(/\.$/, '')}: a bracket or brace is not closed`;
    case 'BAD_INDENT':
      return /flow/i.test(error.message)
        ? 'a list or mapping in [ ] or { } is not closed, or its next line is not indented enough: close it with ] or }'
        : 'this line is not indented like the lines around it: line it up with the keys beside it';
    case 'UNEXPECTED_TOKEN':
      return `unexpected "${text.slice(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1))}" here: if it is part of the text, quote the value or use \`|\``;
    case 'BAD_DQ_ESCAPE':
      return 'a backslash in a double-quoted value starts an unknown escape: write \\\\ for a backslash, or use single quotes';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a `---` line in the middle): a definition is one document';
    default:
      return `YAML cannot read this: ${error.message.split('\n')[0] ?? error.message}`;
  }
}

const FIELD_WORDS: Record<string, string> = {
  name: 'the study’s title',
  template: 'the question, with a [Dimension] placeholder for each dimension',
  levels: 'a list of levels, each with score, label and options',
  options: 'a list of wordings, e.g. `options: [first wording, second wording]`',
  score: 'a whole number, e.g. `score: 1`',
  label: 'a short name for the level',
  code: 'the whole number an answer is read as',
};

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

function nameOf(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  if (typeof last === 'number') return `item ${last + 1} of \`${formatPath(path.slice(0, -1)) || 'the file'}\``;
  return `\`${String(last ?? 'the file')}\``;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  boolean: 'true or false',
};

/**
 * A schema issue in words. Messages the schema itself words (e.g. "a level needs at least one option") are kept;
 * zod's generic ones ("Invalid input: expected number, received string") are replaced. `received` is the value found.
 */
export function describeSchemaIssue(issue: z.core.$ZodIssue, received: unknown): string {
  const field = nameOf(issue.path);
  const last = issue.path[issue.path.length - 1];
  const hint = typeof last === 'string' ? FIELD_WORDS[last] : undefined;
  const generic = /^(Invalid input|Too (small|big)|Invalid)/.test(issue.message);
  if (issue.code === 'invalid_type' && generic) {
    const expected = EXPECTED[issue.expected] ?? issue.expected;
    if (received === undefined) return `${field} is missing${hint ? `: add it (${hint})` : ''}`;
    if (issue.expected === 'string' && (typeof received === 'number' || typeof received === 'boolean'))
      return `${field} must be text, but YAML read ${kindOf(received)}: put it in quotes, e.g. "${String(received)}"`;
    if (issue.expected === 'array' && typeof received === 'string')
      return `${field} must be a list, not one value: write each item on its own line starting with "- ", or [a, b]`;
    return `${field} must be ${expected}, not ${kindOf(received)}${hint ? ` (${hint})` : ''}`;
  }
  if (issue.code === 'too_big' && generic && issue.origin === 'string')
    return `${field} is ${typeof received === 'string' ? received.length : 'too many'} characters long; the limit is ${String(issue.maximum)}`;
  if (issue.code === 'too_small' && generic && issue.origin === 'array')
    return `${field} needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
  return generic ? `${field}: ${issue.message}` : issue.message;
}
