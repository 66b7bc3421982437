/** The run page's transcript filter: in the address, as the route's filter, and the decision select's scale entries. */
import { describe, expect, it } from 'vitest';
import type { ModelResults } from '../../src/shared/results';
import { scaleChoices } from '../../src/renderer/src/components/TranscriptFilterBar';
import {
  isFiltered,
  NO_TRANSCRIPT_FILTER,
  readTranscriptQuery,
  transcriptFilterOf,
  writeTranscriptQuery,
} from '../../src/renderer/src/lib/transcript-query';

describe('the transcript filter', () => {
  it('round-trips through the address, keeping other keys and leaving out empty fields', () => {
    const fields = {
      model: 'openai:gpt-4o',
      decision: 'score:4',
      source: 'override' as const,
      sample: '2',
      text: 'a b',
      scenarios: [],
      levels: {},
    };
    const query = writeTranscriptQuery(new URLSearchParams('other=1&q=old'), fields);
    expect(query.toString()).toBe('other=1&q=a+b&model=openai%3Agpt-4o&decision=score%3A4&source=override&sample=2');
    expect(readTranscriptQuery(query)).toEqual(fields);
    expect(writeTranscriptQuery(query, NO_TRANSCRIPT_FILTER).toString()).toBe('other=1');
    expect(writeTranscriptQuery(new URLSearchParams(), { ...NO_TRANSCRIPT_FILTER, text: '   ' }).toString()).toBe('');
  });

  it('keeps scenarios and dimension levels in the address, repeatable, and asks the core for them', () => {
    const fields = {
      ...NO_TRANSCRIPT_FILTER,
      model: 'm',
      scenarios: ['s-1', 's-2'],
      levels: { Power: [1, -2], 'Risk level': [3] },
    };
    const query = writeTranscriptQuery(new URLSearchParams('dim.Old=1&scenario=gone&keep=1'), fields);
    expect(query.toString()).toBe('keep=1&model=m&scenario=s-1&scenario=s-2&dim.Power=1&dim.Power=-2&dim.Risk+level=3');
    expect(readTranscriptQuery(query)).toEqual(fields);
    expect(transcriptFilterOf(fields)).toEqual({
      model: 'm',
      scenario: ['s-1', 's-2'],
      levels: { Power: [1, -2], 'Risk level': [3] },
    });
    expect(isFiltered({ ...NO_TRANSCRIPT_FILTER, levels: { Power: [] } })).toBe(false);
    expect(isFiltered({ ...NO_TRANSCRIPT_FILTER, scenarios: ['s'] })).toBe(true);
    // A level that is not a whole number, a name no definition allows, a blank scenario and a repeat are left out.
    expect(
      readTranscriptQuery(
        new URLSearchParams('dim.Power=high&dim.1bad=1&dim.Power=2&dim.Power=2&scenario=&scenario=a&scenario=a'),
      ),
    ).toEqual({ ...NO_TRANSCRIPT_FILTER, scenarios: ['a'], levels: { Power: [2] } });
  });

  it('reads anything unexpected in the address as "any"', () => {
    expect(readTranscriptQuery(new URLSearchParams('decision=maybe&source=robot&sample=0&model=m'))).toEqual({
      ...NO_TRANSCRIPT_FILTER,
      model: 'm',
    });
    expect(readTranscriptQuery(new URLSearchParams('decision=refusal&sample=x')).decision).toBe('refusal');
  });

  it('asks the core for a score, an outcome, a source, a sample and trimmed words', () => {
    expect(transcriptFilterOf(NO_TRANSCRIPT_FILTER)).toEqual({});
    expect(isFiltered(NO_TRANSCRIPT_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_TRANSCRIPT_FILTER, text: '  ' })).toBe(false);
    expect(
      transcriptFilterOf({
        ...NO_TRANSCRIPT_FILTER,
        model: 'm',
        decision: 'score:-1',
        source: 'extracted',
        sample: '3',
        text: ' tenants ',
      }),
    ).toEqual({ model: 'm', score: -1, source: 'extracted', sample: 3, text: 'tenants' });
    expect(transcriptFilterOf({ ...NO_TRANSCRIPT_FILTER, decision: 'unparseable' })).toEqual({
      outcome: 'unparseable',
    });
  });

  it('offers every score code of the models once, in scale order, never refusals or unparseable', () => {
    const bucket = (kind: 'answer' | 'refusal' | 'unparseable', code: number | null, label: string) => ({
      kind,
      code,
      label,
      count: 1,
      onScale: true,
    });
    const models = [
      { distribution: [bucket('answer', 5, 'Yes'), bucket('answer', 1, 'No'), bucket('refusal', null, 'refusal')] },
      { distribution: [bucket('answer', 5, 'Yes'), bucket('answer', 7, '7'), bucket('unparseable', null, 'x')] },
    ] as unknown as ModelResults[];
    expect(scaleChoices(models)).toEqual([
      { code: 5, label: 'Yes' },
      { code: 1, label: 'No' },
      { code: 7, label: '7' },
    ]);
  });
});
