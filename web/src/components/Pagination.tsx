export function Pagination(props: {
  skip: number;
  limit: number;
  totalCount: number;
  onPage: (skip: number) => void;
}) {
  const { skip, limit, totalCount, onPage } = props;
  const first = totalCount === 0 ? 0 : skip + 1;
  const last = Math.min(skip + limit, totalCount);
  return (
    <nav className="pagination" aria-label="Pages">
      <button type="button" disabled={skip === 0} onClick={() => onPage(Math.max(0, skip - limit))}>
        ← Previous
      </button>
      <span aria-live="polite">
        {first}–{last} of {totalCount}
      </span>
      <button type="button" disabled={skip + limit >= totalCount} onClick={() => onPage(skip + limit)}>
        Next →
      </button>
    </nav>
  );
}
