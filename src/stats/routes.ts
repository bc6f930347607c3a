import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { responses } from '../http/schemas.ts';
import { Stats, StatsQuery, Usage, UsageQuery } from './schemas.ts';
import { getStats, getUsage, usageCsv } from './service.ts';

export const statsRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Stats'];
  app.get(
    '/stats',
    {
      schema: {
        tags,
        summary: 'Orders, delivery times, IMb funnel, SLA, webhooks and cost over a period',
        querystring: StatsQuery,
        response: responses(Stats),
      },
    },
    async (request) => getStats(db, auth(request), request.query),
  );
  app.get(
    '/usage',
    {
      schema: {
        tags,
        summary: 'What the orders created in a period cost, by kind and extra service (JSON or CSV)',
        querystring: UsageQuery,
        response: responses(Type.Union([Usage, Type.String({ description: 'text/csv with format=csv' })])),
      },
    },
    async (request, reply) => {
      const usage = await getUsage(db, auth(request), request.query);
      if (request.query.format !== 'csv') return usage;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="usage-${usage.from}-${usage.to}.csv"`)
        .serializer((payload: unknown) => String(payload))
        .send(usageCsv(usage));
    },
  );
};
