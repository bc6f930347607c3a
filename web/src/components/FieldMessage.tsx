import { errorIdOf, type FieldErrors } from '../forms/fieldErrors.ts';

/**
 * The error under a field, which the field's aria-describedby points at. It sits inside the field's
 * label, so it is hidden from the label's text: the field is named by its label and described by this.
 */
export function FieldMessage({ errors, field }: { errors: FieldErrors; field: string }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <span className="field-error" id={errorIdOf(field)} aria-hidden="true">
      {message}
    </span>
  );
}
