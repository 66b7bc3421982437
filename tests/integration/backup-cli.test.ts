/** `backup` and `restore FILE` on a real data folder through the CLI (in-process, the same code as `npm run cli`). */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_YAML } from '../helpers/db';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

describe('CLI backup and restore', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());
  const dataDir = join(temp.dir, 'data');
  const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: dataDir, INIT_CWD: temp.dir }));

  it('backs up the database, and restores the copy keeping the database it replaces', async () => {
    writeFileSync(join(temp.dir, 'first.yaml'), SAMPLE_YAML);
    writeFileSync(join(temp.dir, 'second.yaml'), SAMPLE_YAML.replace(/^name: .*$/m, 'name: Second definition'));
    expect((await cli('definitions', 'import', 'first.yaml')).code).toBe(0);

    const backup = await cli('backup');
    expect(backup.code).toBe(0);
    const copy = backup.out.at(-1)!;
    expect(copy).toMatch(/backups\/manual-.*\.sqlite$/);
    expect(existsSync(copy)).toBe(true);

    expect((await cli('definitions', 'import', 'second.yaml')).code).toBe(0);
    expect((await cli('definitions', 'list')).out).toHaveLength(2);

    const restored = await cli('restore', copy);
    expect(restored.code).toBe(0);
    expect(restored.err.join('\n')).toMatch(/Restored .*: 1 definitions, 0 runs/);
    const kept = /kept at (.*)$/.exec(restored.err.at(-1)!)?.[1];
    expect(kept && existsSync(kept)).toBe(true);
    expect((await cli('definitions', 'list')).out).toHaveLength(1);
  });

  it('refuses to restore a file that is not a ValueRank database, changing nothing', async () => {
    writeFileSync(join(temp.dir, 'garbage.sqlite'), 'not a database at all '.repeat(200));
    const refused = await cli('restore', 'garbage.sqlite');
    expect(refused.code).not.toBe(0);
    expect(refused.err.join('\n')).toMatch(/garbage\.sqlite/);
    expect((await cli('restore')).code).toBe(64);
    expect((await cli('definitions', 'list')).out).toHaveLength(1);
  });
});
