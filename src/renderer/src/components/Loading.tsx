/** A quiet placeholder while data loads: skeleton lines rather than a spinner, so the layout does not jump. */

export function Loading({ label = 'Loading…', lines = 3 }: { label?: string; lines?: number }): React.JSX.Element {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} className="skeleton-line" style={{ width: `${90 - index * 15}%` }} />
      ))}
    </div>
  );
}
