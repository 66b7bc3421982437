/**
 * Charts as files (issue 21): an SVG chart, or an HTML table drawn as a chart (heat maps, the win matrix), becomes a
 * standalone SVG document — every style the stylesheet gave it copied inline, a white background, the chart's title
 * and its legend drawn into the image — and that document becomes a PNG through a canvas at 2x.
 */

/** Presentation properties copied from the stylesheet onto each element, so the file renders without the app's CSS. */
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const TITLE_HEIGHT = 26;
const LEGEND_HEIGHT = 18;

export interface LegendEntry {
  label: string;
  colour: string;
}

export interface ChartFile {
  /** The SVG document, starting with its XML declaration. */
  text: string;
  width: number;
  height: number;
}

export type StyleOf = (element: Element) => Pick<CSSStyleDeclaration, 'getPropertyValue'>;

const defaultStyleOf: StyleOf = (element) => getComputedStyle(element);

/** Text escaped for an XML text node or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

function inlineStyles(source: Element, copy: Element, styleOf: StyleOf): void {
  const style = styleOf(source);
  const declarations = STYLE_PROPERTIES.map((p) => [p, style.getPropertyValue(p).trim()] as const)
    .filter(([, value]) => value !== '' && value !== 'normal')
    .map(([p, value]) => `${p}:${value}`);
  const own = copy.getAttribute('style');
  if (declarations.length > 0) copy.setAttribute('style', [...declarations, ...(own ? [own] : [])].join(';'));
  copy.removeAttribute('class');
  const sources = Array.from(source.children);
  const copies = Array.from(copy.children);
  sources.forEach((child, i) => {
    const twin = copies[i];
    if (twin) inlineStyles(child, twin, styleOf);
  });
}

function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
  const box = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const width = box[2] ?? Number(svg.getAttribute('width'));
  const height = box[3] ?? Number(svg.getAttribute('height'));
  return {
    width: Number.isFinite(width) && width > 0 ? width : 600,
    height: Number.isFinite(height) && height > 0 ? height : 400,
  };
}

/** The title and legend drawn above the chart: their markup and the height they take. */
function heading(title: string, legend: readonly LegendEntry[], width: number): { markup: string; height: number } {
  const parts = [
    `<text x="8" y="18" style="font-family:${escapeXml(FONT)};font-size:14px;font-weight:600;fill:#111">${escapeXml(title)}</text>`,
  ];
  let x = 8;
  let y = TITLE_HEIGHT;
  for (const entry of legend) {
    const step = 22 + entry.label.length * 6.5;
    if (x + step > width && x > 8) {
      x = 8;
      y += LEGEND_HEIGHT;
    }
    parts.push(
      `<rect x="${x}" y="${y + 3}" width="10" height="10" style="fill:${escapeXml(entry.colour)}"/>`,
      `<text x="${x + 14}" y="${y + 12}" style="font-family:${escapeXml(FONT)};font-size:11px;fill:#333">${escapeXml(entry.label)}</text>`,
    );
    x += step;
  }
  return { markup: parts.join(''), height: y + (legend.length > 0 ? LEGEND_HEIGHT : 0) + 4 };
}

function document_(width: number, height: number, head: string, body: string): ChartFile {
  const text =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" style="fill:#ffffff"/>${head}${body}</svg>\n`;
  return { text, width, height };
}

/** An SVG chart on screen as a standalone document: styles inline, white background, title and legend on top. */
export function svgChartFile(
  svg: SVGSVGElement,
  title: string,
  legend: readonly LegendEntry[] = [],
  styleOf: StyleOf = defaultStyleOf,
): ChartFile {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, copy, styleOf);
  const { width, height } = sizeOf(svg);
  const head = heading(title, legend, width);
  const inner = new XMLSerializer().serializeToString(copy);
  // The chart keeps its own coordinates: nested as an <svg> placed below the heading.
  const body = `<g transform="translate(0 ${head.height})">${inner.replace(/^<svg\b/, `<svg x="0" y="0" width="${width}" height="${height}"`)}</g>`;
  return document_(width, height + head.height, head.markup, body);
}

