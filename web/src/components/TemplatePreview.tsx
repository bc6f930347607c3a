import { useEffect, useState } from 'react';
import { dashboard, errorText } from '../api.ts';

interface Rendered {
  html?: string;
  error?: string;
}

/**
 * The template rendered by the server's own renderer with the sample variables, shown in an iframe that
 * may run no scripts and is its own origin (sandbox with no allowances), so customer HTML cannot reach
 * the dashboard. Re-rendered a moment after typing stops.
 */
export function TemplatePreview({ html, variables }: { html: string; variables: Record<string, unknown> }) {
  const [rendered, setRendered] = useState<Rendered>({});
  const request = JSON.stringify({ html, mergeVariables: variables });
  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      dashboard<{ html: string }>('/template-preview', { method: 'POST', body: JSON.parse(request) })
        .then((answer) => current && setRendered({ html: answer.html }))
        .catch((error) => current && setRendered((old) => ({ html: old.html, error: errorText(error) })));
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [request]);
  return (
    <div className="template-preview">
      {rendered.error && (
        <p className="error" role="status">
          Preview: {rendered.error}
        </p>
      )}
      <iframe title="Preview" sandbox="" srcDoc={rendered.html ?? ''} />
    </div>
  );
}
