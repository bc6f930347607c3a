import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.ts';
import { registerOrderRoutes } from '../orders/routes.ts';
import { Cheque, ChequeCreate } from './schemas.ts';
import { chequeSpec } from './service.ts';

export const chequeRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  registerOrderRoutes(app, {
    db,
    paths: ['/cheques'],
    tag: 'Cheques',
    spec: chequeSpec,
    createBody: ChequeCreate,
    response: Cheque,
  });
};
