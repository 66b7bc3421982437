/** The run page's batch panel: nothing for a real-time run; for a batch run each chunk and the plain sentence. */
import { act, createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { BatchChunkView } from '../../src/shared/batch';
import { BATCH_QUEUE_RESENT_SENTENCE, BATCH_RUN_SENTENCE } from '../../src/shared/batch';
import { RunBatchesPanel } from '../../src/renderer/src/components/RunBatchesPanel';
import { BatchModeOption, batchRefusals } from '../../src/renderer/src/components/BatchModeOption';
import { RUN_POLL_INTERVAL_MS } from '../../src/renderer/src/data/runs';
import { fakeCore, mount, settle } from './harness';

const chunk: BatchChunkView = {
  id: 'bch_1',
  runId: 'run_1',
  chunkNo: 1,
  providerId: 'anthropic',
  modelKey: 'anthropic:claude-3-5-haiku',
  state: 'submitted',
  providerStatus: 'in_progress',
  batchId: 'msgbatch_1',
  requests: 40,
  succeeded: 0,
  errored: 0,
  expired: 0,
  cancelled: 0,
  duplicates: 0,
  cancelRequested: false,
  createdAt: new Date(Date.now() - 3_600_000).toISOString(),
  submittedAt: new Date(Date.now() - 3_600_000).toISOString(),
  expiresAt: new Date(Date.now() + 23 * 3_600_000).toISOString(),
  endedAt: null,
  collectedAt: null,
  estimatedCostUsd: 0.02,
  actualCostUsd: 0,
  lastError: 'Network error contacting 127.0.0.1: connection refused',
  estimatedInputTokens: 900,
  waiting: null,
  queueRefused: false,
};

describe('RunBatchesPanel', () => {
  it('shows nothing for a run without batches', async () => {
    const core = fakeCore(() => []);
    const root = mount(core.store, createElement(RunBatchesPanel, { runId: 'run_1' }));
    await settle();
    expect(root.querySelector('[data-testid="run-batches"]')).toBeNull();
    expect(core.calls).toEqual([{ route: 'batches.list', input: { runId: 'run_1' } }]);
  });

  it('shows each chunk with its counts, time left and cost, the sentence and the last error', async () => {
    const core = fakeCore(() => [chunk]);
    const root = mount(core.store, createElement(RunBatchesPanel, { runId: 'run_1' }));
    await settle();
    const panel = root.querySelector('[data-testid="run-batches"]')!;
    expect(panel.textContent).toContain(BATCH_RUN_SENTENCE);
    const row = panel.querySelector('[data-testid="batch-chunk"]')!;
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells).toEqual([
      '1',
      'anthropic:claude-3-5-haiku',
      'submitted (in_progress)',
      '40',
      '0',
      '0 / 0 / 0',
      '0',
      '60 min',
      '23 h',
      '$0.02',
      '$0',
    ]);
    expect(panel.textContent).toContain('connection refused');
    // Nothing ended partly done: no mixed finish offered.
    expect(panel.querySelector('[data-testid="batch-finish-realtime"]')).toBeNull();
  });

  it('says why an unsent chunk waits for the provider’s queue', async () => {
    const waiting = "waiting for the provider's queue: 1,200 of 2,000 enqueued tokens in use";
    const unsent: BatchChunkView = {
      ...chunk,
      id: 'bch_2',
      chunkNo: 2,
      state: 'outbox',
      providerStatus: null,
      waiting,
    };
    const core = fakeCore(() => [unsent, chunk]);
    const root = mount(core.store, createElement(RunBatchesPanel, { runId: 'run_1', pending: 80 }));
    await settle();
    const notes = root.querySelectorAll('[data-testid="batch-chunk-waiting"]');
    expect([...notes].map((n) => n.textContent)).toEqual([waiting]);
    expect(root.querySelectorAll('[data-testid="batch-chunk"]')[0]!.textContent).toContain(`outbox${waiting}`);
  });

  const expired: BatchChunkView = { ...chunk, state: 'collected', succeeded: 30, expired: 10, lastError: null };

  it('offers to finish the remainder in real time once a batch expired partly done and jobs are pending', async () => {
    const core = fakeCore((route) =>
      route === 'batches.finishRealtime' ? { runId: 'run_1', realtimeJobs: 10 } : [expired],
    );
    const ended = mount(core.store, createElement(RunBatchesPanel, { runId: 'run_1', pending: 0 }));
    const root = mount(core.store, createElement(RunBatchesPanel, { runId: 'run_1', pending: 10 }));
    await settle();
    // A run with nothing pending (ended) is offered nothing.
    expect(ended.querySelector('[data-testid="batch-finish-realtime"]')).toBeNull();
    const button = root.querySelector<HTMLButtonElement>('[data-testid="batch-finish-realtime"]')!;
    expect(button.textContent).toBe('Finish the remainder in real time');
    await act(async () => button.click());
    await settle();
    expect(core.calls.filter((c) => c.route === 'batches.finishRealtime')).toEqual([
      { route: 'batches.finishRealtime', input: { runId: 'run_1' } },
    ]);
    expect(root.textContent).toContain('10 jobs are being sent in real time');
    expect(button.disabled).toBe(true);
  });

  it('does not offer the mixed finish for a batch refused for the provider’s queue: it says it is sent again', async () => {
    const refused: BatchChunkView = {
      ...chunk,
      state: 'failed',
      providerStatus: 'failed',
      lastError:
        "The provider's queue for this model was full (token_limit_exceeded): sent again once earlier batches end",
      queueRefused: true,
    };
    const core = fakeCore(() => [refused]);
    const root = mount(core.store, createElement(RunBatchesPanel, { runId: 'run_1', pending: 40 }));
    await settle();
    expect(root.querySelector('[data-testid="batch-finish-realtime"]')).toBeNull();
    expect(root.querySelector('[data-testid="batch-chunk-resent"]')!.textContent).toBe(BATCH_QUEUE_RESENT_SENTENCE);
    expect(root.textContent).not.toContain('tried again later');
    // Beside a batch that really expired partly done, the offer comes back.
    const both = fakeCore(() => [refused, expired]);
    const mixed = mount(both.store, createElement(RunBatchesPanel, { runId: 'run_1', pending: 40 }));
    await settle();
    expect(mixed.querySelector('[data-testid="batch-finish-realtime"]')).not.toBeNull();
  });

  it('once the remainder was sent in real time (recorded in the run), says so instead of offering it again', async () => {
    const core = fakeCore(() => [expired]);
    const root = mount(
      core.store,
      createElement(RunBatchesPanel, { runId: 'run_1', pending: 10, finishRealtimeAt: '2026-01-01T10:00:00.000Z' }),
    );
    await settle();
    expect(root.querySelector('[data-testid="batch-finish-realtime"]')).toBeNull();
    expect(root.querySelector('[data-testid="batch-finishing-realtime"]')!.textContent).toContain(
      'The remainder is sent in real time',
    );
  });

  it('a live batch run with no chunk yet shows its chunks once a collection pass has planned them', async () => {
    vi.useFakeTimers();
    let chunks: BatchChunkView[] = [];
    const core = fakeCore(() => chunks);
    const root = mount(core.store, createElement(RunBatchesPanel, { runId: 'run_1', pending: 40 }));
    await settle();
    expect(root.querySelector('[data-testid="run-batches"]')).toBeNull();
    // Polled while the run is live (a browser session gets no pushed events), as well as read on progress events.
    chunks = [chunk];
    await act(async () => void vi.advanceTimersByTime(RUN_POLL_INTERVAL_MS));
    await settle();
    expect(root.querySelectorAll('[data-testid="batch-chunk"]')).toHaveLength(1);
    vi.useRealTimers();
  });

  it('shows why the core refused to finish in real time', async () => {
    const core = fakeCore((route) => {
      if (route === 'batches.finishRealtime')
        throw Object.assign(new Error('Only a batch run that has not ended can finish in real time.'), {
          code: 'RUN_NOT_CONTROLLABLE',
        });
      return [{ ...expired, state: 'failed', expired: 0 }];
    });
    const root = mount(core.store, createElement(RunBatchesPanel, { runId: 'run_1', pending: 4 }));
    await settle();
    await act(async () => root.querySelector<HTMLButtonElement>('[data-testid="batch-finish-realtime"]')!.click());
    await settle();
    expect(root.textContent).toContain('Only a batch run that has not ended can finish in real time.');
  });
});

