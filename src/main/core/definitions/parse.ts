/**
 * Turns a YAML or JSON definition file into validated content, with errors that name the line and field. The YAML
 * library (a quarter of the main bundle, evaluated when loaded) is loaded the first time a definition is parsed, not by
 * every command.
 */
import type { Document } from 'yaml';
import { definitionContentSchema, type DefinitionContent } from '../../../shared/domain';
import {
  describeSchemaIssue,
  describeYamlError,
  formatPath,
  placeOf,
  placeYamlError,
  type TextPlace,
} from '../../../shared/definition-problems';
import { AppError } from '../../../shared/errors';
import type { DefinitionFormat, DefinitionProblem } from '../../../shared/ipc';

/** One problem of a definition: its field, 1-based line and column (null when it has no one place), in words. */
export type DefinitionIssue = DefinitionProblem;

export function invalidDefinition(fileName: string, issues: DefinitionIssue[]): AppError {
  const lines = issues.map(
    (issue) => `${issue.line ? `line ${issue.line}: ` : ''}${issue.path ? `${issue.path}: ` : ''}${issue.message}`,
  );
  return new AppError('DEFINITION_INVALID', `${fileName} is not a valid definition:\n- ${lines.join('\n- ')}`, {
    issues,
  });
}

type Yaml = typeof import('yaml');
export type DefinitionParser = (fileName: string, text: string) => DefinitionContent;
export type DefinitionReader = (fileName: string, text: string, format?: DefinitionFormat) => DefinitionReading;

let yamlModule: Promise<Yaml> | null = null;

/** The YAML library, loaded the first time it is needed. */
export async function loadYaml(): Promise<Yaml> {
  yamlModule ??= import('yaml');
  return yamlModule;
}

/** A file's format: by its extension, else by its first character (`{` is JSON), else YAML. */
export function definitionFormat(fileName: string | undefined, text: string): DefinitionFormat {
  if (fileName && /\.json$/i.test(fileName)) return 'json';
  if (fileName && /\.ya?ml$/i.test(fileName)) return 'yaml';
  return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml';
}

/** JSON is read strictly when the file is JSON (YAML would forgive a trailing comma that JSON tools refuse). */
function jsonProblem(text: string): DefinitionIssue | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const place = at ? placeOf(text, Number(at[1])) : { line: null, column: null };
    const reason = message.replace(/^JSON\.parse: |\s*(in JSON )?at position \d+.*$/g, '');
    return { path: '', ...place, message: `not valid JSON (${reason}): check commas, quotes and brackets here` };
  }
}

/**
 * The definition reader, once the YAML library has loaded: syntax and schema problems come back placed and worded;
 * a NUL character (DEFINITION_INVALID) and files built to exhaust the reader (DEFINITION_TOO_COMPLEX) are thrown.
 */
export async function loadDefinitionReader(): Promise<DefinitionReader> {
  const yaml = await loadYaml();
  return (fileName, text, format = definitionFormat(fileName, text)) => {
    refuseNul(fileName, text);
    refuseDeepNesting(fileName, text);
    try {
      return readDefinitionText(yaml, fileName, text, format);
    } catch (error) {
      // The YAML reader, alias expansion and the schema all recurse: nesting past the stack is a file built to break
      // readers, not a definition (deep block indentation can get here without brackets).
      const message = error instanceof Error ? error.message : '';
      if (/call stack/i.test(message)) throw tooDeep(fileName);
      throw error;
    }
  };
}

/** The definition parser: the reader, throwing DEFINITION_INVALID with every problem when the file is not valid. */
export async function loadDefinitionParser(): Promise<DefinitionParser> {
  const read = await loadDefinitionReader();
  return (fileName, text) => {
    const reading = read(fileName, text);
    if (!reading.content) throw invalidDefinition(fileName, reading.problems);
    return reading.content;
  };
}

/** Deeper bracket nesting than any definition has (it needs about four levels); refused before a reader recurses. */
export const MAX_NESTING = 1000;

