/**
 * A labelled progress bar: determinate when `value` (0…1) is known, otherwise an indeterminate stripe
 * (a job that reports no count until it is done). Screen readers read the label and percentage.
 */
export function ProgressBar({ label, value, detail }: { label: string; value?: number; detail?: string }) {
  const percent = value === undefined ? undefined : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress">
      <div className="progress-head">
        <span>{label}</span>
        <span className="muted">{detail ?? (percent === undefined ? 'working…' : `${percent}%`)}</span>
      </div>
      <div
        className={percent === undefined ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={detail}
      >
        <div className="progress-fill" style={percent === undefined ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}
