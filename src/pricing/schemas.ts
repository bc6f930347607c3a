import { Type } from '@sinclair/typebox';

export const PriceLine = Type.Object({
  item: Type.String({
    description:
      'What is charged, e.g. printing.us_letter.bw.simplex or postage.first_class.domestic.letter.',
  }),
  quantity: Type.Integer(),
  unitAmount: Type.Integer({ description: 'Cents.' }),
  amount: Type.Integer({ description: 'quantity × unitAmount, cents.' }),
});

export const Price = Type.Object(
  {
    currency: Type.String({ description: 'ISO 4217, e.g. USD.' }),
    total: Type.Integer({ description: 'Cents: the sum of the lines. 0 once cancelled.' }),
    lines: Type.Array(PriceLine),
    rateTable: Type.String({ description: 'The rate table version that priced it.' }),
    pageCount: Type.Optional(
      Type.Integer({ description: 'Pages of content counted (letters, letters attached to cheques).' }),
    ),
    settled: Type.Boolean({
      description:
        'False while the page count is presumed (one page): content is counted once rendered, and the price then changes with an `*.updated` event.',
    }),
  },
  { description: 'What the order costs (rate table in effect on its sendDate).' },
);

export const QuoteKind = Type.Union(
  ['letter', 'postcard', 'cheque', 'self_mailer'].map((kind) => Type.Literal(kind)),
);

export const QuoteBody = Type.Object(
  { kind: QuoteKind },
  {
    additionalProperties: true,
    description:
      'The order kind, and beside it the body you would POST to create it (POST /letters, /postcards, /cheques or /self_mailers). Nothing is created.',
  },
);
