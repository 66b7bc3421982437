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
    };
    const query = writeTranscriptQuery(new URLSearchParams('other=1&q=old'), fields);
    expect(query.toString()).toBe('other=1&q=a+b&model=openai%3Agpt-4o&decision=score%3A4&source=override&sample=2');
    expect(readTranscriptQuery(query)).toEqual(fields);
    expect(writeTranscriptQuery(query, NO_TRANSCRIPT_FILTER).toString()).toBe('other=1');
    expect(writeTranscriptQuery(new URLSearchParams(), { ...NO_TRANSCRIPT_FILTER, text: '   ' }).toString()).toBe('');
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
      transcriptFilterOf({ model: 'm', decision: 'score:-1', source: 'extracted', sample: '3', text: ' tenants ' }),
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
