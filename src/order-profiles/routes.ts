import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { rejectFileUploads } from '../http/file-uploads.ts';
import { Deleted, IdParams, ListOf, ListQuery, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { profileKinds } from './kinds.ts';
import {
  createProfile,
  deleteProfile,
  getProfile,
  listProfilePage,
  serializeProfile,
  updateProfile,
} from './service.ts';

const Profile = (object: string) =>
  Type.Object(
    {
      id: Type.String(),
      object: Type.Literal(object),
      live: Type.Boolean(),
      createdAt: Type.String(),
      updatedAt: Type.String(),
    },
    { additionalProperties: true },
  );

/** PostGrid's order profiles: /order_profiles/letters|postcards|cheques|self_mailers, CRUD each. */
export const orderProfileRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  for (const kind of profileKinds) {
    const base = `/order_profiles/${kind.path}`;
    const tags = ['Order profiles'];
    const response = Profile(kind.object);
    app.post<{ Body: Record<string, unknown> }>(
      base,
      {
        schema: { tags, body: kind.create, response: responses(response) },
        preValidation: rejectFileUploads,
      },
      async (request, reply) => {
        const result = await idempotent(db, request, `order_profiles_${kind.path}`, (tx) =>
          createProfile(tx, auth(request), kind, request.body),
        );
        return reply.status(result.status).send(result.body);
      },
    );
    app.get<{ Querystring: { skip: number; limit: number; search?: string } }>(
      base,
      { schema: { tags, querystring: ListQuery, response: responses(ListOf(response)) } },
      async (request) => listProfilePage(db, auth(request), kind, request.query),
    );
    app.get<{ Params: { id: string } }>(
      `${base}/:id`,
      { schema: { tags, params: IdParams, response: responses(response) } },
      async (request) => serializeProfile(await getProfile(db, auth(request), kind.kind, request.params.id)),
    );
    app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      `${base}/:id`,
      {
        schema: { tags, params: IdParams, body: kind.update, response: responses(response) },
        preValidation: rejectFileUploads,
      },
      async (request) =>
        db
          .transaction()
          .execute((tx) => updateProfile(tx, auth(request), kind, request.params.id, request.body)),
    );
    app.delete<{ Params: { id: string } }>(
      `${base}/:id`,
      { schema: { tags, params: IdParams, response: responses(Deleted(kind.object)) } },
      async (request) => deleteProfile(db, auth(request), kind, request.params.id),
    );
  }
};
