import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { Deleted, IdParams, ListOf, ListQuery, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { neutralise } from '../imports/report.ts';
import { Campaign, CampaignCreate, CampaignRowsQuery, CampaignSend, CampaignUpdate } from './schemas.ts';
import {
  campaignPreview,
  campaignReportRows,
  cancelCampaign,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaignOrders,
  listCampaignPage,
  listCampaignRows,
  sendCampaign,
  updateCampaign,
} from './service.ts';
import { campaignStatusCounts, MAX_POINTS } from './status-counts.ts';

const Open = Type.Object({}, { additionalProperties: true });

export const campaignRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Campaigns'];
  const inTx = <T>(
    work: (tx: Parameters<Parameters<ReturnType<Db['transaction']>['execute']>[0]>[0]) => Promise<T>,
  ) => db.transaction().execute(work);
  app.post(
    '/campaigns',
    { schema: { tags, body: CampaignCreate, response: responses(Campaign) } },
    async (request, reply) => {
      const result = await idempotent(db, request, 'campaigns', (tx) =>
        createCampaign(tx, auth(request), request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/campaigns',
    { schema: { tags, querystring: ListQuery, response: responses(ListOf(Campaign)) } },
    async (request) => listCampaignPage(db, auth(request), request.query),
  );
  app.get(
    '/campaigns/:id',
    { schema: { tags, params: IdParams, response: responses(Campaign) } },
    async (request) => getCampaign(db, auth(request), request.params.id),
  );
  app.post(
    '/campaigns/:id',
    { schema: { tags, params: IdParams, body: CampaignUpdate, response: responses(Campaign) } },
    async (request) => inTx((tx) => updateCampaign(tx, auth(request), request.params.id, request.body)),
  );
  app.delete(
    '/campaigns/:id',
    { schema: { tags, params: IdParams, response: responses(Deleted('campaign')) } },
    async (request) => inTx((tx) => deleteCampaign(tx, auth(request), request.params.id)),
  );
  app.post(
    '/campaigns/:id/send',
    { schema: { tags, params: IdParams, body: Type.Optional(CampaignSend), response: responses(Campaign) } },
    async (request, reply) => {
      // A client whose send was cut off (a killed API process, a lost answer) retries it with the same
      // Idempotency-Key and gets the send's own answer back, not a refusal of a second send. The key is
      // the campaign's, so one key cannot replay another campaign's send.
      const { id } = request.params;
      const result = await idempotent(db, request, `campaign_send_${id}`, (tx) =>
        sendCampaign(tx, auth(request), id, request.body ?? {}),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.post(
    '/campaigns/:id/cancel',
    { schema: { tags, params: IdParams, response: responses(Campaign) } },
    async (request) => inTx((tx) => cancelCampaign(tx, auth(request), request.params.id)),
  );
  app.get(
    '/campaigns/:id/orders',
    { schema: { tags, params: IdParams, querystring: ListQuery, response: responses(ListOf(Open)) } },
    async (request) => listCampaignOrders(db, auth(request), request.params.id, request.query),
  );
  app.get(
    '/campaigns/:id/rows',
    { schema: { tags, params: IdParams, querystring: CampaignRowsQuery, response: responses(ListOf(Open)) } },
    async (request) => listCampaignRows(db, auth(request), request.params.id, request.query),
  );
  app.get(
    '/campaigns/:id/status_counts',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object({
          points: Type.Integer({ minimum: 1, maximum: MAX_POINTS, default: 24 }),
        }),
        response: responses(Open),
      },
    },
    async (request) => campaignStatusCounts(db, auth(request), request.params.id, request.query.points),
  );
  app.get(
    '/campaigns/:id/preview',
    { schema: { tags, params: IdParams, response: responses(Open) } },
    async (request) => campaignPreview(db, auth(request), request.params.id),
  );
  app.get('/campaigns/:id/report', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const rows = await campaignReportRows(db, auth(request), request.params.id);
    const csv = stringify([
      ['row', 'status', 'order', 'error', 'mailingListImport', 'importRow'],
      ...rows.map((r) =>
        [
          String(r.position),
          r.order_id ? 'created' : 'failed',
          r.order_id ?? '',
          r.error ?? '',
          r.source_import_id ?? '',
          r.source_row === null ? '' : String(r.source_row),
        ].map(neutralise),
      ),
    ]);
    return reply.header('content-type', 'text/csv; charset=utf-8').send(csv);
  });
};
