/** The contract is assembled from one file per route prefix: each file holds only its prefix, and no name repeats. */
import { describe, expect, it } from 'vitest';
import { definitionPreviewRoutes } from '../../src/shared/ipc/definition-preview';
import { batchRoutes } from '../../src/shared/ipc/batches';
import { dataRoutes } from '../../src/shared/ipc/data';
import { definitionRoutes } from '../../src/shared/ipc/definitions';
import { exportRoutes, EXPORT_ROUTE_BY_FORMAT } from '../../src/shared/ipc/export';
import { healthRoutes } from '../../src/shared/ipc/health';
import { modelRoutes } from '../../src/shared/ipc/models';
import { preferenceRoutes } from '../../src/shared/ipc/preferences';
import { priceRoutes } from '../../src/shared/ipc/prices';
import { providerRoutes } from '../../src/shared/ipc/providers';
import { resultRoutes } from '../../src/shared/ipc/results';
import { runRoutes } from '../../src/shared/ipc/runs';
import { studyRoutes } from '../../src/shared/ipc/studies';
import { systemRoutes } from '../../src/shared/ipc/system';
import { transcriptRoutes } from '../../src/shared/ipc/transcripts';
import { isRouteName, routes, type Handlers } from '../../src/shared/ipc';
import { exactHandlers } from '../../src/main/core/ipc/dispatch';
import { EXPORT_FORMATS } from '../../src/shared/export';

const byPrefix: Record<string, object> = {
  batches: batchRoutes,
  data: dataRoutes,
  // The editor's preview route has its own file beside the other definitions routes (same prefix).
  definitions: { ...definitionRoutes, ...definitionPreviewRoutes },
  export: exportRoutes,
  health: healthRoutes,
  models: modelRoutes,
  preferences: preferenceRoutes,
  prices: priceRoutes,
  providers: providerRoutes,
  results: resultRoutes,
  runs: runRoutes,
  studies: studyRoutes,
  system: systemRoutes,
  transcripts: transcriptRoutes,
};

describe('the route map', () => {
  it('takes each route from the file named by its prefix, and every file only from its prefix', () => {
    for (const [prefix, group] of Object.entries(byPrefix)) {
      for (const name of Object.keys(group)) expect(name.split('.')[0], `${name} in ${prefix}.ts`).toBe(prefix);
    }
  });

  it('has every route of every file exactly once (a repeated name would silently replace another)', () => {
    const all = Object.values(byPrefix).flatMap((group) => Object.keys(group));
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(routes).sort()).toEqual([...all].sort());
  });

  it('names an export route for every format', () => {
    for (const format of EXPORT_FORMATS) expect(isRouteName(EXPORT_ROUTE_BY_FORMAT[format])).toBe(true);
    expect(isRouteName('toString')).toBe(false);
  });

  it('parses run options once, with defaults and the reason a value is refused', () => {
    const create = routes['runs.create'].input;
    const parsed = create.parse({ definitionId: 'd', models: [{ providerId: 'openai', modelId: 'm' }] });
    expect(parsed.options).toEqual({
      samplePercentage: 100,
      sampleSeed: null,
      samples: 1,
      temperature: null,
      maxTokens: null,
      maxCost: null,
    });
    const bad = create.safeParse({
      definitionId: 'd',
      models: [{ providerId: 'openai', modelId: 'm' }],
      options: { temperature: 5, samplePercentage: 150, samples: 21 },
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toContain('temperature can be at most 2');
    expect(messages).toContain('the sample can be at most 100%');
    expect(messages).toContain('samples can be at most 20');
    const model = [{ providerId: 'openai', modelId: 'm' }];
    const messageOf = (samples: number) =>
      create.safeParse({ definitionId: 'd', models: model, options: { samples } }).error?.issues[0]?.message;
    expect(messageOf(0)).toBe('samples must be at least 1');
    expect(messageOf(2.5)).toBe('samples must be a whole number');
    expect(create.parse({ definitionId: 'd', models: model, options: { samples: 20 } }).options.samples).toBe(20);
  });
});

describe('the handler map (checked by tsc: each @ts-expect-error below fails the typecheck if it stops being an error)', () => {
  const noop = async (): Promise<never> => {
    throw new Error('not called');
  };
  const all = Object.fromEntries(Object.keys(routes).map((name) => [name, noop])) as unknown as Handlers;

  it('accepts exactly the routes of the contract', () => {
    expect(Object.keys(exactHandlers(all)).sort()).toEqual(Object.keys(routes).sort());
    const { 'runs.get': _missing, ...withoutOne } = all;
    // @ts-expect-error a missing route does not compile
    exactHandlers(withoutOne);
    // @ts-expect-error an extra route does not compile either (an object spread alone would let it through)
    exactHandlers({ ...all, 'runs.extra': noop });
  });
});
