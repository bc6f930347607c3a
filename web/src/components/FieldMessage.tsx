import { errorIdOf, type FieldErrors } from '../forms/fieldErrors.ts';

/** The error under a field, which the field's aria-describedby points at. */
export function FieldMessage({ errors, field }: { errors: FieldErrors; field: string }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <span className="field-error" id={errorIdOf(field)}>
      {message}
    </span>
  );
}
