import { Type } from '@sinclair/typebox';
import { Body, Metadata } from '../http/schemas.ts';

/** Our contact fields a column can be mapped to (PostGrid's receiverAddressMapping keys). */
export const contactFields = [
  'firstName',
  'lastName',
  'companyName',
  'email',
  'phoneNumber',
  'jobTitle',
  'addressLine1',
  'addressLine2',
  'city',
  'provinceOrState',
  'postalOrZip',
  'countryCode',
  'description',
] as const;

const AddressMapping = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 200 }), {
  description: 'Contact field (addressLine1, city, postalOrZip, countryCode…) → CSV column name.',
});
const VariableMapping = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 200 }), {
  description: 'Merge variable name → CSV column name.',
});

/** The create's fields other than the file itself; in multipart bodies they arrive as text parts. */
export const ImportCreate = Body({
  file: Type.Optional(
    Type.String({ minLength: 1, description: 'https URL of the CSV, or the CSV text itself.' }),
  ),
  fileType: Type.Literal('csv'),
  receiverAddressMapping: AddressMapping,
  receiverMergeVariableMapping: Type.Optional(VariableMapping),
  senderAddressMapping: Type.Optional(AddressMapping),
  senderMergeVariableMapping: Type.Optional(VariableMapping),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
});

export const ImportUpdate = Body({
  description: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 1000 })])),
  metadata: Type.Optional(Type.Union([Type.Null(), Metadata])),
});

const StatusCount = Type.Object({
  verifiedCount: Type.Integer(),
  correctedCount: Type.Integer(),
  failedCount: Type.Integer(),
});

export const MailingListImport = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('mailing_list_import'),
    live: Type.Boolean(),
    organization: Type.String(),
    status: Type.Union([
      Type.Literal('validating'),
      Type.Literal('completed'),
      Type.Literal('changes_required'),
    ]),
    file: Type.Object({}, { additionalProperties: true }),
    validRowCount: Type.Integer(),
    invalidRowCount: Type.Integer(),
    receiverStatusCount: StatusCount,
    senderStatusCount: Type.Optional(StatusCount),
    errors: Type.Array(Type.Object({ type: Type.String(), message: Type.String() })),
    notes: Type.Array(Type.Object({ type: Type.String(), message: Type.String() })),
    reportURL: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    metadata: Type.Optional(Metadata),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: true },
);

export const RowStatus = Type.Union([Type.Literal('pending'), Type.Literal('valid'), Type.Literal('failed')]);

export const RowsQuery = Type.Object({
  skip: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  status: Type.Optional(RowStatus),
});

export const ImportRow = Type.Object(
  {
    object: Type.Literal('mailing_list_import_row'),
    rowNumber: Type.Integer(),
    status: RowStatus,
    values: Type.Record(Type.String(), Type.String()),
    errors: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: true },
);
