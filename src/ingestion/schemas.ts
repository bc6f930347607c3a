import { Type } from '@sinclair/typebox';

const Text = Type.String();

/** One IV-MTR piece event (BRIEF §10); documented here, validated by parseIvmtrEvent. */
export const IvmtrEventDoc = Type.Object(
  {
    imb: Type.Optional(Type.String({ description: '20-digit tracking code + 0/5/9/11-digit routing code.' })),
    imbTrackingCode: Type.Optional(Text),
    imbRoutingCode: Type.Optional(Text),
    imbMid: Type.Optional(Text),
    imbSerialNumber: Type.Optional(Text),
    imbStid: Type.Optional(Text),
    scanDatetime: Type.String({ description: 'ISO-8601; without a zone it is read as UTC.' }),
    scanEventCode: Type.Optional(Text),
    scanFacilityZip: Type.Optional(Text),
    scanFacilityCity: Type.Optional(Text),
    scanFacilityState: Type.Optional(Text),
    mailPhase: Type.Optional(Text),
    handlingEventType: Type.Optional(Text),
    machineName: Type.Optional(Text),
    predictedDeliveryDate: Type.Optional(Text),
  },
  { additionalProperties: true },
);

/**
 * The feed body is checked by the service, not by the schema: an invalid event must be counted and
 * reported, not fail the other 9,999 (see IngestResult). The schema is the documentation.
 */
export const IvmtrBatch = Type.Unsafe<unknown>({
  description:
    '`{"events": [...]}` or a bare array of at most 10,000 IV-MTR piece events. Each event needs a piece ' +
    'identity (`imb`, `imbTrackingCode`, or `imbMid` + `imbSerialNumber`) and `scanDatetime`.',
  oneOf: [Type.Object({ events: Type.Array(IvmtrEventDoc) }), Type.Array(IvmtrEventDoc)],
});

export const IngestResultSchema = Type.Object({
  received: Type.Integer({
    description: 'Events in the request: matched + unmatched + duplicates + invalid.',
  }),
  matched: Type.Integer({ description: 'New scans matched to an order by Mailer ID + serial.' }),
  unmatched: Type.Integer({ description: 'New scans no order carries; stored and reported, never dropped.' }),
  duplicates: Type.Integer({ description: 'Scans already received (or repeated in this request); ignored.' }),
  invalid: Type.Integer({ description: 'Events that are not valid IV-MTR piece events; not stored.' }),
  errors: Type.Array(Type.Object({ index: Type.Integer(), message: Type.String() }), {
    description: 'The first 100 invalid events: position in the request (from 0) and what is wrong.',
  }),
});

export const TrackingEvent = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('tracking_event'),
    imbStatus: Type.String({ description: 'What this scan signals on its own.' }),
    imb: Type.Optional(Text),
    imbMid: Text,
    imbSerialNumber: Text,
    imbStid: Type.Optional(Text),
    scanDatetime: Type.String({ format: 'date-time' }),
    scanEventCode: Type.Optional(Text),
    scanFacilityZip: Type.Optional(Text),
    scanFacilityCity: Type.Optional(Text),
    scanFacilityState: Type.Optional(Text),
    mailPhase: Type.Optional(Text),
    handlingEventType: Type.Optional(Text),
    machineName: Type.Optional(Text),
    predictedDeliveryDate: Type.Optional(Text),
    source: Type.String({ description: 'feed, file or simulator.' }),
    receivedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const TrackingEventsQuery = Type.Object({
  skip: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  // A piece has a handful of scans; the default returns a whole timeline.
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});
