// Every field of every create (and update) body, against PostGrid's reference spec and mailstream's own
// schemas: each one is sent with a valid value and must come back (in the create's answer and when read
// again), or be refused with a 400 that names it. A field the spec adds, or one a schema here accepts,
// without a sample below fails this test: nothing accepted is silently dropped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TObject } from '@sinclair/typebox';
import { BankAccountCreate } from '../../src/bank-accounts/schemas.ts';
import { ChequeCreate } from '../../src/cheques/schemas.ts';
import { ContactCreate } from '../../src/contacts/schemas.ts';
import { LetterCreate } from '../../src/letters/schemas.ts';
import { PostcardCreate } from '../../src/postcards/schemas.ts';
import { ReturnEnvelopeCreate, ReturnEnvelopeOrderCreate } from '../../src/return-envelopes/schemas.ts';
import { SelfMailerCreate } from '../../src/self-mailers/schemas.ts';
import { TemplateCreate, TemplateUpdate } from '../../src/templates/schemas.ts';
import { WebhookCreate, WebhookUpdate } from '../../src/webhooks/schemas.ts';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { postgridSpec, specAllows, specBodyFields, specObjectFields } from '../support/postgrid-spec.ts';

type Json = Record<string, any>;

interface Sample {
  value: unknown;
  /** Fields of the base body to leave out: the alternatives of this one (html when sending template). */
  omit?: string[];
  /** Fields the base body needs with this one (a CA account for CA-only fields). */
  with?: Json;
  /** How the stored resource shows the value; by default the same field holds it, deep-equal. */
  echo?: (resource: Json, value: any) => void;
  /** Refused on purpose: the 400's message, which must name the field. */
  refused?: RegExp;
  /** Shown in the create's answer only (a webhook secret). */
  createOnly?: boolean;
}

interface Endpoint {
  name: string;
  /** The create's schema in the reference spec; none for mailstream's own resources. */
  spec?: string;
  ours: TObject;
  path: () => string;
  /** Where the made resource is read back. */
  read: (made: Json) => string;
  base: () => Json;
  samples: Record<string, Sample[]>;
}

let t: TestApp;
const ids: Record<'contact' | 'template' | 'usBank' | 'caBank' | 'returnEnvelope' | 'webhook', string> = {
  contact: '',
  template: '',
  usBank: '',
  caBank: '',
  returnEnvelope: '',
  webhook: '',
};

async function made(path: string, json: unknown): Promise<string> {
  const response = await t.api(path, { method: 'POST', json });
  assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
  return response.body.id;
}

before(async () => {
  t = await startTestApp();
  ids.contact = await made('/contacts', usAddress({ firstName: 'Grace' }));
  ids.template = await made('/templates', { html: '<p>{{to.firstName}} {{code}}</p>' });
  ids.usBank = await made('/bank_accounts', usBank);
  ids.caBank = await made('/bank_accounts', { ...caBankFields, bankName: 'Banque', signatureText: 'A' });
  ids.returnEnvelope = await made('/return_envelopes', { to: senderAddress({ companyName: 'Returns' }) });
  // Stock for the letters and cheques that take an envelope.
  const order = await made(`/return_envelopes/${ids.returnEnvelope}/orders`, { quantityOrdered: 5000 });
  await t.api(`/return_envelopes/${ids.returnEnvelope}/orders/${order}/fills`, { method: 'POST' });
  ids.webhook = await made('/webhooks', webhookBase());
});
after(async () => {
  await t.close();
});

const usBank = usBankAccount();
const caBankFields = {
  bankCountryCode: 'CA',
  accountNumber: '9876543210',
  routeNumber: '003',
  transitNumber: '00011',
};
const webhookBase = () => ({
  url: 'https://hooks.example.com/mailstream',
  enabledEvents: ['letter.created'],
});

/**
 * Every field PostGrid defines for a contact, with values unlike the defaults: a person here, a company
 * below (the spec's ContactCreate is oneOf a contact with a first name and one with a company name).
 */
