import { invalid } from '../errors.ts';

export const MAX_SEND_DAYS_AHEAD = 180;

/**
 * `sendDate` defaults to now (the order prints at the next midnight ET), may be up to 180 days ahead,
 * and never in the past. A bare date (`2026-12-01`) means that day; today's date means now.
 */
export function resolveSendDate(raw: string | undefined, now: Date): Date {
  if (raw === undefined || raw.trim() === '') return now;
  const text = raw.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    throw invalid(`sendDate must be an ISO 8601 date or date-time with a time zone, got "${raw}".`);
  }
  const parsed = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(parsed.getTime())) throw invalid(`sendDate is not a valid date: "${raw}".`);
  if (dateOnly && text === now.toISOString().slice(0, 10)) return now;
  if (parsed.getTime() < now.getTime()) throw invalid('sendDate cannot be in the past.');
  if (parsed.getTime() > now.getTime() + MAX_SEND_DAYS_AHEAD * 86_400_000) {
    throw invalid(`sendDate cannot be more than ${MAX_SEND_DAYS_AHEAD} days in the future.`);
  }
  return parsed;
}