const CELL_H = 24;
const CHAR_W = 7;

/** An HTML table drawn as a chart (a heat map): each cell a rectangle in its own background colour with its text. */
export function tableChartFile(
  table: HTMLTableElement,
  title: string,
  legend: readonly LegendEntry[] = [],
  styleOf: StyleOf = defaultStyleOf,
): ChartFile {
  const rows = Array.from(table.rows).map((row) =>
    Array.from(row.cells).map((cell) => ({
      text: (cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
      fill: styleOf(cell).getPropertyValue('background-color').trim(),
      colour: styleOf(cell).getPropertyValue('color').trim(),
      header: cell.tagName === 'TH',
    })),
  );
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(40, ...rows.map((r) => 12 + (r[c]?.text.length ?? 0) * CHAR_W)),
  );
  const width = Math.max(240, widths.reduce((a, b) => a + b, 0) + 16);
  const caption = table.caption?.textContent?.replace(/\s+/g, ' ').trim();
  const head = heading(caption ? `${title} — ${caption}` : title, legend, width);
  const cells: string[] = [];
  rows.forEach((row, r) => {
    let x = 8;
    row.forEach((cell, c) => {
      const w = widths[c] ?? 40;
      const y = head.height + r * CELL_H;
      const fill = cell.fill && cell.fill !== 'rgba(0, 0, 0, 0)' && cell.fill !== 'transparent' ? cell.fill : '#ffffff';
      cells.push(
        `<rect x="${x}" y="${y}" width="${w}" height="${CELL_H}" style="fill:${escapeXml(fill)};stroke:#d0d0d0;stroke-width:1"/>`,
        `<text x="${x + w / 2}" y="${y + 16}" style="font-family:${escapeXml(FONT)};font-size:11px;text-anchor:middle;` +
          `font-weight:${cell.header ? 600 : 400};fill:${escapeXml(cell.colour || '#111')}">${escapeXml(cell.text)}</text>`,
      );
      x += w;
    });
  });
  return document_(width, head.height + rows.length * CELL_H + 8, head.markup, cells.join(''));
}

/** The chart drawn on a canvas at `scale`x over white, as PNG bytes in base64 (no data: prefix). */
export async function pngFromSvg(file: ChartFile, scale = 2): Promise<string> {
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(file.text)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(file.width * scale);
  canvas.height = Math.round(file.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This window cannot draw on a canvas.');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

export interface BarDatum {
  label: string;
  count: number;
}

/** A bar chart drawn from its data (the decision distribution, CSS bars on screen): one labelled bar per row. */
export function barsChartFile(bars: readonly BarDatum[], title: string, colour = '#3b6ea8'): ChartFile {
  const labelWidth = Math.max(60, ...bars.map((b) => 12 + b.label.length * CHAR_W));
  const track = 260;
  const width = labelWidth + track + 70;
  const max = Math.max(1, ...bars.map((b) => b.count));
  const total = bars.reduce((sum, b) => sum + b.count, 0);
  const head = heading(title, [], width);
  const rows = bars.map((bar, i) => {
    const y = head.height + i * 20;
    const w = (bar.count / max) * track;
    const share = total > 0 ? ` (${Math.round((100 * bar.count) / total)} %)` : '';
    return (
      `<text x="${labelWidth - 6}" y="${y + 13}" style="font-family:${escapeXml(FONT)};font-size:11px;text-anchor:end;fill:#111">${escapeXml(bar.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${track}" height="13" style="fill:#eeeeee"/>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="13" style="fill:${escapeXml(colour)}"/>` +
      `<text x="${labelWidth + track + 6}" y="${y + 13}" style="font-family:${escapeXml(FONT)};font-size:11px;fill:#111">${bar.count}${share}</text>`
    );
  });
  return document_(
    width,
    head.height + bars.length * 20 + 22,
    head.markup,
    rows.join('') +
      `<text x="${labelWidth}" y="${head.height + bars.length * 20 + 16}" style="font-family:${escapeXml(FONT)};font-size:11px;fill:#555">Answers (${total} in all)</text>`,
  );
}
