/** The Runs filters as a hash query, the router's reading of it, the run header's Compare target and model-key breaks. */
import { describe, expect, it } from 'vitest';
import { keySegments } from '../../src/renderer/src/components/ModelKeyText';
import { compareTarget } from '../../src/renderer/src/components/RunActions';
import { readRunsQuery, writeRunsQuery } from '../../src/renderer/src/lib/runs-query';
import { links, parseHash } from '../../src/renderer/src/stores/router';

describe('the Runs filters in the address', () => {
  it('round-trips every filter and writes only what differs from "everything"', () => {
    const view = {
      status: 'failed' as const,
      showTests: true,
      list: { definitionId: 'def 1', model: 'openai:gpt-4o' },
    };
    const query = writeRunsQuery(view);
    expect(query.toString()).toBe('status=failed&definition=def+1&model=openai%3Agpt-4o&tests=1');
    expect(readRunsQuery(new URLSearchParams(query.toString()), 'all')).toEqual(view);
    const found = { ...view, list: { ...view.list, search: 'housing v2', archived: true } };
    const withSearch = writeRunsQuery(found).toString();
    expect(withSearch).toBe('status=failed&definition=def+1&model=openai%3Agpt-4o&q=housing+v2&archived=1&tests=1');
    expect(readRunsQuery(new URLSearchParams(withSearch), 'all')).toEqual(found);
    const inStudy = { ...view, list: { ...view.list, studyId: 'study-7' } };
    expect(writeRunsQuery(inStudy).toString()).toBe(
      'status=failed&definition=def+1&model=openai%3Agpt-4o&study=study-7&tests=1',
    );
    expect(readRunsQuery(writeRunsQuery(inStudy), 'all')).toEqual(inStudy);
    expect(links.study('a b')).toBe('#/studies/a%20b');
    expect(parseHash('#/studies/a%20b')).toEqual({ name: 'study', id: 'a b' });
    expect(parseHash('#/studies')).toEqual({ name: 'studies' });
    expect(writeRunsQuery({ status: 'all', showTests: false, list: { definitionId: '', model: '' } }).toString()).toBe(
      '',
    );
  });

  it('reads an unknown status as the remembered one, and an explicit "all" as all', () => {
    expect(readRunsQuery(new URLSearchParams('status=bogus'), 'paused').status).toBe('paused');
    expect(readRunsQuery(new URLSearchParams(''), 'completed')).toEqual({
      status: 'completed',
      showTests: false,
      list: { definitionId: '', model: '' },
    });
    expect(readRunsQuery(new URLSearchParams('status=all&tests=yes'), 'paused')).toMatchObject({
      status: 'all',
      showTests: false,
    });
  });

  it('routes a hash with a query to the page before the "?"', () => {
    expect(parseHash('#/runs?status=failed&model=openai%3Agpt-4o')).toEqual({ name: 'runs' });
    expect(parseHash('#/runs/r1?x=1')).toEqual({ name: 'run', id: 'r1' });
  });
});

describe('the run header’s Compare', () => {
  it('compares with the run it re-ran, else with its newest re-run, else offers nothing', () => {
    expect(compareTarget('r2', { parent: { id: 'r1' }, children: [{ id: 'r3' }] })).toBe(links.compare('r1', 'r2'));
    expect(compareTarget('r1', { parent: null, children: [{ id: 'r2' }, { id: 'r3' }] })).toBe(
      links.compare('r1', 'r3'),
    );
    expect(compareTarget('r1', { parent: null, children: [] })).toBeNull();
    expect(compareTarget('r1', null)).toBeNull();
  });
});

describe('model keys', () => {
  it('may break only after their separators', () => {
    expect(keySegments('openrouter:meta-llama/llama-3.1-405b@2024-07-23')).toEqual([
      'openrouter:',
      'meta-llama/',
      'llama-3.1-405b@',
      '2024-07-23',
    ]);
    expect(keySegments('gpt-4o')).toEqual(['gpt-4o']);
  });
});
