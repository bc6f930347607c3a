import '../forms.css';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FieldMessage } from '../components/FieldMessage.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { type MergeRow, MergeVariablesEditor } from '../components/MergeVariablesEditor.tsx';
import { TemplatePreview } from '../components/TemplatePreview.tsx';
import { formatDateTime } from '../format.ts';
import { type FieldErrors, invalidProps } from '../forms/fieldErrors.ts';
import { splitFailure } from '../forms/submitErrors.ts';
import { Link, navigate } from '../router.tsx';
import { mergeVariablesObject, mergeVariablesOf, type Template } from '../templates.ts';
import { useLoad } from '../useLoad.ts';

const starter = '<h1>Hello {{to.firstName}}</h1>\n<p>Your order {{orderNumber}} is on its way.</p>';

/** Sample values shown in the preview until the user types their own. */
function sampleRows(html: string): MergeRow[] {
  const samples: Record<string, string> = { 'to.firstName': 'Ada', 'to.lastName': 'Lovelace' };
  return mergeVariablesOf(html, { withContacts: true }).map((name) => ({
    name,
    value: samples[name] ?? `[${name}]`,
  }));
}

/** Creates (id `new`) or edits a template, with a live preview of it rendered with sample variables. */
export function TemplateEditorPage({ id }: { id: string }) {
  const isNew = id === 'new';
  const saved = useLoad(
    () => (isNew ? Promise.resolve(undefined) : api<Template>(`/templates/${id}`)),
    `template-${id}`,
  );
  const [html, setHtml] = useState(isNew ? starter : '');
  const [description, setDescription] = useState('');
  const [rows, setRows] = useState<MergeRow[]>(() => (isNew ? sampleRows(starter) : []));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [savedAt, setSavedAt] = useState<string>();

  useEffect(() => {
    if (!saved.data) return;
    setHtml(saved.data.html);
    setDescription(saved.data.description ?? '');
    setRows(sampleRows(saved.data.html));
  }, [saved.data]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    setBusy(true);
    const body = { html, ...(description.trim() ? { description: description.trim() } : {}) };
    try {
      const template = await api<Template>(isNew ? '/templates' : `/templates/${id}`, {
        method: 'POST',
        body,
      });
      setSavedAt(template.updatedAt);
      if (isNew) navigate(`/templates/${template.id}`, { replace: true });
    } catch (error) {
      const split = splitFailure(error, ['html', 'description']);
      setErrors(split.errors);
      setFailure(split.failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page template-editor">
      <p className="crumbs">
        <Link href="/templates">← Templates</Link>
      </p>
      <h1>
        {isNew ? 'New template' : 'Template'} {!isNew && <span className="mono id">{id}</span>}
      </h1>
      <ErrorMessage error={saved.error} prefix={`Could not load template ${id}`} />
      <form className="create-form" onSubmit={submit} noValidate>
        <label>
          Description
          <input
            {...invalidProps(errors, 'description')}
            name="description"
            maxLength={1000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <FieldMessage errors={errors} field="description" />
        </label>
        <div className="grid-2 editor-panes">
          <label>
            HTML
            <textarea
              {...invalidProps(errors, 'html')}
              name="html"
              rows={18}
              spellCheck={false}
              className={`code ${errors.html ? 'invalid' : ''}`}
              value={html}
              onChange={(e) => setHtml(e.target.value)}
            />
            <FieldMessage errors={errors} field="html" />
          </label>
          <div>
            <h2>Preview</h2>
            <TemplatePreview html={html} variables={mergeVariablesObject(rows)} />
          </div>
        </div>
        <MergeVariablesEditor
          rows={rows}
          used={mergeVariablesOf(html, { withContacts: true })}
          errors={{}}
          onChange={setRows}
        />
        <p className="hint">Sample values are for the preview only; orders bring their own.</p>
        <FormErrors errors={errors} what="save the template" />
        <ErrorMessage error={failure} prefix="Could not save the template" />
        <div className="action-row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : isNew ? 'Create template' : 'Save template'}
          </button>
          {savedAt && (
            <span className="muted" role="status">
              Saved {formatDateTime(savedAt)}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
