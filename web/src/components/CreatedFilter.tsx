/** Dates of the viewer's own calendar, as the API's instants: from the start of one day to the end of another. */
export function createdRange(from: string, to: string): { createdAtFrom?: string; createdAtTo?: string } {
  return {
    createdAtFrom: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    createdAtTo: to ? new Date(`${to}T23:59:59.999`).toISOString() : undefined,
  };
}

/** "Created from … to …", two dates in the viewer's time zone. */
export function CreatedFilter(props: {
  from: string;
  to: string;
  onChange: (changes: { createdFrom?: string; createdTo?: string }) => void;
}) {
  return (
    <>
      <label>
        Created from
        <input
          type="date"
          name="createdFrom"
          value={props.from}
          onChange={(e) => props.onChange({ createdFrom: e.target.value })}
        />
      </label>
      <label>
        Created to
        <input
          type="date"
          name="createdTo"
          value={props.to}
          onChange={(e) => props.onChange({ createdTo: e.target.value })}
        />
      </label>
    </>
  );
}