const fullContact = {
  firstName: 'Katherine',
  lastName: 'Johnson',
  email: 'kj@example.com',
  phoneNumber: '+1 757 555 0100',
  jobTitle: 'Mathematician',
  addressLine1: '100 Exploration Way',
  addressLine2: 'Building 1',
  city: 'Hampton',
  provinceOrState: 'VA',
  postalOrZip: '23666',
  countryCode: 'US',
  skipVerification: true,
  forceVerifiedStatus: true,
  description: 'Inline contact',
  metadata: { source: 'spec' },
};
const companyContact = {
  companyName: 'NASA Langley',
  addressLine1: '100 Exploration Way',
  city: 'Hampton',
  provinceOrState: 'VA',
  postalOrZip: '23666',
  countryCode: 'US',
};
const base64Pdf = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');
const future = new Date(Date.now() + 3 * 86_400_000).toISOString();

// How a value shows on the resource when it is not simply the same field.
const containsAll = (field: string) => (resource: Json, value: Json) => {
  for (const [key, expected] of Object.entries(value))
    assert.deepEqual(resource[field]?.[key], expected, `${field}.${key}`);
};
const contactId = (field: string) => (resource: Json, value: string) =>
  assert.equal(resource[field]?.id, value);
const shownAs = (field: string) => (resource: Json, value: unknown) =>
  assert.deepEqual(resource[field], value);
const sameInstant = (field: string) => (resource: Json, value: string) =>
  assert.equal(Date.parse(resource[field]), Date.parse(value));
const contactSamples = (field: string): Sample[] => [
  { value: fullContact, echo: containsAll(field) },
  { value: companyContact, echo: containsAll(field) },
  { value: '', echo: contactId(field) },
];
const refusedFile = (field: string, omit: string[] = []): Sample => ({
  value: base64Pdf,
  omit,
  refused: new RegExp(
    `^${field} must be an http\\(s\\) URL of a PDF; to send the file itself, upload it as multipart/form-data\\.$`,
  ),
});
const orderCommon = (kind: { extraServices: boolean }): Record<string, Sample[]> => ({
  description: [{ value: 'Spec field check' }],
  metadata: [{ value: { campaign: 'spec', n: 1 } }],
  mergeVariables: [{ value: { code: 'SPEC-1' } }],
  sendDate: [{ value: future, echo: sameInstant('sendDate') }],
  mailingClass: [
    { value: 'standard_class' },
    kind.extraServices
      ? {
          value: 'usps_first_class_certified',
          echo: (r) => {
            assert.equal(r.mailingClass, 'usps_first_class_certified');
            assert.equal(r.extraService, 'certified');
          },
        }
      : {
          value: 'usps_first_class_certified',
          refused:
            /^mailingClass usps_first_class_certified \(extraService certified\): extra services are only available for letters and cheques/,
        },
  ],
  to: contactSamples('to'),
  from: contactSamples('from'),
});
const notForThisKind: Sample[] = [
  { value: 'certified', refused: /^extraService: extra services are only available for letters and cheques/ },
];
const orderRead = (path: string) => (made: Json) => `${path}/${made.id}`;

