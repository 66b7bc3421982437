/**
 * One corpus, four readers: the importer (definitions.import), the editor's check (definitions.validate), the CLI's
 * `definitions validate` and the published JSON Schema (docs/definition.schema.json, as VS Code's YAML extension uses it)
 * accept and refuse the same files. The rules a JSON Schema cannot state (a placeholder must name a dimension, scores
 * distinct, the size limit) are the importer's alone: for those files the schema accepts and the three others refuse.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { AppError } from '../../src/shared/errors';
import { cliRunner } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { jsonSchemaErrors } from '../helpers/json-schema';
import { makeTempDir } from '../helpers/temp';

const CORPUS = join(__dirname, '../fixtures/definitions');
const SCHEMA = JSON.parse(readFileSync(join(__dirname, '../../docs/definition.schema.json'), 'utf8')) as Record<
  string,
  unknown
>;

const filesOf = (dir: string): string[] => readdirSync(join(CORPUS, dir)).sort();
const textOf = (dir: string, file: string): string => readFileSync(join(CORPUS, dir, file), 'utf8');

/** Where the problem is and what it says, for each broken file (line null: the file as a whole). */
const EXPECTED: Record<string, { line: number | null; message: RegExp }> = {
  'counterbalance-unknown.yaml': { line: 8, message: /none.*half.*crossed/ },
  'counterbalance-no-scale.yaml': { line: 8, message: /reversing the order needs an answer scale/ },
  'bad-dimension-name.yaml': { line: 4, message: /dimension names start with a letter/ },
  'blank-option.yaml': { line: 6, message: /must not be empty/ },
  'dimensions-mapping.yaml': { line: 4, message: /`dimensions` must be a list, not a mapping/ },
  'duplicate-key.yaml': { line: 3, message: /`name` appears twice/ },
  'empty-label.yaml': { line: 6, message: /must not be empty/ },
  'fractional-score.yaml': { line: 6, message: /whole number/ },
  'missing-template.yaml': { line: 1, message: /`template` is missing: add it/ },
  'name-number.yaml': { line: 1, message: /must be text, but YAML read the number 42: put it in quotes/ },
  'name-too-long.yaml': { line: 1, message: /201 characters long; the limit is 200/ },
  'no-levels.yaml': { line: 5, message: /at least one level/ },
  'not-a-mapping.yaml': { line: null, message: /expected a mapping/ },
  'option-value-blank.yaml': { line: 8, message: /must not be empty/ },
  'options-string.yaml': { line: 8, message: /`options` must be a list, not one value/ },
  'score-text.yaml': { line: 6, message: /`score` must be a number, not the text "one"/ },
  'tab-indent.yaml': { line: 4, message: /tab is used for indentation/ },
  'trailing-comma.json': { line: 4, message: /not valid JSON/ },
  'unclosed-quote.yaml': { line: 1, message: /quoted value is never closed/ },
  'unquoted-colon.yaml': { line: 2, message: /value of `preamble` contains a colon.*quote the value or use `\|`/ },
  'duplicate-scale-codes.yaml': { line: 4, message: /codes must be distinct/ },
  'duplicate-scores.yaml': { line: 6, message: /distinct scores/ },
  'option-not-on-scale.yaml': { line: 8, message: /option 3 is not a code of the answer scale \(codes: 1, 2\)/ },
  'too-many.yaml': { line: 4, message: /161,051 scenarios; the limit is 100,000/ },
  'unknown-placeholder.yaml': { line: 4, message: /placeholder \[Typo\] has no dimension/ },
  'unused-dimension.yaml': { line: 7, message: /"Unused" is never used in the template/ },
};

/** What an editor with the JSON Schema says: unreadable, or the schema's errors. */
function schemaVerdict(file: string, text: string): string[] {
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return [`unreadable: ${(error as Error).message}`];
  }
  return jsonSchemaErrors(SCHEMA, data);
}

