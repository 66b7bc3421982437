/** Starts a real core (SQLite file, Python workers) against the fake provider on loopback, for integration tests. */
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { createMemoryLogger } from './memory';
import { isTerminalRunStatus, type RunDetail } from '../../src/shared/domain';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { SAMPLE_YAML } from './db';
import { makeTempDir } from './temp';

export interface CoreHarness {
  core: Core;
  fake: FakeProvider;
  dataDir: string;
  logLines: string[];
  importSample(): Promise<string>;
  waitForRun(runId: string, timeoutMs?: number): Promise<RunDetail>;
  stop(): Promise<void>;
}

export const FAST_SCHEDULER: NonNullable<CoreOptions['scheduler']> = {
  pollMs: 50,
  leaseMs: 2000,
  // A request the fake provider holds stays held until the test releases it, however slow the machine: a test of the
  // job timeout sets its own.
  jobTimeoutMs: 60_000,
  retry: { baseMs: 20, maxMs: 200, maxRetryAfterMs: 1500 },
};

export async function startHarness(
  options: Partial<CoreOptions> & { fake?: FakeProvider; dataDir?: string } = {},
): Promise<CoreHarness> {
  const fake = options.fake ?? (await startFakeProvider());
  const temp = options.dataDir ? null : makeTempDir();
  const dataDir = options.dataDir ?? temp!.dir;
  const env = {
    OPENAI_BASE_URL: `${fake.url}/v1`,
    OPENAI_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: fake.url,
    GEMINI_BASE_URL: fake.url,
  };
  const { logger, lines } = createMemoryLogger(() => ['test-key']);
  const core = await createCore({
    dataDir,
    env,
    workerCount: 1,
    logger,
    ...options,
    scheduler: { ...FAST_SCHEDULER, ...options.scheduler },
  });
  return {
    core,
    fake,
    dataDir,
    logLines: lines,
    async importSample() {
      const result = await callRoute(core.dispatch, 'definitions.import', {
        fileName: 'council-housing.yaml',
        text: SAMPLE_YAML,
      });
      return result.definition.id;
    },
    async waitForRun(runId, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = core.internals.runs.get(runId);
        if (isTerminalRunStatus(run.status)) return run;
        if (Date.now() > deadline)
          throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms: ${JSON.stringify(run.progress)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      // Requests a test left held would otherwise keep the scheduler's drain waiting.
      fake.open();
      await core.close();
      if (!options.fake) await fake.close();
      temp?.cleanup();
    },
  };
}
