import { type FieldErrors, invalidProps } from '../forms/fieldErrors.ts';
import { FieldMessage } from './FieldMessage.tsx';

export interface MergeRow {
  name: string;
  value: string;
}

/**
 * Name/value rows for `mergeVariables`. The names the content uses and no row has yet are offered as
 * one-click rows, so a template's variables are not guessed.
 */
export function MergeVariablesEditor(props: {
  rows: MergeRow[];
  used: string[];
  errors: FieldErrors;
  onChange: (rows: MergeRow[]) => void;
}) {
  const { rows, onChange } = props;
  const missing = props.used.filter((name) => !rows.some((row) => row.name.trim() === name));
  const update = (index: number, change: Partial<MergeRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="merge-variables">
      <legend>Merge variables</legend>
      {rows.length === 0 && <p className="muted">No merge variables.</p>}
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place; names are edited.
        <div className="form-row merge-row" key={index}>
          <label>
            Variable name
            <input value={row.name} onChange={(e) => update(index, { name: e.target.value })} />
          </label>
          <label>
            Value
            <input
              {...invalidProps(props.errors, `mergeVariables.${row.name.trim()}`)}
              aria-label={`Value of ${row.name || 'variable'}`}
              value={row.value}
              onChange={(e) => update(index, { value: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="link-button"
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <FieldMessage errors={props.errors} field="mergeVariables" />
      <div className="action-row">
        <button type="button" onClick={() => onChange([...rows, { name: '', value: '' }])}>
          Add variable
        </button>
        {missing.map((name) => (
          <button key={name} type="button" onClick={() => onChange([...rows, { name, value: '' }])}>
            Add {name}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
