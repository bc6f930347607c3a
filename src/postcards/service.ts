import type { Static } from '@sinclair/typebox';
import type { OrderKindSpec } from '../orders/service.ts';
import { resolveFaces } from '../templates/content.ts';
import type { PostcardCreate } from './schemas.ts';

export type PostcardInput = Static<typeof PostcardCreate>;

export const postcardSpec: OrderKindSpec<PostcardInput> = {
  kind: 'postcard',
  label: 'Postcard',
  idPrefix: 'postcard',
  allowsExtraService: false,
  // PostGrid: "unlike other order types, the sender address is optional for postcards".
  fromRequired: false,
  details: async (input, context) => ({
    size: input.size,
    ...(await resolveFaces(
      context,
      input,
      [
        ['frontHTML', 'frontTemplate'],
        ['backHTML', 'backTemplate'],
      ],
      { kind: 'postcard', size: input.size },
    )),
  }),
};
