/** A real SQLite database in a temp directory with the sample definition imported: the base of most unit tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../src/main/core/db/open';
import { createDefinitionService, type DefinitionService } from '../../src/main/core/definitions/service';
import { devResourcePaths } from '../../src/main/core/paths';
import { createProviderSettings, type ProviderSettingsService } from '../../src/main/core/providers/settings';
import { createMemorySecretStore } from './memory';
import { createRun } from '../../src/main/core/runs/create';
import type { ProbeResult } from '../../src/main/core/python/protocol';
import type { ModelRef } from '../../src/shared/domain';
import { makeTempDir } from './temp';

export const SAMPLE_YAML = readFileSync(join(__dirname, '../../resources/definitions/council-housing.yaml'), 'utf8');

export interface TestDb {
  database: OpenedDatabase;
  definitions: DefinitionService;
  providers: ProviderSettingsService;
  definitionId: string;
  dir: string;
  newRun(
    models?: ModelRef[],
    extra?: {
      samplePercentage?: number;
      sampleSeed?: number | null;
      samples?: number;
      maxAttempts?: number;
      requestId?: string;
    },
  ): string;
  cleanup(): void;
}

export async function makeTestDb(
  env: Record<string, string | undefined> = { OPENAI_API_KEY: 'sk-test-1234' },
): Promise<TestDb> {
  const temp = makeTempDir();
  const database = await openDatabase({ dataDir: temp.dir, migrationsDir: devResourcePaths().migrationsDir });
  const definitions = createDefinitionService(database.sqlite);
  const providers = createProviderSettings(database.sqlite, createMemorySecretStore(), env);
  const definitionId = (await definitions.importText('council-housing.yaml', SAMPLE_YAML)).definition.id;
  return {
    database,
    definitions,
    providers,
    definitionId,
    dir: temp.dir,
    newRun(models = [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }], extra = {}) {
      return createRun(
        {
          sqlite: database.sqlite,
          definitions,
          providers,
          assertWorkerAvailable: () => undefined,
          maxAttempts: extra.maxAttempts ?? 3,
        },
        {
          definitionId,
          models,
          options: {
            samplePercentage: extra.samplePercentage ?? 100,
            sampleSeed: extra.sampleSeed ?? null,
            samples: extra.samples ?? 1,
            temperature: null,
            maxTokens: null,
            maxCost: null,
          },
          parentRunId: null,
          requestId: extra.requestId,
          test: false,
        },
      );
    },
    cleanup() {
      database.close();
      temp.cleanup();
    },
  };
}

export function probeResult(reply = 'Reasoning.\nRating: 4', score: number | null = 4): ProbeResult {
  return {
    turns: [
      { role: 'system', content: 'preamble' },
      { role: 'user', content: 'prompt' },
      { role: 'assistant', content: reply },
    ],
    reply,
    reportedModel: 'gpt-4o-mini-2024-07-18',
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    wordCount: reply.split(/\s+/).length,
    durationMs: 12,
    startedAt: new Date().toISOString(),
    completedAt: new Date().toISOString(),
    requestParams: { model: 'gpt-4o-mini', temperature: 0 },
    decision: {
      score,
      decision: score === null ? 'unparseable' : 'Somewhat support the tenants\u2019 request',
      parsePath: score === null ? 'unparseable' : 'explicit_rating',
      matched: null,
    },
  };
}
