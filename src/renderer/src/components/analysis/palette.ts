/** One colour per model, the same in the chart, the legend and the heat map (colour-blind-safe Okabe–Ito hues). */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7f7f7f', '#000000'];

export function modelColour(index: number): string {
  return COLOURS[index % COLOURS.length]!;
}

/** Two decimals, or an em dash where there is no value. */
export function fmt(value: number | null | undefined, signed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  // A value that rounds to zero is 0.00, never "-0.00".
  const shown = Math.abs(value) < 0.005 ? 0 : value;
  return `${signed && shown > 0 ? '+' : ''}${shown.toFixed(2)}`;
}

export function fmtInterval(low: number | null, high: number | null): string {
  return low === null || high === null ? '—' : `${fmt(low)} to ${fmt(high)}`;
}
