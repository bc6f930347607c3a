import type { ExtraService } from '../db/schema.ts';
import { invalid } from '../errors.ts';
import type { MailingClass } from './schemas.ts';

// PostGrid's newer API folds extra services into the mailing class; both spellings are accepted and the
// order reports both `mailingClass` and `extraService`.
const impliedExtraService: Partial<Record<MailingClass, ExtraService>> = {
  certified: 'certified',
  certified_return_receipt: 'certified_return_receipt',
  registered: 'registered',
  usps_first_class_certified: 'certified',
  usps_first_class_certified_return_receipt: 'certified_return_receipt',
  usps_first_class_registered: 'registered',
  usps_express_3_day_certified: 'certified',
  usps_express_3_day_certified_return_receipt: 'certified_return_receipt',
};

const standardClasses = new Set<MailingClass>(['standard_class', 'usps_standard_class', 'usps_eddm']);

export function isStandardClass(mailingClass: string): boolean {
  return standardClasses.has(mailingClass as MailingClass);
}

/** Classes whose pieces carry a carrier tracking number (express, and every extra service). */
export function isExpressClass(mailingClass: string): boolean {
  return mailingClass === 'express' || mailingClass.includes('express');
}

export interface MailingChoice {
  mailingClass: MailingClass;
  extraService: ExtraService | null;
}

/** Applies BRIEF §8: extra services for letters and cheques only, to US addresses, never standard class. */
export function resolveMailing(
  input: { mailingClass?: MailingClass; extraService?: ExtraService },
  rules: { kindLabel: string; allowsExtraService: boolean; destinationCountry: string },
): MailingChoice {
  const mailingClass = input.mailingClass ?? 'first_class';
  const implied = impliedExtraService[mailingClass];
  if (input.extraService && implied && input.extraService !== implied) {
    throw invalid(`extraService ${input.extraService} contradicts mailingClass ${mailingClass}.`);
  }
  const extraService = input.extraService ?? implied ?? null;
  if (extraService) {
    if (!rules.allowsExtraService) {
      // Named by the field the client sent: extraService, or a mailing class that includes one.
      const given = input.extraService
        ? 'extraService'
        : `mailingClass ${mailingClass} (extraService ${implied})`;
      throw invalid(
        `${given}: extra services are only available for letters and cheques, not ${rules.kindLabel}s.`,
      );
    }
    if (rules.destinationCountry !== 'US') {
      throw invalid(`extraService ${extraService} is only available for US destinations.`);
    }
    if (isStandardClass(mailingClass)) {
      throw invalid(`extraService ${extraService} cannot be used with mailingClass ${mailingClass}.`);
    }
  }
  return { mailingClass, extraService };
}
