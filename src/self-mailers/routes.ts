import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.ts';
import { registerOrderRoutes } from '../orders/routes.ts';
import { SelfMailer, SelfMailerCreate } from './schemas.ts';
import { selfMailerSpec } from './service.ts';

export const selfMailerRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  // PostGrid's reference spells /self-mailers; its current API serves /self_mailers. Both work.
  registerOrderRoutes(app, {
    db,
    paths: ['/self_mailers', '/self-mailers'],
    tag: 'Self-mailers',
    spec: selfMailerSpec,
    createBody: SelfMailerCreate,
    response: SelfMailer,
  });
};
