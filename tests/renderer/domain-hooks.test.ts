/**
 * The domain hooks over the read and mutation hooks, against a core the test answers: what each reads, what each
 * change keeps and refreshes, and the client state kept in zustand (the run filter, the import notice, re-checks).
 */
import { act, createElement, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useImportDefinition } from '../../src/renderer/src/data/definitions';
import { mergeCheck, useCatalog, useHealthReport, useProviderCheck } from '../../src/renderer/src/data/health';
import { useRelatedRuns, useSummary } from '../../src/renderer/src/data/results';
import { useExportRun, useStartDrag } from '../../src/renderer/src/data/export';
import { isProviderReady, useProviders, useSaveProvider } from '../../src/renderer/src/data/providers';
import {
  useDefinitionRuns,
  useRun,
  useRunControl,
  useRunList,
  useRunPage,
  useRunPreview,
  useTranscriptLevels,
  useTranscripts,
} from '../../src/renderer/src/data/runs';
import { usePreferences, usePythonInUse, useSavePreferences, useSavePrice } from '../../src/renderer/src/data/settings';
import { useNotices } from '../../src/renderer/src/stores/notices';
import { readResource } from '../../src/renderer/src/stores/resource';
import { useRunFilter } from '../../src/renderer/src/stores/run-filter';
import type { ProviderSettingsView } from '../../src/shared/domain';
import type { HealthReport } from '../../src/shared/providers';
import { fakeCore, mount, probe, settle } from './harness';

const run = (id: string, createdAt: string, status: string, definitionId = 'd1') => ({
  id,
  createdAt,
  status,
  definitionId,
});

describe('runs', () => {
  it('lists runs newest first with the saved status filter, polling while one is going', async () => {
    vi.useFakeTimers();
    let status = 'running';
    const core = fakeCore(() => [run('a', '2026-01-01', 'completed'), run('b', '2026-02-01', status, 'd2')]);
    act(() => useRunFilter.getState().setFilter('all'));
    const list = probe(() => useRunList());
    const ofDefinition = probe(() => useDefinitionRuns('d1'));
    mount(core.store, createElement('div', null, createElement(list.Probe), createElement(ofDefinition.Probe)));
    await settle();
    expect(list.current?.data?.map((r) => r.id)).toEqual(['b', 'a']);
    expect(ofDefinition.current?.data?.map((r) => r.id)).toEqual(['a']);
    const before = core.count('runs.list');
    status = 'completed';
    await act(async () => void vi.advanceTimersByTime(5000));
    await settle();
    expect(core.count('runs.list')).toBe(before + 1);
    await act(async () => void vi.advanceTimersByTime(20_000));
    expect(core.count('runs.list')).toBe(before + 1);

    act(() => useRunFilter.getState().setFilter('failed'));
    await settle();
    expect(core.calls.at(-1)).toEqual({ route: 'runs.list', input: { status: 'failed', archived: 'include' } });
    expect(window.localStorage.getItem('valuerank.runs.filter')).toBe('failed');
    act(() => useRunFilter.getState().setFilter('all'));
    await settle();
  });

  it('keeps the run a control answers with, and asks for a preview once the choices stop changing', async () => {
    vi.useFakeTimers();
    const core = fakeCore((route, input) =>
      route === 'runs.preview'
        ? { scenarios: Number(input.samplePercentage), estimate: null }
        : { id: input.id, status: route },
    );
    const control = probe(() => useRunControl());
    const preview = probe(() => {
      const [percentage, setPercentage] = useState(10);
      return {
        setPercentage,
        preview: useRunPreview({ definitionId: 'd1', samplePercentage: percentage, sampleSeed: 1 }),
      };
    });
    mount(core.store, createElement('div', null, createElement(control.Probe), createElement(preview.Probe)));
    await act(async () => void (await control.current!('r1', 'cancel')));
    expect(readResource(core.store.getState(), 'runs.get', { id: 'r1' }).data).toEqual({
      id: 'r1',
      status: 'runs.cancel',
    });
    await settle();
    expect(preview.current?.preview).toEqual({ scenarios: 10, estimate: null });

    // While the choices change, no figure (never one for other choices), and no call until they stop.
    act(() => preview.current!.setPercentage(20));
    act(() => preview.current!.setPercentage(30));
    expect(preview.current?.preview).toBeNull();
    expect(core.count('runs.preview')).toBe(1);
    await act(async () => void vi.advanceTimersByTime(150));
    await settle();
    expect(core.count('runs.preview')).toBe(2);
    expect(preview.current?.preview).toEqual({ scenarios: 30, estimate: null });
  });

  it('re-reads a summary and related runs when their version changes', async () => {
    const core = fakeCore((route) => ({ route }));
    const reads = probe(() => {
      const [version, setVersion] = useState(1);
      return { setVersion, summary: useSummary('r1', version), related: useRelatedRuns('r1', version) };
    });
    mount(core.store, createElement(reads.Probe));
    await settle();
    expect(core.count('results.summary')).toBe(1);
    expect(core.count('runs.related')).toBe(1);
    act(() => reads.current!.setVersion(2));
    await settle();
    expect(core.count('results.summary')).toBe(2);
    expect(core.count('runs.related')).toBe(2);
    expect(reads.current?.summary.data).toEqual({ route: 'results.summary' });
  });
});

