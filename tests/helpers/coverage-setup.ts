/**
 * vitest globalSetup (the node project). When this run measures coverage (--coverage): clears raw browser coverage
 * left by an earlier run, so a stale run never counts toward the renderer gate, and tells the browser tests where to
 * write theirs (tests/helpers/renderer-coverage.ts).
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export const E2E_RAW_DIR = fileURLToPath(new URL('../../coverage/e2e-raw', import.meta.url));

export default function setup(project: TestProject): void {
  const measuring = project.vitest.config.coverage.enabled;
  // Only a measuring run clears (and refills) the folder: a plain run beside it must not delete its files.
  if (measuring) rmSync(E2E_RAW_DIR, { recursive: true, force: true });
  project.provide('rendererCoverageDir', measuring ? E2E_RAW_DIR : '');
}
