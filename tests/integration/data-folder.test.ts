/**
 * The data folder as it is found on disk: written by a newer build, damaged, read-only, or brand new. Real SQLite
 * files; the read-only case runs the CLI as a separate process under a user that may not write the folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from '../../src/main/core/db/open';
import { devResourcePaths } from '../../src/main/core/paths';
import { createFileSecretStore } from '../../src/main/core/providers/secrets';
import { AppError } from '../../src/shared/errors';
import { copyBuiltCli } from '../helpers/built-cli-copy';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

const samplePath = join(__dirname, '../../resources/definitions/council-housing.yaml');
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('opening the data folder', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('creates a new data folder 0700 and its database 0600, and keeps secrets.json 0600', async () => {
    const dataDir = join(temp.dir, 'fresh', 'nested');
    const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: dataDir }));
    expect((await cli('runs')).code).toBe(0);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, DATABASE_FILE)).mode & 0o777).toBe(0o600);
    createFileSecretStore(join(dataDir, 'secrets.json')).set('OPENAI_API_KEY', 'sk-1');
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses a database a newer build migrated, before reading or writing anything', async () => {
    const dataDir = join(temp.dir, 'newer');
    const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: dataDir }));
    expect((await cli('definitions', 'import', samplePath)).code).toBe(0);
    const opened = await openDatabase({ dataDir, migrationsDir: devResourcePaths().migrationsDir });
    // What a future build leaves behind: one more migration, and a column renamed.
    opened.sqlite
      .prepare(`INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)`)
      .run(4102444800000);
    opened.sqlite.exec('ALTER TABLE definitions RENAME COLUMN name TO title');
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    opened.close();
    const file = join(dataDir, DATABASE_FILE);
    const before = sha(file);

    for (const argv of [['runs'], ['definitions', 'list'], ['definitions', 'import', samplePath]]) {
      const result = await cli(...argv);
      expect(result.code).toBe(4);
      expect(result.err.join('\n')).toMatch(
        /DATABASE_TOO_NEW: The database at .*valuerank\.sqlite was written by a newer version/,
      );
      expect(result.err.join('\n')).toMatch(/first from 2100-01-01.*Update ValueRank Desktop/s);
    }
    expect(sha(file)).toBe(before);
    await expect(openDatabase({ dataDir, migrationsDir: devResourcePaths().migrationsDir })).rejects.toThrow(
      expect.objectContaining({ code: 'DATABASE_TOO_NEW' }) as AppError,
    );
    expect(sha(file)).toBe(before);
  });

  it('says which file is damaged and what to do, without touching it', async () => {
    const dataDir = join(temp.dir, 'corrupt');
    mkdirSync(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    writeFileSync(file, Buffer.alloc(8192, 'garbage!'));
    const before = sha(file);
    const result = await cliRunner(() => ({ VALUERANK_DATA_DIR: dataDir }))('runs');
    expect(result.code).toBe(4);
    const text = result.err.join('\n');
    expect(text).toContain(`DATABASE_CORRUPT: The database at ${file} is damaged`);
    expect(text).toMatch(/Move the file aside/);
    expect(sha(file)).toBe(before);
  });

  it('reads runs, status, results and an export from a folder it may not write; refuses to write there', async () => {
    const dataDir = join(temp.dir, 'readonly-data');
    const fake = await import('../fixtures/fake-provider.mjs').then((m) => m.startFakeProvider());
    try {
      const env = { VALUERANK_DATA_DIR: dataDir, OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' };
      const cli = cliRunner(() => env);
      const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
      const run = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--wait');
      expect(run.err.join('\n')).toMatch(/completed: 4\/4/);
      expect(run.code).toBe(0);
      const runId = run.out.at(-1)!;
      expect(existsSync(join(dataDir, `${DATABASE_FILE}-wal`))).toBe(false);

      // Root ignores file modes: then the CLI runs as "nobody", for whom the folder is read-only like anyone else's.
      const asRoot = process.getuid?.() === 0;
      chmodSync(temp.dir, 0o755);
      chmodSync(dataDir, asRoot ? 0o755 : 0o555);
      chmodSync(join(dataDir, DATABASE_FILE), asRoot ? 0o644 : 0o444);
      const outDir = join(temp.dir, 'exports-out');
      mkdirSync(outDir, { mode: 0o777 });
      chmodSync(outDir, 0o777);
      // The CLI runs from a built copy that any user may read, so the test holds wherever the checkout lives (a
      // clone under /root or in a 0700 folder is out of nobody's reach).
      const cliEntry = copyBuiltCli(join(temp.dir, 'app'));
      const spawnCli = (...argv: string[]) =>
        spawnSync(process.execPath, [cliEntry, '--data-dir', dataDir, ...argv], {
          cwd: temp.dir,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', HOME: temp.dir },
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
        });
      const runs = spawnCli('runs', '--json');
      expect(runs.stderr).toBe('');
      expect(runs.status).toBe(0);
      expect(JSON.stringify(JSON.parse(runs.stdout))).toContain(runId);
      const status = spawnCli('status', runId);
      expect(status.stderr).toBe('');
      expect(status.stdout).toMatch(/completed {2}4\/4 completed/);
      expect(spawnCli('results', runId).status).toBe(0);
      const exported = spawnCli('export', runId, '--out', join(outDir, 'r.csv'));
      expect(exported.stderr).toMatch(/Wrote 4 results/);
      expect(readFileSync(join(outDir, 'r.csv'), 'utf8').trim().split('\n')).toHaveLength(5);

      const write = spawnCli('definitions', 'import', samplePath);
      expect(write.status).toBe(4);
      expect(write.stderr).toMatch(/DATABASE_READ_ONLY: The database at .* cannot be written/);
    } finally {
      await fake.close();
      chmodSync(dataDir, 0o755);
    }
  });
});
