/**
 * A real SQLite database for export tests: a definition whose labels, options and name hold commas, quotes, newlines,
 * emoji, Arabic and CJK text, runs over it, and helpers that finish jobs through the scheduler's own JobStore.
 */
import { openDatabase, type OpenedDatabase } from '../../src/main/core/db/open';
import { createDefinitionService, type DefinitionService } from '../../src/main/core/definitions/service';
import { devResourcePaths } from '../../src/main/core/paths';
import { createProviderSettings } from '../../src/main/core/providers/settings';
import { createMemorySecretStore } from './memory';
import type { ProbeResult } from '../../src/main/core/python/protocol';
import { RunControls } from '../../src/main/core/runs/controls';
import { createRun } from '../../src/main/core/runs/create';
import { JobStore, type ClaimedJob } from '../../src/main/core/store/jobs';
import type { ModelRef } from '../../src/shared/domain';
import { makeTempDir } from './temp';

export const TRICKY_YAML = `name: 'Tricky, "quoted" dilemma 🧪 — مرحبا 你好'
preamble: |
  Pick one answer and end with "Rating: N".
  2 - Yes, "definitely" 👍
  1 - No, 絶対に, لا
template: |
  Consider [Stakes] when the evidence is [Certainty].
dimensions:
  - name: Stakes
    levels:
      - { score: 1, label: 'low, "tiny"', options: ["a comma, a \\"quote\\"\\nand a newline"] }
      - { score: 2, label: 'عالية 高 🔥', options: ["مرحبا بالعالم 你好世界 🌍"] }
  - name: Certainty
    levels:
      - { score: 1, label: "weak\\nsecond line", options: ["a rumour"] }
      - { score: 2, label: strong, options: ["a signed report"] }
`;

export const GPT: ModelRef = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null };
export const PINNED: ModelRef = { providerId: 'openai', modelId: 'gpt-4o', modelVersion: 'gpt-4o-2024-08-06' };

export interface ExportDb {
  database: OpenedDatabase;
  definitions: DefinitionService;
  store: JobStore;
  controls: RunControls;
  definitionId: string;
  dir: string;
  newRun(models?: ModelRef[], sampleSeed?: number | null): string;
  /** Claims the next job and completes it with a tricky reply; null when nothing is left to claim. */
  completeNext(index?: number): ClaimedJob | null;
  /** Claims the next job and fails it for good with `message`. */
  failNext(code?: string, message?: string): ClaimedJob | null;
  cleanup(): void;
}

/** A reply and decision full of characters that break naive CSV writers. */
export function trickyResult(index: number): ProbeResult {
  const yes = index % 2 === 0;
  const reply = `Thinking, with "quotes", commas\nand lines — ${yes ? 'نعم' : '不'} 🤖\nRating: ${yes ? 2 : 1}`;
  return {
    turns: [
      { role: 'system', content: 'Pick one answer, "please".' },
      { role: 'user', content: `Prompt ${index} 你好` },
      { role: 'assistant', content: reply },
    ],
    reply,
    reportedModel: `model-"v${index % 2}", 版`,
    usage: { inputTokens: 100 + index, outputTokens: 20 + index, totalTokens: 120 + 2 * index },
    wordCount: reply.split(/\s+/).length,
    durationMs: 1000 + index,
    startedAt: '2025-12-07T10:00:00.000+00:00',
    completedAt: `2025-12-07T10:00:0${index % 10}.500+00:00`,
    requestParams: { model: 'gpt-4o-mini', temperature: 0, note: 'ü, "x"' },
    decision: {
      score: yes ? 2 : 1,
      decision: yes ? 'Yes, "definitely" 👍' : 'No, 絶対に, لا',
      parsePath: 'explicit_rating',
      matched: null,
    },
  };
}

export async function makeExportDb(): Promise<ExportDb> {
  const temp = makeTempDir('valuerank-export-');
  const database = await openDatabase({ dataDir: temp.dir, migrationsDir: devResourcePaths().migrationsDir });
  const definitions = createDefinitionService(database.sqlite);
  const providers = createProviderSettings(database.sqlite, createMemorySecretStore(), {
    OPENAI_API_KEY: 'sk-test-1234',
  });
  const definitionId = (await definitions.importText('tricky.yaml', TRICKY_YAML)).definition.id;
  const store = new JobStore(database.sqlite);
  let completed = 0;
  return {
    database,
    definitions,
    store,
    controls: new RunControls(database.sqlite),
    definitionId,
    dir: temp.dir,
    newRun(models = [GPT, PINNED], sampleSeed = 7) {
      return createRun(
        { sqlite: database.sqlite, definitions, providers, assertWorkerAvailable: () => undefined, maxAttempts: 1 },
        {
          definitionId,
          models,
          options: { samplePercentage: 100, sampleSeed, samples: 1, temperature: null, maxTokens: null, maxCost: null },
          parentRunId: null,
          test: false,
        },
      );
    },
    completeNext(index) {
      const job = store.claim('test', Date.now(), 60_000, []);
      if (!job) return null;
      store.complete(job, 'test', trickyResult(index ?? completed));
      completed += 1;
      return job;
    },
    failNext(code = 'PROVIDER_ERROR', message = 'HTTP 500: "upstream", broken\nsecond line 💥') {
      const job = store.claim('test', Date.now(), 60_000, []);
      if (!job) return null;
      store.release(
        job.id,
        'test',
        { code, message, retryable: false, at: new Date().toISOString(), attempt: 1 },
        null,
      );
      return job;
    },
    cleanup() {
      database.close();
      temp.cleanup();
    },
  };
}
