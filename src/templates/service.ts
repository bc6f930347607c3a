import type { Static } from '@sinclair/typebox';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { createdAtRangeOf } from '../http/created-range.ts';
import { listPage, parseSearch } from '../http/list.ts';
import { newId } from '../ids.ts';
import { checkTemplateHtmlLength } from './input-limits.ts';
import { TemplateSyntaxError } from './render.ts';
import { checkCompiles, RenderLimitError } from './render-pool.ts';
import {
  deleteTemplateRow,
  findTemplate,
  insertTemplate,
  listTemplates,
  type TemplateFilters,
  type TemplateRow,
  updateTemplate,
} from './repo.ts';
import type { TemplateCreate, TemplateListQuery, TemplateUpdate } from './schemas.ts';

export type TemplateInput = Static<typeof TemplateCreate>;
export type TemplateChanges = Static<typeof TemplateUpdate>;

export function serializeTemplate(row: TemplateRow) {
  return {
    id: row.id,
    object: 'template' as const,
    live: row.live,
    html: row.html,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * A template must fit its size limit and compile (within the render budget: compiling is most of the cost
 * of a large template); its variables can only be checked against an order, when one uses it.
 */
async function checkSyntax(html: string): Promise<void> {
  checkTemplateHtmlLength(html);
  try {
    await checkCompiles(html);
  } catch (error) {
    if (error instanceof TemplateSyntaxError || error instanceof RenderLimitError) {
      throw invalid(`html: ${error.message}`);
    }
    throw error;
  }
}

const searchText = (id: string, description: string | null | undefined) =>
  `${id} ${description ?? ''}`.toLowerCase();

export async function createTemplate(db: Executor, auth: ApiAuth, input: TemplateInput) {
  const html = input.html ?? '';
  await checkSyntax(html);
  const id = newId('template');
  const row = await insertTemplate(db, auth, id, {
    html,
    description: input.description ?? null,
    metadata: input.metadata ?? null,
    searchText: searchText(id, input.description),
  });
  return serializeTemplate(row);
}

export async function getTemplate(db: Executor, auth: ApiAuth, id: string) {
  const row = await findTemplate(db, auth, id);
  if (!row) throw notFound('Template', id);
  return serializeTemplate(row);
}

export async function changeTemplate(db: Executor, auth: ApiAuth, id: string, changes: TemplateChanges) {
  if (changes.html !== undefined) await checkSyntax(changes.html);
  const row = await updateTemplate(db, auth, id, {
    html: changes.html,
    description: changes.description,
    metadata: changes.metadata,
    searchText: changes.description !== undefined ? searchText(id, changes.description) : undefined,
  });
  if (!row) throw notFound('Template', id);
  return serializeTemplate(row);
}

/** Orders made from the template keep its HTML (order_template_snapshots), so deleting is safe. */
export async function deleteTemplate(db: Executor, auth: ApiAuth, id: string) {
  if (!(await deleteTemplateRow(db, auth, id))) throw notFound('Template', id);
  return { id, object: 'template' as const, deleted: true as const };
}

export type TemplateListParams = Static<typeof TemplateListQuery>;

/** The list's filters from its query: PostGrid's search plus the created-at range. */
export function templateFiltersOf(params: Omit<TemplateListParams, 'skip' | 'limit'>): TemplateFilters {
  const search = parseSearch(params.search, ['metadata']);
  return { text: search.text, metadata: search.metadata, ...createdAtRangeOf(params) };
}

export async function listTemplatePage(db: Executor, auth: ApiAuth, params: TemplateListParams) {
  const { rows, totalCount } = await listTemplates(db, auth, params, templateFiltersOf(params));
  return listPage(params, totalCount, rows.map(serializeTemplate));
}
