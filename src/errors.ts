/**
 * The one error class of the API. Its type is one of a closed set; the HTTP status follows from the type,
 * so a service never picks status codes and every error leaves in PostGrid's shape.
 */
export const errorStatus = {
  validation_error: 400,
  missing_auth_error: 401,
  permission_missing_error: 403,
  not_found_error: 404,
  method_not_allowed_error: 405,
  conflict_error: 409,
  payload_too_large_error: 413,
  unsupported_media_type_error: 415,
  invalid_progression_error: 422,
  order_not_cancellable_error: 422,
  idempotency_key_reused_error: 422,
  unprocessable_error: 422,
  rate_limit_exceeded_error: 429,
  internal_error: 500,
  service_unavailable_error: 503,
} as const;

export type ErrorType = keyof typeof errorStatus;

export class ApiError extends Error {
  readonly type: ErrorType;
  readonly status: number;

  constructor(type: ErrorType, message: string) {
    super(message);
    this.type = type;
    this.status = errorStatus[type];
  }
}

export function errorBody(type: ErrorType, message: string) {
  return { object: 'error' as const, error: { type, message } };
}

export const notFound = (what: string, id: string) =>
  new ApiError('not_found_error', `${what} ${id} was not found.`);
export const invalid = (message: string) => new ApiError('validation_error', message);