describe('the definition corpus', () => {
  const temp = makeTempDir();
  const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: join(temp.dir, 'data'), INIT_CWD: CORPUS }));
  let h: CoreHarness;
  beforeAll(async () => {
    h = await startHarness({ startScheduler: false });
  });
  afterAll(async () => {
    await h.stop();
    temp.cleanup();
  });

  const importer = async (file: string, text: string): Promise<string | null> =>
    callRoute(h.core.dispatch, 'definitions.import', { fileName: file, text }).then(
      () => null,
      (error: unknown) => {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('DEFINITION_INVALID');
        return (error as AppError).message;
      },
    );

  it('has files of every kind and an expectation for every broken one', () => {
    expect(filesOf('valid').length).toBeGreaterThanOrEqual(5);
    expect([...filesOf('invalid'), ...filesOf('invalid-rules')].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('all four accept every valid file (and the shipped samples)', async () => {
    const samples = join(__dirname, '../../resources/definitions');
    const cases = [
      ...filesOf('valid').map((file) => ({ file, path: join('valid', file), text: textOf('valid', file) })),
      ...readdirSync(samples).map((file) => ({
        file,
        path: join(samples, file),
        text: readFileSync(join(samples, file), 'utf8'),
      })),
    ];
    for (const { file, path, text } of cases) {
      expect(await importer(file, text), file).toBeNull();
      const checked = await callRoute(h.core.dispatch, 'definitions.validate', {
        text,
        format: file.endsWith('.json') ? 'json' : 'yaml',
      });
      expect(checked, file).toMatchObject({ ok: true, errors: [] });
      expect(checked.scenarioCount, file).toBeGreaterThan(0);
      const run = await cli('definitions', 'validate', path);
      expect(run.code, `${file}: ${run.err.join('\n')}`).toBe(0);
      expect(run.out.join('\n')).toMatch(/: valid, \d+ scenarios; answer scale: /);
      expect(schemaVerdict(file, text), file).toEqual([]);
    }
  });

  it('all four refuse every broken file; the three app readers name the same line in words', async () => {
    for (const file of filesOf('invalid')) {
      const text = textOf('invalid', file);
      const expected = EXPECTED[file]!;
      const refused = await importer(file, text);
      expect(refused, file).toMatch(expected.message);
      if (expected.line !== null) expect(refused, file).toContain(`line ${expected.line}: `);
      const checked = await callRoute(h.core.dispatch, 'definitions.validate', {
        text,
        format: file.endsWith('.json') ? 'json' : 'yaml',
      });
      expect(checked.ok, file).toBe(false);
      expect(checked.errors[0], file).toMatchObject({
        line: expected.line,
        message: expect.stringMatching(expected.message),
      });
      if (expected.line !== null) expect(checked.errors[0]?.column, file).toBeGreaterThan(0);
      const run = await cli('definitions', 'validate', join('invalid', file));
      expect(run.code, file).toBe(1);
      const place = expected.line === null ? '' : `${expected.line}:${checked.errors[0]?.column ?? ''}:`;
      expect(run.err[0], file).toBe(
        `${join('invalid', file)}:${place} ${checked.errors[0]?.path ? `${checked.errors[0].path}: ` : ''}${checked.errors[0]?.message ?? ''}`,
      );
      expect(schemaVerdict(file, text), file).not.toEqual([]);
    }
  });

  it('the importer, the check and the CLI refuse what only the importer rules catch; the schema cannot', async () => {
    for (const file of filesOf('invalid-rules')) {
      const text = textOf('invalid-rules', file);
      const expected = EXPECTED[file]!;
      expect(await importer(file, text), file).toMatch(expected.message);
      const checked = await callRoute(h.core.dispatch, 'definitions.validate', { text });
      expect(checked.errors[0], file).toMatchObject({
        line: expected.line,
        message: expect.stringMatching(expected.message),
      });
      expect((await cli('definitions', 'validate', join('invalid-rules', file))).code, file).toBe(1);
      expect(schemaVerdict(file, text), file).toEqual([]);
    }
    // Nothing refused was stored.
    const names = (await callRoute(h.core.dispatch, 'definitions.list', { includeArchived: true })).map((d) => d.name);
    expect(names).not.toContain('Unknown placeholder');
  });
});
