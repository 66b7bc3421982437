import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportWorkerFile } from '../../src/main/core/export/runner';

const root = join(__dirname, '..', '..');
const builder = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  npmRebuild: boolean;
  files: string[];
  extraResources: { from: string; to: string; filter?: string[] }[];
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  author: { name: string; email: string };
  homepage: string;
  scripts: Record<string, string>;
};

describe('packaging configuration', () => {
  it('ships the Electron build of better-sqlite3 made by ensure-native, never the Node one, and does not rebuild', () => {
    expect(builder.npmRebuild).toBe(false);
    expect(builder.extraResources).toContainEqual({
      from: '.native/electron',
      to: 'native',
      filter: ['better_sqlite3.node'],
    });
    expect(builder.files).toContain('!node_modules/better-sqlite3/build/**');
    expect(pkg.scripts.dist).toMatch(
      /^node scripts\/ensure-native\.mjs electron && electron-vite build && electron-builder/,
    );
  });
  it('has the Python worker, migrations and installers for every OS, and deb metadata', () => {
    expect(builder.extraResources.map((r) => r.to)).toEqual(expect.arrayContaining(['python', 'migrations', 'native']));
    expect(builder.linux.target).toEqual(['AppImage', 'deb']);
    expect(builder.mac.target).toEqual(['dmg']);
    expect(builder.win.target).toEqual(['nsis']);
    expect(pkg.author.email).toMatch(/@/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    for (const size of [16, 32, 256, 512, 1024])
      expect(existsSync(join(root, 'resources', 'icons', `${size}x${size}.png`))).toBe(true);
  });
  it('emits the export worker beside the main bundle, where the packaged app looks for it', () => {
    // npm test builds with electron-vite first; the same relative layout is what app.asar holds (out/main/…).
    const main = join(root, 'out', 'main', 'index.js');
    if (!existsSync(main)) throw new Error('run "npx electron-vite build" first');
    expect(exportWorkerFile(main)).toBe(join(root, 'out', 'main', 'export-worker.js'));
    expect(exportWorkerFile(join(root, 'out', 'main', 'chunks', 'x.js'))).toBe(
      join(root, 'out', 'main', 'export-worker.js'),
    );
  });
});
