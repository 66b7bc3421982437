/** The shipped sample definitions are offered by name and imported through the core, and nothing else can be read. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { listSamples } from '../../src/main/core/handlers/definitions';
import { startHarness, type CoreHarness } from '../helpers/core';

describe('sample definitions', () => {
  let h: CoreHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('lists the shipped samples and imports one by name', async () => {
    const samples = await callRoute(h.core.dispatch, 'definitions.samples', {});
    expect(samples.map((s) => s.name)).toEqual(['council-housing.yaml', 'trolley-variants.json']);
    const imported = await callRoute(h.core.dispatch, 'definitions.importSample', { name: 'council-housing.yaml' });
    expect(imported.alreadyImported).toBe(false);
    expect(imported.definition.scenarioCount).toBe(4);
    const again = await callRoute(h.core.dispatch, 'definitions.importSample', { name: 'council-housing.yaml' });
    expect(again.alreadyImported).toBe(true);
  });

  it('refuses a name the listing does not offer (no paths)', async () => {
    const result = await h.core.dispatch('definitions.importSample', { name: '../package.json' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
  });

  it('lists nothing when the folder is missing', () => {
    expect(listSamples('/nonexistent/valuerank-samples')).toEqual([]);
  });
});