describe('BatchModeOption', () => {
  const gpt = { providerId: 'openai' as const, modelId: 'gpt-4o-mini', modelVersion: null };
  const grok = { providerId: 'xai' as const, modelId: 'grok-2', modelVersion: null };

  it('is offered when every chosen provider runs batches, and says why not otherwise', () => {
    expect(batchRefusals([gpt])).toEqual([]);
    expect(batchRefusals([gpt, grok, grok])).toEqual(['xai: batch mode for this provider is not supported yet']);
    const core = fakeCore(() => null);
    const offered = mount(
      core.store,
      createElement(BatchModeOption, { models: [gpt], checked: true, onChange: () => {} }),
    );
    expect(offered.querySelector('input')!.disabled).toBe(false);
    expect(offered.textContent).toContain(BATCH_RUN_SENTENCE);
    const refused = mount(
      core.store,
      createElement(BatchModeOption, { models: [gpt, grok], checked: true, onChange: () => {} }),
    );
    expect(refused.querySelector('input')!.disabled).toBe(true);
    expect(refused.querySelector('input')!.checked).toBe(false);
    expect(refused.textContent).toContain('xai: batch mode for this provider is not supported yet');
  });

  it('with the run’s options, says which model’s batch endpoint would refuse which option', () => {
    const haiku = { providerId: 'anthropic' as const, modelId: 'claude-3-5-haiku-latest', modelVersion: null };
    const options = { temperature: 1.5, maxTokens: null };
    expect(batchRefusals([gpt, haiku], options)).toEqual([
      'anthropic:claude-3-5-haiku-latest: temperature 1.5: this provider accepts 0 to 1',
    ]);
    expect(batchRefusals([gpt], options)).toEqual([]);
    const core = fakeCore(() => null);
    const root = mount(
      core.store,
      createElement(BatchModeOption, { models: [gpt, haiku], options, checked: true, onChange: () => {} }),
    );
    expect(root.querySelector('input')!.disabled).toBe(true);
    expect(root.textContent).toContain('temperature 1.5: this provider accepts 0 to 1');
  });
});