function tooDeep(fileName: string): AppError {
  return new AppError(
    'DEFINITION_TOO_COMPLEX',
    `${fileName} nests lists or mappings thousands of levels deep, too deep to read; a definition needs only a few ` +
      'levels (dimensions → levels → options). The file was not imported.',
  );
}

/** One pass over the text: more than MAX_NESTING unclosed [ or { at any point is refused at once. */
function refuseDeepNesting(fileName: string, text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > MAX_NESTING) throw tooDeep(fileName);
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth -= 1;
  }
}

/** A NUL character is never part of a definition: the file is binary or damaged. Refused with its line and column. */
function refuseNul(fileName: string, text: string): void {
  const at = text.indexOf('\0');
  if (at < 0) return;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  throw invalidDefinition(fileName, [
    {
      path: '',
      line,
      column,
      message: `a NUL character at column ${column}: this is not a text file, or it is damaged`,
    },
  ]);
}

/** A draft read as far as it goes: its content when valid against the schema, else its problems, placed. */
export interface DefinitionReading {
  content: DefinitionContent | null;
  problems: DefinitionIssue[];
  /** Where the node at `path` starts (the nearest ancestor that exists), or null without a document. */
  locate(path: readonly PropertyKey[]): TextPlace | null;
  /** Where `[name]` first appears inside the template's value, or null. */
  locatePlaceholder(name: string): TextPlace | null;
}

function readDefinitionText(
  yaml: Yaml,
  fileName: string,
  rawText: string,
  format: DefinitionFormat,
): DefinitionReading {
  const { parseDocument, isNode } = yaml;
  const text = rawText.replace(/^\uFEFF/, '');
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.some((error) => /call stack/i.test(error.message))) throw tooDeep(fileName);
  const rangeOf = (path: readonly PropertyKey[]): [number, number] | null => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node: unknown = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return [node.range[0], node.range[1]];
    }
    return null;
  };
  const locate = (path: readonly PropertyKey[]): TextPlace | null => {
    const range = rangeOf(path);
    return range ? placeOf(text, range[0]) : null;
  };
  const locatePlaceholder = (name: string): TextPlace | null => {
    const node: unknown = doc.getIn(['template'], true);
    if (!isNode(node) || !node.range) return null;
    const at = text.slice(node.range[0], node.range[1]).indexOf(`[${name}]`);
    return at < 0 ? null : placeOf(text, node.range[0] + at);
  };
  const reading = (content: DefinitionContent | null, problems: DefinitionIssue[]): DefinitionReading => ({
    content,
    problems,
    locate,
    locatePlaceholder,
  });
  const notJson = format === 'json' ? jsonProblem(text) : null;
  if (notJson) return reading(null, [notJson]);
  if (doc.errors.length > 0) {
    return reading(
      null,
      doc.errors.map((error) => ({
        path: '',
        ...placeYamlError(text, error),
        message: describeYamlError(text, error),
      })),
    );
  }
  const raw = expandAliases(fileName, doc);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return reading(null, [
      {
        path: '',
        line: null,
        column: null,
        message: 'expected a mapping with name, preamble, template and dimensions (key: value lines)',
      },
    ]);
  }
  const parsed = definitionContentSchema.safeParse(raw);
  if (parsed.success) return reading(parsed.data, []);
  return reading(
    null,
    parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      ...(locate(issue.path) ?? { line: null, column: null }),
      message: describeSchemaIssue(issue, valueAt(raw, issue.path)),
    })),
  );
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** YAML aliases (*name) may repeat a block; past a limit that is a file built to exhaust memory, not a definition. */
export const MAX_ALIAS_COUNT = 100;

function expandAliases(fileName: string, doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new AppError(
        'DEFINITION_TOO_COMPLEX',
        `${fileName} repeats its YAML aliases (*name) so often that expanding them would need a huge amount of ` +
          `memory (more than ${MAX_ALIAS_COUNT} alias uses, nested). A definition never needs this: write the ` +
          'repeated parts out, or use fewer nested aliases. The file was not imported.',
      );
    }
    throw invalidDefinition(fileName, [{ path: '', line: null, column: null, message: (error as Error).message }]);
  }
}
