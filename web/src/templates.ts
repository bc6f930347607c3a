/** A template as the API returns it (GET /templates). */
export interface Template {
  id: string;
  object: 'template';
  live: boolean;
  html: string;
  description?: string;
  metadata?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/**
 * The merge variables an HTML template uses, in order of first use: `{{name}}`, `{{{name}}}`,
 * `{{order.total}}`, and the subjects of `{{#if x}}`/`{{#each x}}`. On an order `to.`/`from.` come from the
 * contacts, so they are not asked for unless `withContacts` (the template editor's samples).
 */
export function mergeVariablesOf(html: string, options: { withContacts?: boolean } = {}): string[] {
  const names = new Set<string>();
  for (const match of html.matchAll(
    /\{\{\{?\s*(?:#(?:if|each|with|unless)\s+)?([A-Za-z_][\w.]*)\s*\}?\}\}/g,
  )) {
    const name = match[1]!;
    if (name === 'else' || name === 'this') continue;
    if (!options.withContacts && /^(to|from)\./.test(name)) continue;
    names.add(name);
  }
  return [...names];
}

/** Editor rows to the API's `mergeVariables`: dotted names nest (`order.total` → {order: {total}}). */
export function mergeVariablesObject(rows: { name: string; value: string }[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const { name, value } of rows) {
    const path = name.trim().split('.').filter(Boolean);
    if (path.length === 0) continue;
    let node = result;
    for (const part of path.slice(0, -1)) {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
  }
  return result;
}
