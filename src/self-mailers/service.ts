import type { Static } from '@sinclair/typebox';
import type { OrderKindSpec } from '../orders/service.ts';
import { resolveFaces } from '../templates/content.ts';
import type { SelfMailerCreate } from './schemas.ts';

export type SelfMailerInput = Static<typeof SelfMailerCreate>;

export const selfMailerSpec: OrderKindSpec<SelfMailerInput> = {
  kind: 'self_mailer',
  label: 'Self-mailer',
  idPrefix: 'self_mailer',
  allowsExtraService: false,
  fromRequired: true,
  details: async (input, context) => ({
    size: input.size,
    ...(await resolveFaces(
      context,
      input,
      [
        ['insideHTML', 'insideTemplate'],
        ['outsideHTML', 'outsideTemplate'],
      ],
      { kind: 'self_mailer', size: input.size },
    )),
  }),
};
