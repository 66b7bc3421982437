/**
 * The hash router as the app starts it (empty address → Definitions, the leave guard holding a page with unsaved
 * changes, the menu's navigate event), the editor's kept drafts, request ids, and the studies' data hooks.
 */
import { act, createElement, Fragment } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useStudies, useStudyMembers, useStudyRunIds } from '../../src/renderer/src/data/studies';
import { clearDraft, readDraft, writeDraft } from '../../src/renderer/src/lib/drafts';
import { newRequestId } from '../../src/renderer/src/lib/ids';
import { DEFAULT_HASH, setLeaveGuard, startRouter, useRouter } from '../../src/renderer/src/stores/router';
import { fakeCore, mount, probe, settle } from './harness';

const hashChange = (hash: string): void => {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
};

describe('the router', () => {
  let stop: (() => void) | null = null;
  afterEach(() => {
    stop?.();
    stop = null;
    setLeaveGuard(null);
  });

  it('lands an empty address on the definitions page and follows the address bar', () => {
    window.history.replaceState(null, '', '/');
    stop = startRouter();
    expect(window.location.hash).toBe(DEFAULT_HASH);
    expect(useRouter.getState().route).toEqual({ name: 'definitions' });
    hashChange('#/studies/s1');
    expect(useRouter.getState().route).toEqual({ name: 'study', id: 's1' });
  });

  it('keeps a page with unsaved changes when its guard says stay, and lets a query change through', () => {
    window.history.replaceState(null, '', '/#/runs');
    stop = startRouter();
    let asked = 0;
    let allow = false;
    setLeaveGuard(() => {
      asked += 1;
      return allow;
    });
    hashChange('#/runs?status=failed');
    expect(asked).toBe(0);
    hashChange('#/settings');
    expect(asked).toBe(1);
    expect(useRouter.getState().route).toEqual({ name: 'runs' });
    expect(window.location.hash).toBe('#/runs?status=failed');
    allow = true;
    hashChange('#/settings');
    expect(useRouter.getState().route).toEqual({ name: 'settings' });
  });

  it('re-reads the page when asked to navigate to the address it is on', () => {
    window.history.replaceState(null, '', '/#/help');
    useRouter.setState({ route: { name: 'runs' } });
    useRouter.getState().navigate('#/help');
    expect(useRouter.getState().route).toEqual({ name: 'help' });
  });
});

describe('kept drafts', () => {
  it('round-trips a draft, refuses a malformed one and clears it', () => {
    writeDraft('fam-1', { text: 'name: x\n', baseVersionId: 'v1', savedAt: '2026-12-04T10:00:00Z' });
    expect(readDraft('fam-1')).toEqual({ text: 'name: x\n', baseVersionId: 'v1', savedAt: '2026-12-04T10:00:00Z' });
    window.localStorage.setItem('valuerank.draft.bad', '{not json');
    expect(readDraft('bad')).toBeNull();
    window.localStorage.setItem('valuerank.draft.odd', JSON.stringify({ text: 3 }));
    expect(readDraft('odd')).toBeNull();
    clearDraft('fam-1');
    expect(readDraft('fam-1')).toBeNull();
  });
});

describe('request ids', () => {
  it('are distinct and URL-safe', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{32,36}$/);
  });
});

describe('studies data hooks', () => {
  it('lists studies, reads a study’s run ids for the Runs filter, and refreshes after a change', async () => {
    const core = fakeCore((route, input) => {
      if (route === 'studies.list') return [{ id: 's1', name: 'Study', runCount: 1 }];
      if (route === 'studies.get') return { id: input.id, runs: [{ id: 'r1' }, { id: 'r2' }] };
      if (route === 'studies.members') return { id: 's1', runCount: 2 };
      throw new Error(`unexpected ${route}`);
    });
    const list = probe(() => useStudies());
    const ids = probe(() => useStudyRunIds('s1'));
    const none = probe(() => useStudyRunIds(undefined));
    const members = probe(() => useStudyMembers());
    mount(
      core.store,
      createElement(Fragment, null, ...[list, ids, none, members].map((p, i) => createElement(p.Probe, { key: i }))),
    );
    await settle();
    expect(list.current?.data?.[0]?.name).toBe('Study');
    expect([...(ids.current ?? [])]).toEqual(['r1', 'r2']);
    expect(none.current).toBeNull();
    expect(core.calls.filter((c) => c.route === 'studies.get')).toHaveLength(1);
    await act(async () => {
      await members.current?.mutate({ id: 's1', kind: 'runs', add: ['r3'] });
    });
    await settle();
    expect(core.count('studies.list')).toBe(2);
  });
});
