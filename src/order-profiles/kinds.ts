import { type TObject, Type } from '@sinclair/typebox';
import { ChequeCreate } from '../cheques/schemas.ts';
import { chequeSpec } from '../cheques/service.ts';
import type { OrderKind } from '../db/schema.ts';
import type { IdPrefix } from '../ids.ts';
import { LetterCreate } from '../letters/schemas.ts';
import { letterSpec } from '../letters/service.ts';
import type { OrderKindSpec } from '../orders/service.ts';
import { PostcardCreate } from '../postcards/schemas.ts';
import { postcardSpec } from '../postcards/service.ts';
import { SelfMailerCreate } from '../self-mailers/schemas.ts';
import { selfMailerSpec } from '../self-mailers/service.ts';

/**
 * What a profile of each kind is: the kind's own create schema without the fields that differ per
 * recipient (to, from, sendDate), so a profile accepts exactly what an order create of the kind does and
 * a campaign's order is that create with the row's contacts added.
 */
export interface ProfileKind {
  kind: OrderKind;
  path: string;
  label: string;
  object: string;
  idPrefix: IdPrefix;
  create: TObject;
  update: TObject;
  // biome-ignore lint/suspicious/noExplicitAny: each kind's spec takes its own input type
  spec: OrderKindSpec<any>;
}

const perRecipient = ['to', 'from', 'sendDate'] as const;

function profileKind(
  kind: OrderKind,
  path: string,
  label: string,
  createSchema: TObject,
  // biome-ignore lint/suspicious/noExplicitAny: each kind's spec takes its own input type
  spec: OrderKindSpec<any>,
): ProfileKind {
  const create = Type.Omit(createSchema, perRecipient);
  // PostGrid's update: only the fields given change; description and metadata may be null to remove them.
  const update = Type.Partial(
    Type.Composite([
      Type.Omit(create, ['description', 'metadata']),
      Type.Object({
        description: Type.Union([Type.Null(), Type.String({ maxLength: 1000 })]),
        metadata: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]),
      }),
    ]),
    { additionalProperties: false },
  );
  return {
    kind,
    path,
    label,
    object: `${kind}_profile`,
    idPrefix: `${kind}_profile` as IdPrefix,
    create,
    update,
    spec,
  };
}

export const profileKinds: readonly ProfileKind[] = [
  profileKind('letter', 'letters', 'Letter profile', LetterCreate, letterSpec),
  profileKind('postcard', 'postcards', 'Postcard profile', PostcardCreate, postcardSpec),
  profileKind('cheque', 'cheques', 'Cheque profile', ChequeCreate, chequeSpec),
  profileKind('self_mailer', 'self_mailers', 'Self-mailer profile', SelfMailerCreate, selfMailerSpec),
];

export function profileKindOf(kind: OrderKind): ProfileKind {
  return profileKinds.find((k) => k.kind === kind)!;
}