const endpoints = (): Endpoint[] => [
  {
    name: 'contacts',
    spec: 'ContactCreate',
    ours: ContactCreate,
    path: () => '/contacts',
    read: orderRead('/contacts'),
    base: () => usAddress(),
    samples: {
      ...Object.fromEntries(
        Object.entries({ ...fullContact, ...companyContact })
          .filter(([field]) => field !== 'countryCode')
          .map(([field, value]) => [field, [{ value }]]),
      ),
      countryCode: [{ value: 'CA', with: { city: 'Ottawa', provinceOrState: 'ON', postalOrZip: 'K1A 0B1' } }],
    },
  },
  {
    name: 'templates',
    spec: 'TemplateCreate',
    ours: TemplateCreate,
    path: () => '/templates',
    read: orderRead('/templates'),
    base: () => ({ html: '<p>Hello</p>' }),
    samples: {
      html: [{ value: '<p>Hi {{to.firstName}}</p>' }],
      description: [{ value: 'Welcome' }],
      metadata: [{ value: { v: 2 } }],
    },
  },
  {
    name: 'template updates',
    spec: 'TemplateUpdate',
    ours: TemplateUpdate,
    path: () => `/templates/${ids.template}`,
    read: () => `/templates/${ids.template}`,
    base: () => ({}),
    samples: {
      html: [{ value: '<p>{{to.firstName}} {{code}}!</p>' }],
      description: [{ value: 'Updated' }],
      metadata: [{ value: { v: 3 } }],
    },
  },
  {
    name: 'letters',
    spec: 'LetterCreate',
    ours: LetterCreate,
    path: () => '/letters',
    read: orderRead('/letters'),
    base: () => ({ to: usAddress(), from: senderAddress(), html: '<p>Hello</p>' }),
    samples: {
      ...orderCommon({ extraServices: true }),
      html: [{ value: '<p>Dear {{to.lastName}}</p>' }],
      template: [{ value: '', omit: ['html'], with: { mergeVariables: { code: 'T' } } }],
      pdf: [
        { value: 'https://example.com/letter.pdf', omit: ['html'], echo: shownAs('uploadedPDF') },
        refusedFile('pdf', ['html']),
      ],
      size: [{ value: 'a4' }],
      color: [{ value: true }],
      doubleSided: [{ value: true }],
      addressPlacement: [{ value: 'insert_blank_page' }],
      envelope: [{ value: 'envelope_custom_window' }],
      perforatedPage: [{ value: 1 }],
      extraService: [{ value: 'certified' }],
      returnEnvelope: [{ value: '' }],
      attachedPDF: [
        { value: { file: 'https://example.com/terms.pdf', placement: 'before_template' } },
        { value: { file: 'https://example.com/annex.pdf', placement: 'after_template' } },
        {
          value: { file: base64Pdf, placement: 'after_template' },
          refused:
            /^attachedPDF\.file must be an http\(s\) URL of a PDF; to send the file itself, upload it as multipart\/form-data\.$/,
        },
      ],
      plasticCard: [
        { value: { size: 'standard', singleSided: { html: '<p>Card {{to.firstName}}</p>' } } },
        {
          value: { size: 'standard', singleSided: { template: '' } },
          with: { mergeVariables: { code: 'C' } },
        },
        { value: { size: 'standard', singleSided: { pdf: 'https://example.com/card.pdf' } } },
        {
          value: { size: 'standard', doubleSided: { frontHTML: '<p>Front</p>', backTemplate: '' } },
          with: { mergeVariables: { code: 'C' } },
        },
        {
          value: { size: 'standard', doubleSided: { frontTemplate: '', backHTML: '<p>Back</p>' } },
          with: { mergeVariables: { code: 'C' } },
        },
        { value: { size: 'standard', doubleSided: { pdf: 'https://example.com/card-2.pdf' } } },
      ],
    },
  },
  {
    name: 'postcards',
    spec: 'PostcardCreate',
    ours: PostcardCreate,
    path: () => '/postcards',
    read: orderRead('/postcards'),
    base: () => ({ to: usAddress(), size: '6x4', frontHTML: '<p>Front</p>', backHTML: '<p>Back</p>' }),
    samples: {
      ...orderCommon({ extraServices: false }),
      size: [{ value: '9x6' }],
      frontHTML: [{ value: '<h1>{{to.firstName}}</h1>' }],
      backHTML: [{ value: '<p>See you</p>' }],
      frontTemplate: [{ value: '', omit: ['frontHTML'], with: { mergeVariables: { code: 'F' } } }],
      backTemplate: [{ value: '', omit: ['backHTML'], with: { mergeVariables: { code: 'B' } } }],
      pdf: [
        {
          value: 'https://example.com/postcard.pdf',
          omit: ['frontHTML', 'backHTML'],
          echo: shownAs('uploadedPDF'),
        },
        refusedFile('pdf', ['frontHTML', 'backHTML']),
      ],
      extraService: notForThisKind,
    },
  },
  {
    name: 'self-mailers',
    spec: 'SelfMailerCreate',
    ours: SelfMailerCreate,
    path: () => '/self-mailers',
    read: orderRead('/self_mailers'),
    base: () => ({
      to: usAddress(),
      from: senderAddress(),
      size: '8.5x11_bifold',
      insideHTML: '<p>In</p>',
      outsideHTML: '<p>Out</p>',
    }),
    samples: {
      ...orderCommon({ extraServices: false }),
      size: [{ value: '8.5x11_trifold' }],
      insideHTML: [{ value: '<p>Inside {{to.firstName}}</p>' }],
      outsideHTML: [{ value: '<p>Outside</p>' }],
      insideTemplate: [{ value: '', omit: ['insideHTML'], with: { mergeVariables: { code: 'I' } } }],
      outsideTemplate: [{ value: '', omit: ['outsideHTML'], with: { mergeVariables: { code: 'O' } } }],
      pdf: [
        {
          value: 'https://example.com/mailer.pdf',
          omit: ['insideHTML', 'outsideHTML'],
          echo: shownAs('uploadedPDF'),
        },
        refusedFile('pdf', ['insideHTML', 'outsideHTML']),
      ],
      extraService: notForThisKind,
    },
  },
  {
    name: 'cheques',
    spec: 'ChequeCreate',
    ours: ChequeCreate,
    path: () => '/cheques',
    read: orderRead('/cheques'),
    base: () => ({ to: usAddress(), from: senderAddress(), bankAccount: ids.usBank, amount: 100 }),
    samples: {
      ...orderCommon({ extraServices: true }),
      bankAccount: [{ value: '', echo: (r) => assert.equal(r.bankAccount, ids.caBank) }],
      amount: [{ value: 123_459 }],
      currencyCode: [{ value: 'CAD' }],
      number: [{ value: 424_242 }],
      memo: [{ value: 'Invoice 7' }],
      message: [{ value: '<p>Thank you</p>' }],
      logoURL: [{ value: 'https://example.com/logo.png' }],
      size: [{ value: 'us_legal' }],
      envelope: [{ value: 'envelope_cheque_window' }],
      extraService: [{ value: 'certified' }],
      redirectTo: [
        { value: fullContact, echo: containsAll('redirectTo') },
        { value: companyContact, echo: containsAll('redirectTo') },
        { value: '', echo: contactId('redirectTo') },
      ],
      letterHTML: [{ value: '<p>Attached {{to.firstName}}</p>' }],
      letterTemplate: [{ value: '', with: { mergeVariables: { code: 'L' } } }],
      letterPDF: [{ value: 'https://example.com/cheque-letter.pdf', echo: shownAs('letterUploadedPDF') }],
      returnEnvelope: [{ value: '' }],
      digitalOnly: [
        {
          value: { watermark: 'VOID' },
          echo: (r, value) => {
            assert.deepEqual(r.digitalOnly, value);
            assert.equal(r.status, 'cancelled');
            assert.deepEqual(r.cancellation, { reason: 'digital_only' });
          },
        },
      ],
    },
  },
  {
    name: 'bank accounts',
    spec: 'BankAccountCreate',
    ours: BankAccountCreate,
    path: () => '/bank_accounts',
    read: orderRead('/bank_accounts'),
    base: () => ({ ...usBank }),
    samples: {
      bankName: [{ value: 'Second Test Bank' }],
      bankPrimaryLine: [{ value: '145 Mulberry St' }],
      bankSecondaryLine: [{ value: 'New York NY 10013' }],
      bankCountryCode: [{ value: 'CA', omit: ['routingNumber'], with: caBankFields }],
      // Only its last four digits ever leave.
      accountNumber: [{ value: '000987654321', echo: (r) => assert.equal(r.accountNumber, '4321') }],
      routingNumber: [{ value: '011000015' }],
      routeNumber: [{ value: '004', omit: ['routingNumber'], with: caBankFields }],
      transitNumber: [{ value: '00022', omit: ['routingNumber'], with: caBankFields }],
      caDesignationNumber: [{ value: '123', omit: ['routingNumber'], with: caBankFields }],
      signatureText: [{ value: 'Grace Hopper' }],
      signatureImage: [
        { value: 'https://example.com/signature.png', omit: ['signatureText'] },
        {
          value: Buffer.from('PNG').toString('base64'),
          omit: ['signatureText'],
          refused:
            /^signatureImage must be a PNG or JPEG image: a file \(multipart upload\) or its http\(s\) URL\.$/,
        },
      ],
      description: [{ value: 'Payroll' }],
      metadata: [{ value: { dept: 'ops' } }],
    },
  },
  {
    name: 'return envelopes',
    ours: ReturnEnvelopeCreate,
    path: () => '/return_envelopes',
    read: orderRead('/return_envelopes'),
    // One envelope per contact: each create addresses a new one.
    base: () => ({ to: senderAddress({ companyName: `Returns ${Math.random()}` }) }),
    samples: {
      to: [{ value: { ...companyContact, companyName: 'Returns desk' }, echo: containsAll('to') }],
      description: [{ value: 'Replies' }],
      metadata: [{ value: { po: 'R-1' } }],
    },
  },
  {
    name: 'return-envelope orders',
    ours: ReturnEnvelopeOrderCreate,
    path: () => `/return_envelopes/${ids.returnEnvelope}/orders`,
    read: (made) => `/return_envelopes/${ids.returnEnvelope}/orders/${made.id}`,
    base: () => ({ quantityOrdered: 5000 }),
    samples: {
      quantityOrdered: [{ value: 7500 }],
      description: [{ value: 'Second batch' }],
      metadata: [{ value: { po: 'A-2' } }],
    },
  },
  {
    name: 'webhooks',
    ours: WebhookCreate,
    path: () => '/webhooks',
    read: orderRead('/webhooks'),
    base: webhookBase,
    samples: {
      url: [{ value: 'https://hooks.example.com/other?x=1' }],
      enabledEvents: [{ value: ['cheque.created', 'cheque.updated'] }],
      description: [{ value: 'Ops hook' }],
      metadata: [{ value: { team: 'ops' } }],
      secret: [{ value: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createOnly: true }],
      payloadFormat: [{ value: 'standard' }],
      enabled: [{ value: false }],
    },
  },
  {
    name: 'webhook updates',
    ours: WebhookUpdate,
    path: () => `/webhooks/${ids.webhook}`,
    read: () => `/webhooks/${ids.webhook}`,
    base: () => ({}),
    samples: {
      url: [{ value: 'https://hooks.example.com/moved' }],
      enabledEvents: [{ value: ['postcard.created'] }],
      description: [{ value: 'Renamed' }],
      metadata: [{ value: { team: 'billing' } }],
      payloadFormat: [{ value: 'json' }],
      enabled: [{ value: false }],
    },
  },
];