describe('definitions', () => {
  it('imports a file: the definition is kept as opened, the notice says so, the list is refreshed', async () => {
    const definition = { id: 'd9', name: 'Housing' };
    const core = fakeCore((route) =>
      route === 'definitions.list' ? [] : { definition, alreadyImported: route === 'definitions.importSample' },
    );
    const importer = probe(() => useImportDefinition());
    mount(core.store, createElement(importer.Probe));
    await act(async () => void (await importer.current!.importFile('housing.yaml', 'name: Housing')));
    expect(readResource(core.store.getState(), 'definitions.get', { id: 'd9' }).data).toEqual(definition);
    expect(useNotices.getState().lastImport).toEqual({
      definitionId: 'd9',
      fileName: 'housing.yaml',
      alreadyImported: false,
    });
    await act(async () => void (await importer.current!.importSample('sample.yaml')));
    expect(useNotices.getState().lastImport?.alreadyImported).toBe(true);
    act(() => useNotices.getState().dismissImport());
    expect(useNotices.getState().lastImport).toBeNull();
  });
});

const report = (providers: { providerId: string; status: string }[]): HealthReport =>
  ({
    providers,
    database: { ok: true },
    pythonWorker: { status: 'online' },
    readyToRun: false,
  }) as unknown as HealthReport;

describe('health', () => {
  it('merges one provider’s re-check into the report and re-checks only providers it does not cover', async () => {
    const core = fakeCore((route, input) => {
      if (route === 'models.list') return { providers: [], refreshed: input.refresh };
      const ids = (input.providerIds as string[] | undefined) ?? ['openai', 'google'];
      return report(ids.map((providerId) => ({ providerId, status: providerId === 'google' ? 'connected' : 'error' })));
    });
    const health = probe(() => useHealthReport());
    const checks = probe(() => useProviderCheck());
    const catalog = probe(() => useCatalog());
    mount(
      core.store,
      createElement(
        'div',
        null,
        createElement(health.Probe),
        createElement(checks.Probe),
        createElement(catalog.Probe),
      ),
    );
    await settle();
    expect(health.current?.data?.readyToRun).toBe(false);
    await act(async () => void (await checks.current!.checkOne('google')));
    expect(health.current?.data?.providers.find((p) => p.providerId === 'google')?.status).toBe('connected');
    expect(health.current?.data?.readyToRun).toBe(true);
    act(() => checks.current!.checkUnknown(['openai', 'anthropic']));
    await settle();
    expect(core.calls.filter((c) => c.route === 'health.check').map((c) => c.input)).toEqual([
      {},
      { providerIds: ['google'] },
      { providerIds: ['anthropic'] },
    ]);
    await act(async () => catalog.current!.askProviders());
    expect(catalog.current?.data).toEqual({ providers: [], refreshed: true });
    expect(mergeCheck(null, report([]))).toEqual(report([]));
  });
});

describe('settings', () => {
  it('keeps saved preferences and prices, and looks up the Python in use again after a save', async () => {
    const core = fakeCore((route, input) => {
      if (route === 'preferences.save') return { costConfirmThresholdUsd: input.costConfirmThresholdUsd };
      if (route === 'prices.save') return [{ modelId: input.modelId }];
      if (route === 'system.python') return { command: 'python3' };
      return { costConfirmThresholdUsd: null };
    });
    const prefs = probe(() => usePreferences());
    const python = probe(() => usePythonInUse());
    const save = probe(() => useSavePreferences());
    const price = probe(() => useSavePrice());
    mount(
      core.store,
      createElement(
        'div',
        null,
        createElement(prefs.Probe),
        createElement(python.Probe),
        createElement(save.Probe),
        createElement(price.Probe),
      ),
    );
    await settle();
    await act(async () => void (await save.current!.run({ costConfirmThresholdUsd: 5 }, 'Saved.')));
    expect(prefs.current?.data).toEqual({ costConfirmThresholdUsd: 5 });
    expect(core.count('system.python')).toBe(2);
    await act(
      async () =>
        void (await price.current!.mutate({
          providerId: 'openai',
          modelId: 'm',
          modelVersion: null,
          inputUsdPerMTok: 1,
          outputUsdPerMTok: 2,
        })),
    );
    expect(readResource(core.store.getState(), 'prices.list', {}).data).toEqual([{ modelId: 'm' }]);
  });
});

