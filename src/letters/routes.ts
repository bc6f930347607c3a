import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.ts';
import { registerOrderRoutes } from '../orders/routes.ts';
import { Letter, LetterCreate } from './schemas.ts';
import { letterSpec } from './service.ts';

export const letterRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  registerOrderRoutes(app, {
    db,
    paths: ['/letters'],
    tag: 'Letters',
    spec: letterSpec,
    createBody: LetterCreate,
    response: Letter,
  });
};