/** Ids of resources made in `before`, filled into samples that name one (an empty value). */
function withIds(field: string, value: unknown): unknown {
  const idFor: Record<string, string> = {
    to: ids.contact,
    from: ids.contact,
    redirectTo: ids.contact,
    template: ids.template,
    frontTemplate: ids.template,
    backTemplate: ids.template,
    insideTemplate: ids.template,
    outsideTemplate: ids.template,
    letterTemplate: ids.template,
    returnEnvelope: ids.returnEnvelope,
    bankAccount: ids.caBank,
  };
  if (value === '' && idFor[field]) return idFor[field];
  if (field === 'plasticCard') {
    const card = JSON.parse(JSON.stringify(value)) as Json;
    for (const side of Object.values(card)) {
      if (!side || typeof side !== 'object') continue;
      for (const key of Object.keys(side))
        if (/template$/i.test(key) && side[key] === '') side[key] = ids.template;
    }
    return card;
  }
  return value;
}

/** The samples of a spec field send every nested field the spec defines for it, at every level. */
function assertNestedCovered(schemasOfField: Json[], values: unknown[], path: string): void {
  for (const schema of schemasOfField) {
    const nested = specObjectFields(schema);
    if (!nested) continue;
    const objects = values.filter((v): v is Json => !!v && typeof v === 'object' && !Array.isArray(v));
    for (const [sub, subSchemas] of nested) {
      const having = objects.filter((o) => sub in o).map((o) => o[sub]);
      assert.ok(having.length > 0, `${path}.${sub}: PostGrid defines it and no sample sends it`);
      assertNestedCovered(subSchemas, having, `${path}.${sub}`);
    }
  }
}

