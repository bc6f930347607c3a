import '../forms.css';
/** Metadata as `key: value` chips, for list columns and detail pages. */
export function MetadataList({ metadata }: { metadata: Record<string, unknown> | undefined }) {
  const entries = Object.entries(metadata ?? {});
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="metadata">
      {entries.map(([key, value]) => (
        <code key={key} className="chip">
          {key}: {typeof value === 'string' ? value : JSON.stringify(value)}
        </code>
      ))}
    </span>
  );
}
