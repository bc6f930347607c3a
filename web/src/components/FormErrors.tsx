import type { FieldErrors } from '../forms/fieldErrors.ts';

/** Every field problem of a form at once, above its buttons; each field shows its own too. */
export function FormErrors({ errors, what }: { errors: FieldErrors; what: string }) {
  const messages = Object.entries(errors);
  if (messages.length === 0) return null;
  return (
    <div className="error form-errors" role="alert">
      <p>
        Could not {what}: fix {messages.length === 1 ? 'this field' : `these ${messages.length} fields`}.
      </p>
      <ul>
        {messages.map(([field, message]) => (
          <li key={field} data-field={field}>
            {message}
          </li>
        ))}
      </ul>
    </div>
  );
}
