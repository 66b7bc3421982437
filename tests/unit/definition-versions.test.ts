import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { makeTestDb, SAMPLE_YAML, type TestDb } from '../helpers/db';

const SAMPLES = join(__dirname, '../../resources/definitions');

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('definition versions', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await makeTestDb();
  });
  afterEach(() => db.cleanup());

  it('gives back every sample byte for byte, as imported and as created', async () => {
    for (const name of readdirSync(SAMPLES)) {
      const text = readFileSync(join(SAMPLES, name), 'utf8');
      const imported = await db.definitions.importText(name, text);
      const created = await db.definitions.create(text, name);
      for (const id of [imported.definition.id, created.definition.id]) {
        const source = await db.definitions.source(id);
        expect(source.text).toBe(text);
        expect(source.format).toBe(name.endsWith('.json') ? 'json' : 'yaml');
        expect(source.fileName).toBe(name);
      }
      expect(created.definition.familyId).not.toBe(imported.definition.familyId);
    }
  });

  it('saves an edit as the next version; the old one stays as it was and runs keep pointing at it', async () => {
    const v1 = db.definitions.get(db.definitionId);
    expect(v1).toMatchObject({ version: 1, familyId: v1.id, latestVersionId: v1.id, archived: false });
    const runId = db.newRun();
    const edited = SAMPLE_YAML.replace('people losing their homes', 'people losing the homes they grew up in');
    const saved = await db.definitions.saveVersion(v1.familyId, v1.id, edited);
    expect(saved.created).toBe(true);
    const v2 = saved.definition;
    expect(v2).toMatchObject({ version: 2, familyId: v1.familyId, latestVersionId: v2.id });
    expect(v2.id).not.toBe(v1.id);
    expect((await db.definitions.source(v2.id)).text).toBe(edited);
    expect((await db.definitions.source(v1.id)).text).toBe(SAMPLE_YAML);
    expect(db.definitions.get(v1.id).latestVersionId).toBe(v2.id);
    const row = db.database.sqlite.prepare('SELECT definition_id AS d FROM runs WHERE id = ?').get(runId) as {
      d: string;
    };
    expect(row.d).toBe(v1.id);

    // The list shows the family once, at its latest version; the versions list both with their runs.
    const listed = db.definitions.list().filter((d) => d.familyId === v1.familyId);
    expect(listed.map((d) => [d.id, d.version])).toEqual([[v2.id, 2]]);
    const versions = db.definitions.versions(v1.familyId);
    expect(versions.versions.map((v) => [v.version, v.runCount])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    // Asked by a later version's id, the same family answers.
    expect(db.definitions.versions(v2.id).familyId).toBe(v1.familyId);
  });

  it('stores nothing when the text is unchanged', async () => {
    const saved = await db.definitions.saveVersion(db.definitionId, db.definitionId, SAMPLE_YAML);
    expect(saved).toMatchObject({ created: false, definition: { id: db.definitionId, version: 1 } });
    expect(db.definitions.versions(db.definitionId).versions).toHaveLength(1);
  });

  it('refuses a save on a base that is no longer the latest, and keeps the winner', async () => {
    const first = SAMPLE_YAML.replace('What should the council do?', 'What should the council decide?');
    const second = SAMPLE_YAML.replace('What should the council do?', 'What ought the council to do?');
    const winner = await db.definitions.saveVersion(db.definitionId, db.definitionId, first);
    const error = await refusal(db.definitions.saveVersion(db.definitionId, db.definitionId, second));
    expect(error.code).toBe('STALE_VERSION');
    expect(error.message).toMatch(
      /saved by someone else as version 2 after you opened version 1: your edit was not saved/,
    );
    expect(error.details).toEqual({ latestVersionId: winner.definition.id, latestVersion: 2 });
    expect(db.definitions.versions(db.definitionId).versions.map((v) => v.id)).toEqual([
      winner.definition.id,
      db.definitionId,
    ]);
    expect((await db.definitions.source(winner.definition.id)).text).toBe(first);
  });

  it('refuses an invalid edit with its line and stores nothing', async () => {
    const broken = SAMPLE_YAML.replace('[Certainty]', '[Certainty] and [Cost]');
    const error = await refusal(db.definitions.saveVersion(db.definitionId, db.definitionId, broken));
    expect(error.code).toBe('DEFINITION_INVALID');
    expect(error.message).toMatch(/line 13: template: placeholder \[Cost\] has no dimension/);
    expect(db.definitions.versions(db.definitionId).versions).toHaveLength(1);
    const other = await db.definitions.create(SAMPLE_YAML.replace('Council housing', 'Other'));
    const wrongFamily = await refusal(db.definitions.saveVersion(other.definition.familyId, db.definitionId, broken));
    expect(wrongFamily.code).toBe('VALIDATION');
    expect((await refusal(db.definitions.saveVersion('nope', 'nope', SAMPLE_YAML))).code).toBe('NOT_FOUND');
  });

  it('duplicates by changing only the name, into a new family; the same content may live in two families', async () => {
    const copy = (await db.definitions.duplicate(db.definitionId)).definition;
    expect(copy).toMatchObject({ name: 'Council housing dilemma (copy)', version: 1, familyId: copy.id });
    const text = (await db.definitions.source(copy.id)).text;
    expect(text).toBe(SAMPLE_YAML.replace('name: Council housing dilemma', 'name: "Council housing dilemma (copy)"'));
    expect((await db.definitions.source(copy.id)).fileName).toBe('council-housing-copy.yaml');
    const same = (await db.definitions.duplicate(db.definitionId, 'Council housing dilemma')).definition;
    expect(same.contentHash).toBe(db.definitions.get(db.definitionId).contentHash);
    expect(same.familyId).not.toBe(db.definitionId);
    // Importing the file again still finds it.
    expect((await db.definitions.importText('again.yaml', SAMPLE_YAML)).alreadyImported).toBe(true);
  });

  it('renames a block-scalar name and a JSON name without touching anything else', async () => {
    const yaml =
      'name: |\n  Two\n  lines\n# a comment\ntemplate: "Q [A]"\ndimensions:\n  - name: A\n    levels:\n      - {score: 1, label: a, options: [x]}\n';
    const created = (await db.definitions.create(yaml, 'block.yaml')).definition;
    const copy = (await db.definitions.duplicate(created.id, 'Renamed')).definition;
    expect((await db.definitions.source(copy.id)).text).toBe(yaml.replace('|\n  Two\n  lines', '"Renamed"'));
    const json = readFileSync(join(SAMPLES, 'trolley-variants.json'), 'utf8');
    const fromJson = (await db.definitions.create(json, 't.json')).definition;
    const jsonCopy = await db.definitions.source((await db.definitions.duplicate(fromJson.id, 'T2')).definition.id);
    expect(jsonCopy.format).toBe('json');
    expect(jsonCopy.text).toBe(json.replace('"Trolley variants"', '"T2"'));
  });

  it('archives a family out of the list and back; deletes only what no run uses', async () => {
    const runIdUsed = db.newRun();
    expect(runIdUsed).toBeTruthy();
    const v2 = (await db.definitions.saveVersion(db.definitionId, db.definitionId, `${SAMPLE_YAML}seed: 4\n`))
      .definition;
    expect(db.definitions.archive(v2.id, true)).toEqual({ familyId: db.definitionId, archived: true });
    expect(db.definitions.list().map((d) => d.familyId)).not.toContain(db.definitionId);
    expect(db.definitions.list(true).find((d) => d.familyId === db.definitionId)).toMatchObject({
      id: v2.id,
      archived: true,
    });
    expect(db.definitions.versions(db.definitionId).archived).toBe(true);
    // An edit saved while archived stays archived with its family.
    const v3 = (await db.definitions.saveVersion(db.definitionId, v2.id, `${SAMPLE_YAML}seed: 5\n`)).definition;
    expect(v3).toMatchObject({ version: 3, archived: true });
    expect(db.definitions.list().map((d) => d.familyId)).not.toContain(db.definitionId);
    db.definitions.archive(db.definitionId, false);
    expect(db.definitions.list().map((d) => d.id)).toContain(v3.id);
    // Restoring restores every version.
    expect([db.definitionId, v2.id, v3.id].map((id) => db.definitions.get(id).archived)).toEqual([false, false, false]);

    const error = await refusal(Promise.resolve().then(() => db.definitions.remove(v2.id)));
    expect(error.code).toBe('DEFINITION_IN_USE');
    expect(error.message).toMatch(/1 run uses its versions.*Archive it instead/);
    expect(db.definitions.versions(db.definitionId).versions).toHaveLength(3);

    const free = (await db.definitions.create(SAMPLE_YAML.replace('Council housing', 'Free'))).definition;
    await db.definitions.saveVersion(
      free.familyId,
      free.id,
      `${SAMPLE_YAML.replace('Council housing', 'Free')}seed: 2\n`,
    );
    expect(db.definitions.remove(free.id)).toEqual({ familyId: free.familyId, deletedVersions: 2 });
    expect(() => db.definitions.get(free.id)).toThrow(/No definition/);
    const left = db.database.sqlite
      .prepare('SELECT COUNT(*) AS n FROM scenarios WHERE definition_id = ?')
      .get(free.id) as { n: number };
    expect(left.n).toBe(0);
  });

  it('diffs two versions as text and as expansions', async () => {
    const edited = SAMPLE_YAML.replace(
      "options: ['a small inconvenience for the tenants']",
      "options: ['a minor inconvenience for the tenants']",
    ).replace(
      '- { score: 2, label: strong, options: ["a signed engineer\'s report"] }',
      "- { score: 2, label: strong, options: [\"a signed engineer's report\"] }\n      - { score: 3, label: certain, options: ['a court ruling'] }",
    );
    const v2 = (await db.definitions.saveVersion(db.definitionId, db.definitionId, edited)).definition;
    const diff = await db.definitions.diff(db.definitionId, v2.id);
    expect(diff.from).toMatchObject({ id: db.definitionId, version: 1 });
    expect(diff.text.filter((l) => l.kind !== ' ').map((l) => `${l.kind}${l.text.trim()}`)).toEqual([
      "-- { score: 1, label: low, options: ['a small inconvenience for the tenants'] }",
      "+- { score: 1, label: low, options: ['a minor inconvenience for the tenants'] }",
      "+- { score: 3, label: certain, options: ['a court ruling'] }",
    ]);
    const removedLine = diff.text.find((l) => l.kind === '-')!;
    expect([removedLine.fromLine, removedLine.toLine]).toEqual([18, null]);
    // 2 Stakes x 2 Certainty before; 2 x 3 after: the 2 low-stakes scenarios of v1 change wording, 2 are new.
    expect(diff.scenarios).toMatchObject({ changedCount: 2, comparable: 2, removed: [] });
    expect(diff.scenarios.added).toEqual(['Stakes1_Certainty3', 'Stakes2_Certainty3']);
    expect(diff.scenarios.changed[0]).toMatchObject({ scenarioId: 'Stakes1_Certainty1' });
    expect(diff.scenarios.summary).toBe(
      '2 scenarios change wording; 2 scenarios are new; runs of v1 and v2 are comparable on the other 2.',
    );
    const same = await db.definitions.diff(db.definitionId, db.definitionId);
    expect(same.text.every((l) => l.kind === ' ')).toBe(true);
    expect(same.scenarios.summary).toBe('No scenario changes: runs of v1 and v1 are comparable on all 4 scenarios.');
  });

  it('makes YAML from the content of a definition imported before texts were kept', async () => {
    db.database.sqlite.prepare('UPDATE definitions SET source_text = NULL, source_format = NULL').run();
    const source = await db.definitions.source(db.definitionId);
    expect(source.format).toBe('yaml');
    expect(source.text).toMatch(/^name: Council housing dilemma\npreamble: \|/);
    const back = await db.definitions.validate(source.text);
    expect(back.ok).toBe(true);
    expect(back.content).toEqual(db.definitions.get(db.definitionId).content);
  });
});
