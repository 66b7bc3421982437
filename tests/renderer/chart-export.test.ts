/**
 * Charts as standalone files (happy-dom): an SVG chart serialised with its styles inline, a white background, its
 * title and legend drawn in; a heat-map table and the decision bars drawn as SVG; and the save hook, which downloads
 * every file the export route wrote in browser mode. Each document is parsed back as XML.
 */
import { act, createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FilesExportResult } from '../../src/shared/export-files';
import { savedText, useSaveFiles } from '../../src/renderer/src/data/export-files';
import {
  barsChartFile,
  escapeXml,
  svgChartFile,
  tableChartFile,
  type StyleOf,
} from '../../src/renderer/src/lib/chart-export';
import { fakeCore, mount, probe, settle } from './harness';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The stylesheet's answer, as getComputedStyle would give it: grid lines grey, text small. */
const styleOf: StyleOf = (element) => ({
  getPropertyValue: (property: string) => {
    const cls = element.getAttribute('class') ?? '';
    if (property === 'stroke' && cls === 'grid') return 'rgb(200, 200, 200)';
    if (property === 'font-size' && element.tagName.toLowerCase() === 'text') return '11px';
    if (property === 'background-color' && element.tagName === 'TD') return 'rgb(0, 114, 178)';
    if (property === 'color') return 'rgb(17, 17, 17)';
    return '';
  },
});

function parseSvg(text: string): Document {
  const doc = new DOMParser().parseFromString(text.replace(/^<\?xml[^>]*>\s*/, ''), 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  expect(doc.documentElement.tagName.toLowerCase()).toBe('svg');
  return doc;
}

afterEach(() => vi.restoreAllMocks());

describe('chart files', () => {
  it('serialise an SVG chart with its styles inline, a white background, its title and legend', () => {
    const holder = document.createElement('div');
    holder.innerHTML =
      `<svg xmlns="${SVG_NS}" viewBox="0 0 260 190" class="chart"><title>Mean decision by Stakes</title>` +
      `<line class="grid" x1="0" x2="260" y1="10" y2="10"/><text class="axis" x="4" y="20">1 low &amp; calm</text></svg>`;
    const svg = holder.querySelector('svg')!;
    const file = svgChartFile(
      svg,
      'Mean decision by Stakes',
      [{ label: 'openai:model-a', colour: '#0072b2' }],
      styleOf,
    );
    expect(file.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(file.width).toBe(260);
    expect(file.height).toBeGreaterThan(190);
    const doc = parseSvg(file.text);
    const root = doc.documentElement;
    expect(root.getAttribute('width')).toBe('260');
    expect(root.getAttribute('height')).toBe(String(file.height));
    expect(root.querySelector('rect')?.getAttribute('style')).toBe('fill:#ffffff');
    const texts = Array.from(root.querySelectorAll('text')).map((t) => t.textContent);
    expect(texts).toEqual(['Mean decision by Stakes', 'openai:model-a', '1 low & calm']);
    const grid = Array.from(root.querySelectorAll('line'))[0]!;
    expect(grid.getAttribute('style')).toContain('stroke:rgb(200, 200, 200)');
    expect(grid.getAttribute('class')).toBeNull();
    // The screen's chart is left as it was.
    expect(svg.querySelector('line')?.getAttribute('style')).toBeNull();
  });

  it('draw a heat-map table as cells in their colours, with the caption in the title', () => {
    const table = document.createElement('table');
    table.innerHTML =
      '<caption>openai:model-a</caption><thead><tr><th>A \\ B</th><th>1 low</th></tr></thead>' +
      '<tbody><tr><th>1 low</th><td>2.50 <span>n=4</span></td></tr></tbody>';
    const file = tableChartFile(table, 'Win matrix', [], styleOf);
    const doc = parseSvg(file.text);
    const texts = Array.from(doc.querySelectorAll('text')).map((t) => t.textContent);
    expect(texts).toEqual(['Win matrix — openai:model-a', 'A \\ B', '1 low', '1 low', '2.50 n=4']);
    const fills = Array.from(doc.querySelectorAll('rect')).map((r) => r.getAttribute('style'));
    expect(fills.filter((f) => f?.includes('rgb(0, 114, 178)'))).toHaveLength(1);
    expect(file.height).toBeGreaterThanOrEqual(2 * 24);
  });

  it('draw decision bars from their counts, with shares and the total', () => {
    const file = barsChartFile(
      [
        { label: '1 – Oppose', count: 3 },
        { label: '2 – Support <strongly>', count: 1 },
      ],
      'Decisions of openai:model-a',
    );
    const doc = parseSvg(file.text);
    const texts = Array.from(doc.querySelectorAll('text')).map((t) => t.textContent);
    expect(texts).toEqual([
      'Decisions of openai:model-a',
      '1 – Oppose',
      '3 (75 %)',
      '2 – Support <strongly>',
      '1 (25 %)',
      'Answers (4 in all)',
    ]);
    const widths = Array.from(doc.querySelectorAll('rect')).map((r) => Number(r.getAttribute('width')));
    // Background, then per bar its track and its fill: the longest bar fills its track, the other a third of it.
    expect(widths[2]).toBe(widths[1]);
    expect(widths[4]! * 3).toBeCloseTo(widths[3]!, 0);
    expect(escapeXml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });
});

describe('saving files through an export route', () => {
  it('downloads the files the route wrote as one ZIP (browser mode) and says which', async () => {
    const result: FilesExportResult = {
      status: 'saved',
      files: [
        { path: '/d/exports/study_s1_values.csv', fileName: 'study_s1_values.csv' },
        { path: '/d/exports/study_s1_values.pairs.csv', fileName: 'study_s1_values.pairs.csv' },
      ],
    };
    const core = fakeCore(() => result);
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    const save = probe(() => useSaveFiles('export.study'));
    mount(core.store, createElement(save.Probe));
    await settle();
    let answer: FilesExportResult | undefined;
    await act(async () => {
      answer = await save.current!({ id: 's1' });
    });
    expect(answer).toEqual(result);
    expect(core.calls.at(-1)).toEqual({ route: 'export.study', input: { id: 's1' } });
    // One download (a ZIP of the file and what its manifest lists): browsers hold back a second automatic one.
    expect(clicks).toEqual(['study_s1_values.csv.zip']);
    expect(savedText(result)).toBe('Downloaded study_s1_values.csv, study_s1_values.pairs.csv');
    expect(savedText({ status: 'cancelled', files: [] })).toBe('Not saved.');
  });
});
