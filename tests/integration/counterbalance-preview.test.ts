/**
 * The editor's preview of a counterbalanced draft: the count and jobs multiply by the crossed factors and say how,
 * the page lists every variant in expansion order (what an import stores), the level filter keeps the variants, and
 * a reversed scenario's system message shows the mirrored scale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startHarness, type CoreHarness } from '../helpers/core';

const MINI = { providerId: 'openai' as const, modelId: 'gpt-4o-mini', modelVersion: null };
const TEXT = readFileSync(join(__dirname, '../fixtures/definitions/valid/counterbalanced.yaml'), 'utf8');

describe('definitions.preview with counterbalancing', () => {
  let h: CoreHarness;
  beforeAll(async () => {
    h = await startHarness({ startScheduler: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('counts, pages and shows the variants as an import stores them', async () => {
    const result = await callRoute(h.core.dispatch, 'definitions.preview', { text: TEXT, models: [MINI], samples: 2 });
    expect(result.ok).toBe(true);
    // 4 combinations × 2 wordings (the most options of a level) × 2 orders.
    expect(result.scenarioCount).toBe(16);
    expect(result.jobs).toBe(32);
    expect(result.design).toBe('4 combinations × 2 wordings × 2 orders');
    expect(result.estimate).not.toBeNull();
    const imported = await callRoute(h.core.dispatch, 'definitions.import', { fileName: 'cb.yaml', text: TEXT });
    const stored = await callRoute(h.core.dispatch, 'definitions.scenarios', { definitionId: imported.definition.id });
    expect(result.page.rows.map((r) => [r.id, r.ordinal])).toEqual(stored.map((s) => [s.id, s.ordinal]));
    expect(result.page.rows.slice(0, 4).map((r) => r.id)).toEqual([
      'Friend1_Need1_w1',
      'Friend1_Need1_w1_rev',
      'Friend1_Need1_w2',
      'Friend1_Need1_w2_rev',
    ]);

    const filtered = await callRoute(h.core.dispatch, 'definitions.preview', { text: TEXT, filter: { Need: 2 } });
    expect(filtered.page.total).toBe(8);
    expect(filtered.page.rows.every((r) => r.dimensions.Need?.score === 2)).toBe(true);
    expect(filtered.page.rows.map((r) => r.id)).toEqual(stored.filter((s) => s.id.includes('Need2')).map((s) => s.id));

    const reversed = await callRoute(h.core.dispatch, 'definitions.preview', {
      text: TEXT,
      selected: 'Friend2_Need2_w2_rev',
    });
    expect(reversed.selected?.name).toMatch(/wording 2, reversed scale$/);
    expect(reversed.selected?.system).toContain('1 - Help the stranger');
    expect(reversed.selected?.system).toContain('5 - Keep the promise');
    expect(reversed.selected?.user).toContain('a friend of twenty years');
    const canonical = await callRoute(h.core.dispatch, 'definitions.preview', {
      text: TEXT,
      selected: 'Friend2_Need2_w1',
    });
    expect(canonical.selected?.system).toContain('1 - Keep the promise');
    expect(canonical.selected?.user).toContain('your closest friend');
    const unknown = await callRoute(h.core.dispatch, 'definitions.preview', {
      text: TEXT,
      selected: 'Friend2_Need2_w9',
    });
    expect(unknown.selected?.id).toBe('Friend1_Need1_w1');
  });

  it('names a rotated wording and a half-reversed order without multiplying', async () => {
    const text = TEXT.replace('wording: cross', 'wording: rotate').replace('order: crossed', 'order: half');
    const result = await callRoute(h.core.dispatch, 'definitions.preview', { text });
    expect(result.scenarioCount).toBe(4);
    expect(result.design).toBe('4 combinations (2 wordings rotated; scale reversed in half)');
    const plain = await callRoute(h.core.dispatch, 'definitions.preview', {
      text: TEXT.replace(/counterbalance:[\s\S]*$/, ''),
    });
    expect([plain.scenarioCount, plain.design]).toEqual([4, null]);
  });
});
