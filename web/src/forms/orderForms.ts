import type { Kind } from '../kinds.ts';

/** One piece of an order's content: HTML typed in, or a saved template (PostGrid's `…HTML`/`…Template`). */
export interface ContentSlot {
  html: string;
  template: string;
  label: string;
  templateLabel: string;
  starter: string;
  /** A cheque's attached letter is optional; every other kind needs its content. */
  optional?: boolean;
}

/** What the create form asks for, per kind: the fields PostGrid's create endpoint takes. */
export interface OrderForm {
  sizes: string[];
  slots: ContentSlot[];
  /** Every kind but postcards needs a return address (the API says `from is required`). */
  fromRequired: boolean;
  extraService: boolean;
}

const letter = '<p>Hello {{to.firstName}},</p>\n<p>Thank you for your order.</p>';

export const orderForms: Record<Kind['path'], OrderForm> = {
  letters: {
    sizes: ['us_letter', 'a4'],
    slots: [
      {
        html: 'html',
        template: 'template',
        label: 'HTML content',
        templateLabel: 'Template',
        starter: letter,
      },
    ],
    fromRequired: true,
    extraService: true,
  },
  postcards: {
    sizes: ['6x4', '9x6', '11x6'],
    slots: [
      {
        html: 'frontHTML',
        template: 'frontTemplate',
        label: 'Front HTML',
        templateLabel: 'Front template',
        starter: '<h1>Hello {{to.firstName}}</h1>',
      },
      {
        html: 'backHTML',
        template: 'backTemplate',
        label: 'Back HTML',
        templateLabel: 'Back template',
        starter: '<p>See you soon.</p>',
      },
    ],
    fromRequired: false,
    extraService: false,
  },
  self_mailers: {
    sizes: ['8.5x11_bifold', '8.5x11_trifold', '9.5x16_trifold'],
    slots: [
      {
        html: 'insideHTML',
        template: 'insideTemplate',
        label: 'Inside HTML',
        templateLabel: 'Inside template',
        starter: '<h1>Hello {{to.firstName}}</h1>\n<p>Our spring catalogue is inside.</p>',
      },
      {
        html: 'outsideHTML',
        template: 'outsideTemplate',
        label: 'Outside HTML',
        templateLabel: 'Outside template',
        starter: '<p>Open for this season’s offers.</p>',
      },
    ],
    fromRequired: true,
    extraService: false,
  },
  cheques: {
    sizes: ['us_letter', 'us_legal'],
    slots: [
      {
        html: 'letterHTML',
        template: 'letterTemplate',
        label: 'Attached letter HTML',
        templateLabel: 'Attached letter template',
        starter: '',
        optional: true,
      },
    ],
    fromRequired: true,
    extraService: true,
  },
};

export const sizeLabels: Record<string, string> = {
  us_letter: 'US Letter (8.5 × 11 in)',
  us_legal: 'US Legal (8.5 × 14 in)',
  a4: 'A4',
  '6x4': '6 × 4 in',
  '9x6': '9 × 6 in',
  '11x6': '11 × 6 in',
  '8.5x11_bifold': '8.5 × 11 in, bi-fold',
  '8.5x11_trifold': '8.5 × 11 in, tri-fold',
  '9.5x16_trifold': '9.5 × 16 in, tri-fold',
};
