import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.ts';
import { registerOrderRoutes } from '../orders/routes.ts';
import { Postcard, PostcardCreate } from './schemas.ts';
import { postcardSpec } from './service.ts';

export const postcardRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  registerOrderRoutes(app, {
    db,
    paths: ['/postcards'],
    tag: 'Postcards',
    spec: postcardSpec,
    createBody: PostcardCreate,
    response: Postcard,
  });
};
