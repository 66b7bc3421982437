/**
 * Turns a YAML or JSON definition file into validated content, with errors that name the line and field. The YAML
 * library (a quarter of the main bundle, evaluated when loaded) is loaded the first time a definition is parsed, not by
 * every command.
 */
import type { Document, LineCounter } from 'yaml';
import { z } from 'zod';
import { definitionContentSchema, type DefinitionContent } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';

export interface DefinitionIssue {
  path: string;
  line: number | null;
  message: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
}

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

let yamlModule: Promise<Yaml> | null = null;

/** The definition parser, once the YAML library has loaded. */
export async function loadDefinitionParser(): Promise<DefinitionParser> {
  yamlModule ??= import('yaml');
  const yaml = await yamlModule;
  return (fileName, text) => {
    refuseNul(fileName, text);
    refuseDeepNesting(fileName, text);
    try {
      return parseDefinitionText(yaml, fileName, text);
    } catch (error) {
      // The YAML reader, alias expansion and the schema all recurse: nesting past the stack is a file built to break
      // readers, not a definition (deep block indentation can get here without brackets).
      const message = error instanceof Error ? error.message : '';
      if (/call stack/i.test(message)) throw tooDeep(fileName);
      throw error;
    }
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
      message: `a NUL character at column ${column}: this is not a text file, or it is damaged`,
    },
  ]);
}

function parseDefinitionText(yaml: Yaml, fileName: string, text: string): DefinitionContent {
  const { LineCounter, parseDocument, isNode } = yaml;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.some((error) => /call stack/i.test(error.message))) throw tooDeep(fileName);
  if (doc.errors.length > 0) {
    throw invalidDefinition(
      fileName,
      doc.errors.map((error) => ({
        path: '',
        line: lineCounter.linePos(error.pos[0]).line,
        message: error.message.split('\n')[0] ?? error.message,
      })),
    );
  }
  const raw = expandAliases(fileName, doc);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidDefinition(fileName, [
      { path: '', line: null, message: 'expected a mapping with name, preamble, template and dimensions' },
    ]);
  }
  const parsed = definitionContentSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalidDefinition(
      fileName,
      parsed.error.issues.map((issue) => toIssue(issue, doc, lineCounter, isNode)),
    );
  }
  return parsed.data;
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
    throw invalidDefinition(fileName, [{ path: '', line: null, message: (error as Error).message }]);
  }
}

function toIssue(
  issue: z.core.$ZodIssue,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  isNode: Yaml['isNode'],
): DefinitionIssue {
  let line: number | null = null;
  for (let depth = issue.path.length; depth >= 0 && line === null; depth -= 1) {
    const node: unknown = doc.getIn(issue.path.slice(0, depth), true);
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  return { path: formatPath(issue.path), line, message: issue.message };
}
