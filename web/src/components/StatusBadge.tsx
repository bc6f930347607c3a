import { words } from '../format.ts';

export function StatusBadge({ status }: { status: string | undefined }) {
  if (!status) return <span className="muted">—</span>;
  return <span className={`badge badge-${status}`}>{words(status)}</span>;
}