describe('every create body field is stored and echoed, or refused by name', () => {
  for (const endpoint of endpoints()) {
    test(endpoint.name, async () => {
      const ours = Object.keys(endpoint.ours.properties);
      const spec = endpoint.spec ? specBodyFields(endpoint.spec) : new Map<string, Json[]>();
      const fields = [...new Set([...spec.keys(), ...ours])];
      for (const field of Object.keys(endpoint.samples)) {
        assert.ok(fields.includes(field), `${endpoint.name}: a sample for ${field}, which no schema defines`);
      }
      for (const field of fields) {
        const samples = endpoint.samples[field];
        assert.ok(
          samples?.length,
          `${endpoint.name}.${field} (${spec.has(field) ? 'PostGrid' : 'mailstream'}): no sample; make it work or refuse it, and add one`,
        );
        const values = samples.map((s) => withIds(field, s.value));
        const specSchemas = spec.get(field);
        if (specSchemas) {
          for (const value of values) {
            assert.ok(
              specAllows(specSchemas, value),
              `${endpoint.name}.${field}: ${JSON.stringify(value)} is not a value PostGrid takes`,
            );
          }
          assertNestedCovered(specSchemas, values, `${endpoint.name}.${field}`);
        }
        for (const [i, sample] of samples.entries()) {
          const value = values[i];
          const body: Json = { ...endpoint.base(), ...sample.with, [field]: value };
          for (const omitted of sample.omit ?? []) delete body[omitted];
          const context = `${endpoint.name}.${field} = ${JSON.stringify(value).slice(0, 120)}`;
          const response = await t.api(endpoint.path(), { method: 'POST', json: body });
          if (sample.refused) {
            assert.equal(response.status, 400, `${context}: ${JSON.stringify(response.body)}`);
            assert.equal(response.body.error.type, 'validation_error', context);
            assert.match(response.body.error.message, sample.refused, context);
            assert.ok(response.body.error.message.includes(field), `${context}: the message names the field`);
            continue;
          }
          assert.equal(response.status, 200, `${context}: ${JSON.stringify(response.body)}`);
          const echo = sample.echo ?? shownAs(field);
          echo(response.body, value);
          if (sample.createOnly) continue;
          const read = await t.api(endpoint.read(response.body));
          assert.equal(read.status, 200, context);
          echo(read.body, value);
        }
      }
    });
  }
});

