/** One figure with its label, as the overview's tiles show them. */
export function Tile({
  label,
  value,
  hint,
  warn,
}: {
  label: string;
  value: string | number;
  hint?: string;
  warn?: boolean;
}) {
  return (
    <div className={warn ? 'tile warn' : 'tile'} data-testid={`tile-${label}`}>
      <span className="tile-label">{label}</span>
      <span className="tile-value">{typeof value === 'number' ? value.toLocaleString() : value}</span>
      {hint && <span className="tile-hint">{hint}</span>}
    </div>
  );
}
