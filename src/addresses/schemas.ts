import { Type } from '@sinclair/typebox';
import { Body } from '../http/schemas.ts';

const text = (maxLength: number) => Type.String({ maxLength });

export const StructuredAddress = Body({
  line1: text(200),
  line2: Type.Optional(text(200)),
  city: Type.Optional(text(100)),
  provinceOrState: Type.Optional(text(100)),
  postalOrZip: Type.Optional(text(20)),
  country: Type.Optional(
    Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2; us if omitted.' }),
  ),
  recipient: Type.Optional(text(200)),
  firmName: Type.Optional(text(200)),
});

export const AddressParam = Type.Union([
  Type.String({
    minLength: 1,
    maxLength: 500,
    description: 'A free-form address on one line, country code last.',
  }),
  StructuredAddress,
]);

export const VerifyQuery = Type.Object({
  includeDetails: Type.Optional(Type.Boolean()),
  properCase: Type.Optional(Type.Boolean()),
  geocode: Type.Optional(Type.Boolean()),
});

export const VerifyBody = Body({ address: AddressParam });
export const BatchBody = Body({ addresses: Type.Array(AddressParam, { minItems: 1, maxItems: 2000 }) });

const words = Type.Array(Type.String());
export const Errors = Type.Object({
  line1: Type.Optional(words),
  line2: Type.Optional(words),
  city: Type.Optional(words),
  provinceOrState: Type.Optional(words),
  postalOrZip: Type.Optional(words),
  country: Type.Optional(words),
  generic: Type.Optional(words),
});

export const VerifiedAddress = Type.Object({
  line1: Type.String(),
  line2: Type.Optional(Type.String()),
  city: Type.String(),
  provinceOrState: Type.String(),
  postalOrZip: Type.String(),
  zipPlus4: Type.Optional(Type.String()),
  firmName: Type.Optional(Type.String()),
  country: Type.String({ description: 'Lower-case ISO code, as PostGrid answers.' }),
  countryName: Type.Optional(Type.String()),
  status: Type.Union([Type.Literal('verified'), Type.Literal('corrected'), Type.Literal('failed')]),
  errors: Errors,
  changes: Type.Array(
    Type.Object({ field: Type.String(), from: Type.String(), to: Type.String(), reason: Type.String() }),
    { description: 'mailstream: each change made, with its rule (Pub 28 section or appendix).' },
  ),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

const envelope = <T extends ReturnType<typeof Type.Object> | ReturnType<typeof Type.Array>>(data: T) =>
  Type.Object({
    status: Type.Union([Type.Literal('success'), Type.Literal('error')]),
    message: Type.String(),
    data,
  });

export const VerifyResponse = envelope(VerifiedAddress);
export const BatchResponse = envelope(
  Type.Object({ results: Type.Array(Type.Object({ verifiedAddress: VerifiedAddress, errors: Errors })) }),
);
export const SuggestionsResponse = envelope(Type.Array(VerifiedAddress));

export const CityStatesBody = Body({
  postalOrZip: Type.String({ minLength: 1, maxLength: 20 }),
  country: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
});
export const CityStatesResponse = envelope(
  Type.Object({
    city: Type.String(),
    provinceOrState: Type.String(),
    postalOrZip: Type.String(),
    country: Type.String(),
  }),
);
export const ZipCodesBody = Body({
  city: Type.String({ minLength: 1, maxLength: 100 }),
  provinceOrState: Type.String({ minLength: 1, maxLength: 100 }),
  country: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
});
export const ZipCodesResponse = envelope(
  Type.Object({
    city: Type.String(),
    provinceOrState: Type.String(),
    country: Type.String(),
    zipCodes: Type.Array(Type.String()),
  }),
);

export const SettingsBody = Body({
  failedAddresses: Type.Union([Type.Literal('refuse'), Type.Literal('allow')]),
});
export const SettingsResponse = Type.Object({
  object: Type.Literal('address_verification_settings'),
  failedAddresses: Type.Union([Type.Literal('refuse'), Type.Literal('allow')]),
});
