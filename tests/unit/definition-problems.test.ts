import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { definitionContentSchema } from '../../src/shared/definition-content';
import { DEFINITION_SCHEMA_FILE, definitionJsonSchema } from '../../src/shared/definition-json-schema';
import {
  describeSchemaIssue,
  describeYamlError,
  formatPath,
  placeOf,
  placeYamlError,
} from '../../src/shared/definition-problems';
import { diffLines } from '../../src/main/core/definitions/diff';
import { pathSegments, validateDraft } from '../../src/main/core/definitions/validate';

/** The first YAML error of `text`, in words. */
function yamlWords(text: string): string {
  const error = parseDocument(text, { prettyErrors: false, uniqueKeys: true }).errors[0];
  if (!error) throw new Error('expected a YAML error');
  return describeYamlError(text, error);
}

function schemaWords(value: unknown): string[] {
  const parsed = definitionContentSchema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    let at: unknown = value;
    for (const part of issue.path) at = (at as Record<PropertyKey, unknown> | undefined)?.[part];
    return describeSchemaIssue(issue, at);
  });
}

describe('definition problems in words', () => {
  it('places offsets at 1-based lines and columns and writes paths as fields', () => {
    expect(placeOf('ab\ncd\n', 0)).toEqual({ line: 1, column: 1 });
    expect(placeOf('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(placeOf('ab', 99)).toEqual({ line: 1, column: 3 });
    expect(formatPath(['dimensions', 0, 'levels', 1, 'score'])).toBe('dimensions[0].levels[1].score');
    expect(pathSegments('dimensions[0].levels[12]')).toEqual(['dimensions', 0, 'levels', 12]);
  });

  it('words YAML syntax errors as advice', () => {
    expect(yamlWords('name: x\npreamble: End your reply with "Rating: N".\n')).toMatch(
      /^the value of `preamble` contains a colon followed by a space.*quote the value or use `\|`/,
    );
    expect(yamlWords('name: x\n  template: y\n')).toMatch(/indented deeper than its key allows/);
    expect(yamlWords('name: a\nname: b\n')).toMatch(/^`name` appears twice/);
    expect(yamlWords('\tname: x\n')).toMatch(/tab is used for indentation/);
    expect(yamlWords('name: "open\n')).toMatch(/quoted value is never closed/);
    const unclosed = 'name: x\npreamble: "say \\"hi\\"\ntemplate: t\n';
    const error = parseDocument(unclosed, { prettyErrors: false }).errors[0]!;
    expect(placeYamlError(unclosed, error)).toEqual({ line: 2, column: 11 });
    expect(placeYamlError('a: [b', { code: 'MISSING_CHAR', message: 'Missing ]', pos: [5, 5] })).toEqual({
      line: 1,
      column: 6,
    });
    expect(yamlWords('name: x\nlist: [a, b\n')).toMatch(/not closed|not indented/);
    expect(yamlWords('name: "a\\qb"\n')).toMatch(/unknown escape/);
    expect(yamlWords('name: a\n---\nname: b\n')).toMatch(/more than one YAML document/);
    expect(describeYamlError('x', { code: 'SOMETHING_NEW', message: 'Odd thing\nmore', pos: [0, 1] })).toBe(
      'YAML cannot read this: Odd thing',
    );
  });

  it('words schema issues by what was found, keeping the schema’s own sentences', () => {
    expect(schemaWords({ name: 'x' })).toEqual([
      '`template` is missing: add it (the question, with a [Dimension] placeholder for each dimension)',
    ]);
    expect(schemaWords({ name: true, template: 't' })).toEqual([
      '`name` must be text, but YAML read boolean true: put it in quotes, e.g. "true"',
    ]);
    expect(
      schemaWords({
        name: 'x',
        template: 't',
        dimensions: [{ name: 'A', levels: [{ score: 1, label: 'a', options: 'one' }] }],
      }),
    ).toEqual([
      '`options` must be a list, not one value: write each item on its own line starting with "- ", or [a, b]',
    ]);
    expect(schemaWords({ name: 'x', template: 't', dimensions: ['A'] })).toEqual([
      'item 1 of `dimensions` must be a mapping (key: value lines), not the text "A"',
    ]);
    expect(schemaWords({ name: 'x', template: 't', seed: null })).toEqual([
      '`seed` must be a number, not an empty value',
    ]);
    expect(schemaWords({ name: 'x', template: ' ', scale: [] })).toEqual(['must not be empty']);
    expect(schemaWords({ name: 'x'.repeat(201), template: 't' })).toEqual([
      '`name` is 201 characters long; the limit is 200',
    ]);
  });

  it('validates a draft with its count and scale, and a draft that is not a definition at all', async () => {
    const sample = readFileSync(join(__dirname, '../../resources/definitions/council-housing.yaml'), 'utf8');
    expect(await validateDraft(sample)).toMatchObject({
      ok: true,
      scenarioCount: 4,
      scaleSummary: expect.stringMatching(/1 to 5/),
      errors: [],
    });
    expect(await validateDraft('name: x\ntemplate: "a\0b"\n')).toMatchObject({
      ok: false,
      errors: [{ line: 2, column: 13, message: expect.stringMatching(/NUL character/) }],
      scenarioCount: null,
    });
    expect(await validateDraft(`name: x\ndimensions: ${'['.repeat(2000)}\n`)).toMatchObject({
      ok: false,
      errors: [{ line: null, message: expect.stringMatching(/too deep to read/) }],
    });
    // A JSON file is read as JSON: YAML would forgive the trailing comma.
    expect((await validateDraft('{"name": "x", "template": "t",}', { format: 'json' })).errors[0]).toMatchObject({
      line: 1,
      message: expect.stringMatching(/not valid JSON/),
    });
    expect((await validateDraft('{"name": "x", "template": "t",}', { format: 'yaml' })).ok).toBe(true);
  });
});

describe('the published JSON Schema', () => {
  it('is what the code generates from the importer’s schema (it cannot drift)', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '../..', DEFINITION_SCHEMA_FILE), 'utf8')) as unknown;
    expect(published).toEqual(definitionJsonSchema());
    expect(definitionJsonSchema()).toMatchObject({ type: 'object', required: ['name', 'template'] });
  });
});

describe('line diff', () => {
  it('aligns changed lines between common ones and numbers both sides', () => {
    expect(diffLines('a\nb\nc\nd\n', 'a\nx\nc\nd\ne\n')).toEqual([
      { kind: ' ', text: 'a', fromLine: 1, toLine: 1 },
      { kind: '-', text: 'b', fromLine: 2, toLine: null },
      { kind: '+', text: 'x', fromLine: null, toLine: 2 },
      { kind: ' ', text: 'c', fromLine: 3, toLine: 3 },
      { kind: ' ', text: 'd', fromLine: 4, toLine: 4 },
      { kind: '+', text: 'e', fromLine: null, toLine: 5 },
    ]);
    expect(diffLines('', 'a\n')).toEqual([{ kind: '+', text: 'a', fromLine: null, toLine: 1 }]);
    const moved = diffLines('1\n2\n3\n4\n', '4\n1\n2\n3\n').map((l) => `${l.kind}${l.text}`);
    expect(moved).toEqual(['+4', ' 1', ' 2', ' 3', '-4']);
  });

  it('stays bounded on huge unrelated texts (removed, then added, without alignment)', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    const lines = diffLines(a, b);
    expect(lines).toHaveLength(6000);
    expect(lines[0]!.kind).toBe('-');
    expect(lines[3000]!.kind).toBe('+');
  });
});
