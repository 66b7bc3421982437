/**
 * vitest globalSetup (the node project): clears raw browser coverage left by an earlier run, so a stale run never
 * counts toward the renderer gate, and, when this run measures coverage, tells the browser tests where to write theirs
 * (tests/helpers/renderer-coverage.ts).
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export const E2E_RAW_DIR = fileURLToPath(new URL('../../coverage/e2e-raw', import.meta.url));

export default function setup(project: TestProject): void {
  rmSync(E2E_RAW_DIR, { recursive: true, force: true });
  project.provide('rendererCoverageDir', project.vitest.config.coverage.enabled ? E2E_RAW_DIR : '');
}
