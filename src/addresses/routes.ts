import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { responses } from '../http/schemas.ts';
import { failedAddressPolicy, SETTINGS_PATH, setFailedAddressPolicy } from './order-guard.ts';
import {
  BatchBody,
  BatchResponse,
  CityStatesBody,
  CityStatesResponse,
  SettingsBody,
  SettingsResponse,
  SuggestionsResponse,
  VerifyBody,
  VerifyQuery,
  VerifyResponse,
  ZipCodesBody,
  ZipCodesResponse,
} from './schemas.ts';
import { lookupCityState, lookupZipCodes, suggestAddresses, verifyAddress, verifyBatch } from './service.ts';

export const ADDVER_PREFIX = '/v1/addver';

/**
 * PostGrid's address verification API, at its own root (`/v1/addver`, where the official SDK sends
 * requests made with its address-verification key). Any key of the organization answers, test or live.
 */
export const addressVerificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['Address verification'];
  app.post(
    '/verifications',
    { schema: { tags, querystring: VerifyQuery, body: VerifyBody, response: responses(VerifyResponse) } },
    async (request) => {
      auth(request);
      return verifyAddress(request.body.address, request.query);
    },
  );
  app.post(
    '/verifications/batch',
    { schema: { tags, querystring: VerifyQuery, body: BatchBody, response: responses(BatchResponse) } },
    async (request) => {
      auth(request);
      return verifyBatch(request.body.addresses, request.query);
    },
  );
  app.post(
    '/suggestions',
    {
      schema: { tags, querystring: VerifyQuery, body: VerifyBody, response: responses(SuggestionsResponse) },
    },
    async (request) => {
      auth(request);
      return suggestAddresses(request.body.address, request.query);
    },
  );
  app.post(
    '/city_states',
    { schema: { tags, body: CityStatesBody, response: responses(CityStatesResponse) } },
    async (request) => {
      auth(request);
      return lookupCityState(request.body.postalOrZip, request.body.country);
    },
  );
  app.post(
    '/zip_codes',
    { schema: { tags, body: ZipCodesBody, response: responses(ZipCodesResponse) } },
    async (request) => {
      auth(request);
      return lookupZipCodes(request.body.city, request.body.provinceOrState, request.body.country);
    },
  );
};

/** The organization's choice for live orders to failed addresses, under the print-mail API. */
export const addressSettingsRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Address verification'];
  app.get(SETTINGS_PATH, { schema: { tags, response: responses(SettingsResponse) } }, async (request) => ({
    object: 'address_verification_settings' as const,
    failedAddresses: await failedAddressPolicy(db, auth(request).organizationId),
  }));
  app.post(
    SETTINGS_PATH,
    { schema: { tags, body: SettingsBody, response: responses(SettingsResponse) } },
    async (request) => {
      await setFailedAddressPolicy(db, auth(request).organizationId, request.body.failedAddresses);
      return {
        object: 'address_verification_settings' as const,
        failedAddresses: request.body.failedAddresses,
      };
    },
  );
};
