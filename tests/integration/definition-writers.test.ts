/**
 * Two writers on one definition: the app (a core's route) and the CLI (its own process on the same data folder) both
 * start from version 1. Whoever saves second is refused with STALE_VERSION and a sentence; nothing of the first save
 * is lost and the second writer's draft is untouched. Several writers at once: exactly one wins.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { yamlSchemaComment } from '../../src/shared/definition-json-schema';
import { AppError } from '../../src/shared/errors';
import { SAMPLE_YAML } from '../helpers/db';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '../..');

describe('two writers on one definition', () => {
  const temp = makeTempDir();
  let h: CoreHarness;
  beforeAll(async () => {
    h = await startHarness({ startScheduler: false, dataDir: join(temp.dir, 'data') });
  });
  afterAll(async () => {
    await h.stop();
    temp.cleanup();
  });

  /** The CLI as its own process on the app's data folder. */
  const cliProcess = (...argv: string[]): Promise<{ code: number | null; out: string; err: string }> =>
    new Promise((done) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', h.dataDir, ...argv],
        {
          cwd: ROOT,
          env: { ...process.env, INIT_CWD: temp.dir, VALUERANK_LOG_LEVEL: 'error' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      child.once('close', (code) => done({ code, out, err }));
    });

  const save = (familyId: string, baseVersionId: string, text: string) =>
    callRoute(h.core.dispatch, 'definitions.saveVersion', { familyId, baseVersionId, text });

  it('refuses the CLI when the app saved first, and the app when the CLI saved first', async () => {
    const v1 = (await callRoute(h.core.dispatch, 'definitions.create', { text: SAMPLE_YAML, fileName: 'c.yaml' }))
      .definition;
    // The CLI exports version 1 to a file (with the schema line for editors) and edits it there.
    const exported = await cliProcess('definitions', 'export', v1.id, '--out', 'draft.yaml');
    expect(exported.code, exported.err).toBe(0);
    const draftPath = join(temp.dir, 'draft.yaml');
    expect(readFileSync(draftPath, 'utf8')).toBe(`${yamlSchemaComment()}\n${SAMPLE_YAML}`);
    const cliDraft = readFileSync(draftPath, 'utf8').replace(
      'What should the council do?',
      'What must the council do?',
    );
    writeFileSync(draftPath, cliDraft);

    // Meanwhile the app saves version 2 from version 1.
    const appText = SAMPLE_YAML.replace('What should the council do?', 'What ought the council to do?');
    const v2 = (await save(v1.familyId, v1.id, appText)).definition;
    expect(v2.version).toBe(2);

    const refused = await cliProcess('definitions', 'edit', v1.id, '--file', 'draft.yaml');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /STALE_VERSION: .*saved by someone else as version 2 after you opened version 1: your edit was not saved/,
    );
    expect(readFileSync(draftPath, 'utf8')).toBe(cliDraft);
    const versions = await callRoute(h.core.dispatch, 'definitions.versions', { familyId: v1.familyId });
    expect(versions.versions.map((v) => v.id)).toEqual([v2.id, v1.id]);
    expect((await callRoute(h.core.dispatch, 'definitions.source', { id: v2.id })).text).toBe(appText);

    // The CLI redoes its edit on version 2 and saves version 3 (the schema line export added is not stored).
    writeFileSync(draftPath, `${yamlSchemaComment()}\n${appText.replace('council to do', 'council to decide')}`);
    const saved = await cliProcess('definitions', 'edit', v2.id, '--file', 'draft.yaml');
    expect(saved.code, saved.err).toBe(0);
    const v3Id = saved.out.trim();
    const v3 = await callRoute(h.core.dispatch, 'definitions.source', { id: v3Id });
    expect(v3).toMatchObject({
      version: 3,
      latestVersionId: v3Id,
      text: appText.replace('council to do', 'council to decide'),
    });

    // Now the app, still on version 2, is the one refused.
    const error = await save(v1.familyId, v2.id, `${appText}seed: 3\n`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'STALE_VERSION', details: { latestVersionId: v3Id, latestVersion: 3 } });
  });

  it('lets exactly one of several simultaneous writers save on the same base', async () => {
    const v1 = (
      await callRoute(h.core.dispatch, 'definitions.create', {
        text: SAMPLE_YAML.replace('Council housing dilemma', 'Race'),
      })
    ).definition;
    const drafts = [1, 2, 3].map((n) => {
      const text = SAMPLE_YAML.replace('Council housing dilemma', 'Race').replace('What should', `What (${n}) should`);
      writeFileSync(join(temp.dir, `race-${n}.yaml`), text);
      return text;
    });
    const appDraft = SAMPLE_YAML.replace('Council housing dilemma', 'Race').replace('What should', 'What (app) should');
    const outcomes = await Promise.all([
      ...[1, 2, 3].map((n) => cliProcess('definitions', 'edit', v1.id, '--file', `race-${n}.yaml`)),
      save(v1.familyId, v1.id, appDraft).then(
        () => ({ code: 0, out: '', err: '' }),
        (e: AppError) => ({ code: 1, out: '', err: `${e.code}: ${e.message}` }),
      ),
    ]);
    expect(outcomes.filter((o) => o.code === 0)).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.code !== 0)) expect(lost.err).toMatch(/STALE_VERSION/);
    const versions = await callRoute(h.core.dispatch, 'definitions.versions', { familyId: v1.familyId });
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
    const winner = await callRoute(h.core.dispatch, 'definitions.source', { id: versions.versions[0]!.id });
    expect([...drafts, appDraft]).toContain(winner.text);
  });
});