describe('providers, the run page, export', () => {
  it('saves a provider and reads the list again; a provider without a needed key is not ready', async () => {
    const core = fakeCore((route) =>
      route === 'providers.list' ? [{ providerId: 'openai' }] : { providerId: 'openai' },
    );
    const providers = probe(() => useProviders());
    const save = probe(() => useSaveProvider());
    mount(core.store, createElement('div', null, createElement(providers.Probe), createElement(save.Probe)));
    await settle();
    await act(async () => void (await save.current!.mutate({ providerId: 'openai', apiKey: 'sk-1' })));
    expect(core.count('providers.list')).toBe(2);
    const provider = { keyRequired: true, keySource: 'none' } as ProviderSettingsView;
    expect(isProviderReady(provider)).toBe(false);
    expect(isProviderReady({ ...provider, keySource: 'environment' })).toBe(true);
  });

  it('records the run page as viewed, watches the run and refreshes its transcripts after each fetch', async () => {
    const core = fakeCore((route, input) =>
      route === 'runs.get'
        ? { id: input.id, status: 'completed', progress: { running: 0 } }
        : route === 'runs.transcripts'
          ? []
          : { viewed: true },
    );
    const page = probe(() => ({ run: useRunPage('r1'), known: useRun('r1'), transcripts: useTranscripts('r1') }));
    mount(core.store, createElement(page.Probe));
    await settle();
    expect(core.calls.filter((c) => c.route === 'runs.viewed')).toEqual([
      { route: 'runs.viewed', input: { id: 'r1' } },
    ]);
    expect(page.current?.known.data).toMatchObject({ status: 'completed' });
    expect(core.count('runs.transcripts')).toBeGreaterThanOrEqual(2);
  });

  it('asks for the level counts with the whole filter, and again after each fetch of a watched run', async () => {
    const levels = [{ name: 'Stakes', levels: [{ score: 1, label: 'low', transcripts: 3 }] }];
    const core = fakeCore((route, input) =>
      route === 'transcripts.levels'
        ? levels
        : route === 'runs.get'
          ? { id: input.id, status: 'completed', progress: { running: 0 } }
          : { viewed: true },
    );
    const filter = { model: 'm', scenario: ['s1'], levels: { Stakes: [1] } };
    const page = probe(() => ({ run: useRunPage('r1'), levels: useTranscriptLevels('r1', filter) }));
    mount(core.store, createElement(page.Probe));
    await settle();
    expect(page.current?.levels.data).toEqual(levels);
    expect(core.calls.find((c) => c.route === 'transcripts.levels')?.input).toEqual({ runId: 'r1', ...filter });
    expect(core.count('transcripts.levels')).toBeGreaterThanOrEqual(2);
  });

  it('exports through the format’s route and drags a saved file through the drag route', async () => {
    const core = fakeCore((route) =>
      route === 'export.drag' ? { started: true } : { fileName: route === 'export.csv' ? 'a.csv' : '', path: null },
    );
    const exporter = probe(() => ({ run: useExportRun(), drag: useStartDrag() }));
    mount(core.store, createElement(exporter.Probe));
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const outcome = await act(() => exporter.current!.run('r1', { format: 'csv', includeFailures: false, raw: false }));
    expect(outcome).toMatchObject({ kind: 'download-started', url: '/api/export/bundle/a.csv.zip' });
    expect(clicked).toEqual(['a.csv.zip']);
    await expect(
      act(() => exporter.current!.run('r1', { format: 'jsonl', includeFailures: true, raw: false })),
    ).rejects.toThrow('no file name');
    click.mockRestore();
    act(() => exporter.current!.drag('/tmp/a.csv'));
    await settle();
    expect(core.calls.at(-1)).toEqual({ route: 'export.drag', input: { path: '/tmp/a.csv' } });
  });
});
