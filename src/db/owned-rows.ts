// SQL fragments shared by the bulk-sending resources (imports, mailing lists, campaigns): each is a row of
// one organization and mode, soft-deleted, with PostGrid's description and metadata.
import { sql } from 'kysely';
import type { Scope } from '../orders/repo.ts';

/** The row `id` of `scope`'s organization and mode, unless it was deleted: a row of another is not found. */
export function ownedRow(scope: Scope, id: string) {
  return sql`id = ${id} and organization_id = ${scope.organizationId} and live = ${scope.live} and deleted_at is null`;
}

export interface DescribedChanges {
  description?: string | null;
  metadata?: Record<string, unknown> | null;
}

/** SET assignments of an update as PostGrid's: a field absent from `changes` keeps its value, null clears it. */
export function describedAssignments(changes: DescribedChanges) {
  return sql`description = case when ${'description' in changes} then ${changes.description ?? null} else description end,
      metadata = case when ${'metadata' in changes} then ${changes.metadata ? JSON.stringify(changes.metadata) : null}::jsonb
                 else metadata end`;
}
