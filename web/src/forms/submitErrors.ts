import { ApiFailure, errorText } from '../api.ts';
import { type FieldErrors, fieldOfMessage } from './fieldErrors.ts';

/**
 * A failed save, split into what belongs to a field (highlighted there) and what does not (shown above
 * the buttons): the API's 400 message starts with the field path it is about.
 */
export function splitFailure(
  error: unknown,
  known: readonly string[],
): { errors: FieldErrors; failure: unknown } {
  const field = error instanceof ApiFailure ? fieldOfMessage(error.message, known) : undefined;
  return field
    ? { errors: { [field]: errorText(error) }, failure: undefined }
    : { errors: {}, failure: error };
}
