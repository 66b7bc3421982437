/**
 * The "Raw (no spreadsheet guard)" choice beside a CSV export button: by default text a spreadsheet would run as a
 * formula starts with an apostrophe; ticked, cells are written exactly (the manifest says which).
 */
export const RAW_CSV_TITLE =
  'By default, text a spreadsheet would run as a formula (=, +, -, @) starts with an apostrophe; the manifest says which';

export function RawCsvToggle({
  raw,
  onChange,
  testId,
  title = RAW_CSV_TITLE,
}: {
  raw: boolean;
  onChange: (raw: boolean) => void;
  testId: string;
  title?: string;
}): React.JSX.Element {
  return (
    <label className="muted nowrap" title={title}>
      <input type="checkbox" data-testid={testId} checked={raw} onChange={(e) => onChange(e.target.checked)} /> Raw (no
      spreadsheet guard)
    </label>
  );
}
