/**
 * Definition files are read byte-exact: bytes that are not UTF-8, or a NUL, are refused with the line and byte (not
 * turned into U+FFFD or a "nulname"), and nesting thousands deep is refused quickly with a sentence instead of
 * "Maximum call stack size exceeded".
 */
import { isUtf8 } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { decodeUtf8Strict } from '../../src/main/core/util/utf8';
import { firstInvalidUtf8 } from '../../src/shared/utf8';
import { cliRunner } from '../helpers/cli';
import { SAMPLE_YAML } from '../helpers/db';
import { startHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

describe('definition bytes', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());
  const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: join(temp.dir, 'data'), INIT_CWD: temp.dir }));

  it('finds the first byte that is not UTF-8, agreeing with Node on which bytes are UTF-8', () => {
    const cases: [number[], number][] = [
      [[0x61, 0x62], -1],
      [[0xe2, 0x82, 0xac, 0x61], -1],
      [[0xf0, 0x9f, 0x98, 0x80], -1],
      [[0x61, 0xc0, 0xaf], 1], // overlong
      [[0xed, 0xa0, 0x80], 0], // a surrogate encoded
      [[0x61, 0x62, 0xe2, 0x82], 2], // cut short
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0x80], 0],
      [[0xff], 0],
    ];
    for (const [bytes, expected] of cases) {
      expect(firstInvalidUtf8(Uint8Array.from(bytes)), bytes.join(',')).toBe(expected);
      expect(isUtf8(Uint8Array.from(bytes))).toBe(expected === -1);
    }
    expect(decodeUtf8Strict(Buffer.from('\uFEFFname: x'), 'f')).toBe('name: x');
  });

  it('refuses a file with invalid UTF-8 or a NUL through the CLI, with the line and byte, and imports nothing', async () => {
    const lines = SAMPLE_YAML.split('\n');
    const broken = Buffer.concat([
      Buffer.from(`${lines.slice(0, 2).join('\n')}\n  caf`),
      Buffer.from([0xe9]), // Latin-1 "é"
      Buffer.from(`\n${lines.slice(2).join('\n')}`),
    ]);
    writeFileSync(join(temp.dir, 'latin1.yaml'), broken);
    const latin1 = await cli('definitions', 'import', 'latin1.yaml');
    expect(latin1.code).not.toBe(0);
    expect(latin1.err.join('\n')).toMatch(/latin1\.yaml is not valid UTF-8 text: line 3, byte 6 \(0xe9\)/);

    writeFileSync(join(temp.dir, 'nul.yaml'), SAMPLE_YAML.replace('name: Council', 'name: Coun\0cil'));
    const nul = await cli('definitions', 'import', 'nul.yaml');
    expect(nul.code).not.toBe(0);
    expect(nul.err.join('\n')).toMatch(/nul\.yaml contains a NUL character at line 1, byte 11/);
    const listed = await cli('definitions', 'list');
    expect(listed.out).toEqual([]);
  });

  it('refuses NUL characters and deep nesting in the core, quickly and with a sentence', async () => {
    const h = await startHarness({ startScheduler: false });
    try {
      const importText = (fileName: string, text: string) =>
        callRoute(h.core.dispatch, 'definitions.import', { fileName, text });
      await expect(
        importText('n.yaml', SAMPLE_YAML.replace('template: |', 'template: |\n  a\0b')),
      ).rejects.toMatchObject({
        code: 'DEFINITION_INVALID',
        message: expect.stringMatching(/line 11: a NUL character at column 4/),
      });
      for (const [fileName, text] of [
        ['deep.json', `{"name":"x","dimensions":${'['.repeat(200_000)}${']'.repeat(200_000)}}`],
        ['deep.yaml', `name: x\ndimensions: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`],
      ] as const) {
        const started = Date.now();
        await expect(importText(fileName, text)).rejects.toMatchObject({
          code: 'DEFINITION_TOO_COMPLEX',
          message: expect.stringMatching(/nests lists or mappings thousands of levels deep/),
        });
        expect(Date.now() - started).toBeLessThan(5000);
      }
    } finally {
      await h.stop();
    }
  });
});
