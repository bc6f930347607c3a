import type { TaskList } from 'graphile-worker';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { purgeDocuments, sweepOrphanObjects } from './purge.ts';
import { DocumentStore } from './store.ts';

export const PURGE_DOCUMENTS_TASK = 'purge_documents';
export const SWEEP_DOCUMENT_OBJECTS_TASK = 'sweep_document_objects';

/** Nightly purge at 02:47; weekly sweep of object storage on Sundays at 03:13 (server time, UTC in containers). */
export const documentsCrontab = [
  `47 2 * * * ${PURGE_DOCUMENTS_TASK} ?max=1`,
  `13 3 * * 0 ${SWEEP_DOCUMENT_OBJECTS_TASK} ?max=1`,
].join('\n');

export function documentTasks(context: { db: Db; config: Config; logger: Logger }): TaskList {
  let store: DocumentStore | undefined;
  const storeOf = () => {
    store ??= new DocumentStore(context.config.documents);
    return store;
  };
  return {
    [PURGE_DOCUMENTS_TASK]: async () => {
      const result = await purgeDocuments(context.db, storeOf(), context.config.documents);
      if (result.linksReleased || result.documentsPurged || result.blobsPurged) {
        context.logger.info(result, 'documents purged');
      }
    },
    [SWEEP_DOCUMENT_OBJECTS_TASK]: async () => {
      const swept = await sweepOrphanObjects(context.db, storeOf());
      if (swept) context.logger.info({ swept }, 'orphan document objects removed from object storage');
    },
  };
}