test("every create endpoint of PostGrid's spec is one of the above, or answers that it is not offered", async () => {
  const covered = new Map([
    ['/contacts', 'ContactCreate'],
    ['/templates', 'TemplateCreate'],
    ['/templates/{id}', 'TemplateUpdate'],
    ['/letters', 'LetterCreate'],
    ['/postcards', 'PostcardCreate'],
    ['/self-mailers', 'SelfMailerCreate'],
    ['/cheques', 'ChequeCreate'],
    ['/bank_accounts', 'BankAccountCreate'],
  ]);
  // Boxes (many cheques shipped in one box to one address) are not offered: refused as an unknown route.
  const notOffered = ['/boxes'];
  const tested = new Set(endpoints().map((e) => e.spec));
  for (const [path, operations] of Object.entries(postgridSpec.paths)) {
    const body = operations.post?.requestBody?.content?.['application/json']?.schema?.$ref as
      | string
      | undefined;
    if (!body) continue;
    const schema = body.replace('#/components/schemas/', '');
    if (notOffered.includes(path)) {
      const response = await t.api(path, { method: 'POST', json: {} });
      assert.equal(response.status, 404, path);
      assert.equal(response.body.error.type, 'not_found_error');
      assert.match(response.body.error.message, new RegExp(`^Route POST /print-mail/v1${path} not found`));
      continue;
    }
    assert.equal(
      covered.get(path),
      schema,
      `${path} (${schema}): a create endpoint this test does not cover`,
    );
    assert.ok(tested.has(schema), schema);
  }
});
