/** `definitions new|edit|duplicate|archive|unarchive|delete|versions|diff|export|schema` and `list --all`, in-process. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { definitionJsonSchema, yamlSchemaComment } from '../../src/shared/definition-json-schema';
import { cliRunner } from '../helpers/cli';
import { SAMPLE_YAML } from '../helpers/db';
import { makeTempDir } from '../helpers/temp';

const TROLLEY = readFileSync(join(__dirname, '../../resources/definitions/trolley-variants.json'), 'utf8');

describe('definitions commands', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());
  const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: join(temp.dir, 'data'), INIT_CWD: temp.dir }));
  const file = (name: string, text: string): string => {
    writeFileSync(join(temp.dir, name), text);
    return name;
  };

  it('creates, edits, lists, diffs, duplicates, archives and deletes a definition', async () => {
    const created = await cli('definitions', 'new', file('c.yaml', SAMPLE_YAML));
    expect(created.code, created.err.join('\n')).toBe(0);
    expect(created.err[0]).toBe('Created "Council housing dilemma" v1: 4 scenarios');
    const v1 = created.out.at(-1)!;
    // `new` always makes a new definition, even for the same content.
    const again = await cli('definitions', 'new', 'c.yaml');
    expect(again.out.at(-1)).not.toBe(v1);

    const unchanged = await cli('definitions', 'edit', v1, '--file', 'c.yaml');
    expect(unchanged.err[0]).toBe('No change: "Council housing dilemma" stays at v1');
    const edited = SAMPLE_YAML.replace('a rumour from a neighbour', 'a rumour from a passer-by');
    const saved = await cli('definitions', 'edit', v1, '--file', file('c2.yaml', edited));
    expect(saved.err[0]).toBe('Saved "Council housing dilemma" v2: 4 scenarios');
    const v2 = saved.out.at(-1)!;

    const listed = await cli('definitions', 'list');
    expect(listed.out.filter((l) => l.startsWith(v1))).toEqual([]);
    expect(listed.out).toContain(`${v2}\tv2\t4 scenarios\tCouncil housing dilemma`);

    const versions = await cli('definitions', 'versions', v1);
    expect(versions.out.map((l) => l.split('\t').slice(0, 4))).toEqual([
      [v2, 'v2', '4 scenarios', '0 runs'],
      [v1, 'v1', '4 scenarios', '0 runs'],
    ]);

    const diff = await cli('definitions', 'diff', v1, v2);
    expect(diff.out).toEqual([
      "-      - { score: 1, label: weak, options: ['a rumour from a neighbour'] }",
      "+      - { score: 1, label: weak, options: ['a rumour from a passer-by'] }",
    ]);
    expect(diff.err).toEqual(['2 scenarios change wording; runs of v1 and v2 are comparable on the other 2.']);

    const copy = await cli('definitions', 'duplicate', v2, '--name', 'Housing, reworded');
    expect(copy.err[0]).toBe('Duplicated as "Housing, reworded" v1: 4 scenarios');
    const copyId = copy.out.at(-1)!;

    expect((await cli('definitions', 'archive', copyId)).code).toBe(0);
    expect((await cli('definitions', 'list')).out.join('\n')).not.toContain('Housing, reworded');
    expect((await cli('definitions', 'list', '--all')).out).toContain(
      `${copyId}\tv1\t4 scenarios\tHousing, reworded\t(archived)`,
    );
    expect((await cli('definitions', 'unarchive', copyId)).err[0]).toBe(`Definition ${copyId} restored`);

    const deleted = await cli('definitions', 'delete', v2);
    expect(deleted.err[0]).toBe(`Deleted definition ${v1} (2 versions)`);
    const gone = await cli('definitions', 'versions', v1);
    expect(gone.code).toBe(1);
    expect(gone.err[0]).toMatch(/NOT_FOUND/);
  });

  it('exports YAML with the schema line, JSON as written, and prints the JSON Schema', async () => {
    const yamlId = (await cli('definitions', 'new', file('y.yaml', SAMPLE_YAML))).out.at(-1)!;
    const printed = await cli('definitions', 'export', yamlId);
    expect(`${printed.out.join('\n')}\n`).toBe(`${yamlSchemaComment()}\n${SAMPLE_YAML}`);
    const jsonId = (await cli('definitions', 'new', file('t.json', TROLLEY))).out.at(-1)!;
    expect((await cli('definitions', 'export', jsonId, '--out', 'out.json')).code).toBe(0);
    expect(readFileSync(join(temp.dir, 'out.json'), 'utf8')).toBe(TROLLEY);
    const schema = await cli('definitions', 'schema');
    expect(JSON.parse(schema.out.join('\n'))).toEqual(definitionJsonSchema());
  });

  it('explains missing arguments and unknown subcommands', async () => {
    for (const argv of [
      ['definitions', 'edit', 'x'],
      ['definitions', 'new'],
      ['definitions', 'diff', 'a'],
    ]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(64);
      expect(result.err[0]).toMatch(/^error: missing /);
    }
    const invalid = await cli(
      'definitions',
      'new',
      file('bad.yaml', 'name: x\npreamble: say "Rating: N".\ntemplate: t\n'),
    );
    expect(invalid.code).toBe(1);
    expect(invalid.err[0]).toMatch(
      /DEFINITION_INVALID: bad\.yaml is not a valid definition:\n- line 2: .*quote the value or use `\|`/,
    );
  });
});
