import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import {
  type ColumnUse,
  type ContactField,
  type CsvPreview,
  contactFields,
  guessUses,
  type MailingListImport,
  mappingProblems,
  mappingsOf,
  previewCsv,
  variableName,
} from '../bulk.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link, navigate } from '../router.tsx';

const STEPS = ['Upload', 'Map columns', 'Validation report'] as const;

/** A column's use as the select's value: `field:city`, `variable`, or `skip`. */
const selectValue = (use: ColumnUse) => (use.kind === 'field' ? `field:${use.field}` : use.kind);

/**
 * The import wizard: choose a CSV, map its columns to contact fields and merge variables against a
 * preview of its first rows, then create the import (the file streamed as multipart, as integrators
 * upload it) and land on its validation report.
 */
export function ImportWizardPage() {
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<CsvPreview>();
  const [uses, setUses] = useState<ColumnUse[]>([]);
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  const choose = async (chosen: File | undefined) => {
    setError(undefined);
    setPreview(undefined);
    setTried(false);
    setFile(chosen);
    if (!chosen) return;
    try {
      const read = await previewCsv(chosen);
      setPreview(read);
      setUses(guessUses(read.header));
      if (!description) setDescription(chosen.name);
    } catch (failure) {
      setError(new Error(`Could not read ${chosen.name} as CSV: ${(failure as Error).message}`));
    }
  };

  const setUse = (i: number, value: string) => {
    const column = preview?.header[i] ?? '';
    const next: ColumnUse =
      value === 'skip'
        ? { kind: 'skip' }
        : value === 'variable'
          ? { kind: 'variable', name: variableName(column) }
          : { kind: 'field', field: value.slice('field:'.length) as ContactField };
    setUses((current) => current.map((u, j) => (j === i ? next : u)));
  };
  const setName = (i: number, name: string) =>
    setUses((current) => current.map((u, j) => (j === i ? { kind: 'variable', name } : u)));

  const problems = mappingProblems(uses);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!file || !preview || problems.length) return;
    setBusy(true);
    setError(undefined);
    try {
      const { receiverAddressMapping, receiverMergeVariableMapping } = mappingsOf(preview.header, uses);
      const form = new FormData();
      // Text parts first: the server reads them as they arrive, and the file may be large.
      form.set('fileType', 'csv');
      form.set('receiverAddressMapping', JSON.stringify(receiverAddressMapping));
      if (Object.keys(receiverMergeVariableMapping).length)
        form.set('receiverMergeVariableMapping', JSON.stringify(receiverMergeVariableMapping));
      if (description.trim()) form.set('description', description.trim());
      form.set('file', file, file.name);
      const created = await api<MailingListImport>('/mailing_list_imports', { method: 'POST', body: form });
      navigate(`/imports/${created.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const step = preview ? 1 : 0;
  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/imports">← Imports</Link>
      </p>
      <h1>New import</h1>
      <ol className="wizard-steps" aria-label="Steps">
        {STEPS.map((name, i) => (
          <li key={name} aria-current={i === step ? 'step' : undefined}>
            {i + 1}. {name}
          </li>
        ))}
      </ol>
      <form className="create-form" onSubmit={submit} noValidate>
        <div className="card">
          <h2>Upload</h2>
          <p className="hint">
            A CSV with a header row, UTF-8 (with or without BOM), up to 100 MB. ZIP codes a spreadsheet
            stripped of their leading zeros are restored.
          </p>
          <label>
            CSV file
            <input
              type="file"
              name="file"
              accept=".csv,text/csv"
              onChange={(e) => void choose(e.target.files?.[0])}
            />
          </label>
        </div>
        <ErrorMessage error={error} prefix={preview ? 'Could not create the import' : undefined} />
        {preview && (
          <>
            <div className="card">
              <h2>Map columns</h2>
              <p className="hint">
                Each column becomes a contact field, a merge variable templates use as {'{{name}}'}, or is
                skipped. The preview shows the first {preview.rows.length} rows of {file?.name}.
              </p>
              <table className="orders mapping">
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">First value</th>
                    <th scope="col">Maps to</th>
                    <th scope="col">Merge variable name</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.header.map((column, i) => {
                    const use = uses[i] ?? { kind: 'skip' };
                    return (
                      <tr key={column}>
                        <th scope="row">{column}</th>
                        <td data-label="First value" className="muted">
                          {preview.rows[0]?.[i] ?? ''}
                        </td>
                        <td data-label="Maps to">
                          <select
                            aria-label={`Map column ${column}`}
                            value={selectValue(use)}
                            onChange={(e) => setUse(i, e.target.value)}
                          >
                            <option value="skip">Skip</option>
                            <optgroup label="Contact field">
                              {contactFields.map(([field, label]) => (
                                <option key={field} value={`field:${field}`}>
                                  {label}
                                </option>
                              ))}
                            </optgroup>
                            <option value="variable">Merge variable</option>
                          </select>
                        </td>
                        <td data-label="Merge variable name">
                          {use.kind === 'variable' && (
                            <input
                              aria-label={`Merge variable name for ${column}`}
                              value={use.name}
                              onChange={(e) => setName(i, e.target.value)}
                            />
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="card preview-table">
              <h2>Preview</h2>
              <table className="orders" aria-label="Preview of the first rows">
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    {preview.header.map((column, i) => {
                      const use = uses[i];
                      const target =
                        use?.kind === 'field'
                          ? contactFields.find(([f]) => f === use.field)?.[1]
                          : use?.kind === 'variable'
                            ? `{{${use.name}}}`
                            : 'skipped';
                      return (
                        <th scope="col" key={column}>
                          {column}
                          <small>→ {target}</small>
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row, n) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed preview, in file order
                    <tr key={n}>
                      <td data-label="Row">{n + 1}</td>
                      {preview.header.map((column, i) => (
                        <td key={column} data-label={column}>
                          {row[i] ?? ''}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <label>
              Description
              <input
                name="description"
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            </label>
            {tried && problems.length > 0 && (
              <ul className="error" role="alert">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
            <div className="action-row">
              <button type="submit" className="primary" disabled={busy}>
                {busy ? 'Uploading…' : 'Create import'}
              </button>
            </div>
          </>
        )}
      </form>
    </section>
  );
}
