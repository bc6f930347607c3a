import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { VALIDATE_IMPORTS_TASK } from './service.ts';
import { validatePendingImports } from './validate.ts';

/** Every minute, and at each worker start: imports left validating by a worker that died are taken up. */
export const importsCrontab = `* * * * * ${VALIDATE_IMPORTS_TASK} ?max=1`;

export function importTasks(context: { db: Db; logger: Logger }): TaskList {
  return {
    [VALIDATE_IMPORTS_TASK]: async () => {
      const finished = await validatePendingImports(context.db);
      if (finished) context.logger.info({ finished }, 'mailing list imports validated');
    },
  };
}
