import type { ContactChoice } from '../components/ContactFields.tsx';
import type { FieldErrors } from './fieldErrors.ts';

/** True when nothing was picked or typed (the country code comes filled in). */
export function isBlankContact(choice: ContactChoice): boolean {
  return (
    !choice.contactId && Object.entries(choice.draft).every(([key, v]) => key === 'countryCode' || !v.trim())
  );
}

/**
 * The checks the form can make before sending, all at once: the API stops at its first complaint, so
 * without these a form with three mistakes takes three round trips to fix.
 */
export function contactProblems(field: string, choice: ContactChoice, required: boolean): FieldErrors {
  if (choice.contactId) return {};
  if (isBlankContact(choice))
    return required ? { [field]: `${field} is required: pick or type an address.` } : {};
  const { draft } = choice;
  const problems: FieldErrors = {};
  if (!draft.firstName.trim() && !draft.companyName.trim())
    problems[`${field}.firstName`] = `${field}.firstName or ${field}.companyName is required.`;
  if (!draft.addressLine1.trim()) problems[`${field}.addressLine1`] = `${field}.addressLine1 is required.`;
  if (!/^[A-Za-z]{2}$/.test(draft.countryCode.trim()))
    problems[`${field}.countryCode`] = `${field}.countryCode must be a 2-letter country code.`;
  return problems;
}
