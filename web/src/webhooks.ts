// The webhooks API (src/webhooks): shapes and paths the dashboard uses, in one place.

export const eventTypes = [
  'letter.created',
  'letter.updated',
  'postcard.created',
  'postcard.updated',
  'cheque.created',
  'cheque.updated',
  'self_mailer.created',
  'self_mailer.updated',
  'return_envelope_order.created',
  'return_envelope_order.updated',
] as const;

export const payloadFormats = [
  { value: 'jwt', label: 'JWT (PostGrid default)' },
  { value: 'json', label: 'JSON with PostGrid-Signature' },
  { value: 'standard', label: 'Standard Webhooks' },
] as const;

export interface Webhook {
  id: string;
  live: boolean;
  url: string;
  enabledEvents: string[];
  enabled: boolean;
  disabledReason?: 'gone' | 'failing';
  payloadFormat: string;
  secret?: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookInvocation {
  id: string;
  webhook: string;
  event: string;
  type: string;
  orderID?: string;
  statusCode: number;
  errorKind?: string;
  errorMessage?: string;
  durationMs: number;
  responseBody?: string;
  attempt: number;
  nextAttemptAt?: string;
  createdAt: string;
}

export const webhookPaths = {
  list: '/webhooks',
  one: (id: string) => `/webhooks/${id}`,
  invocations: (id: string) => `/webhooks/${id}/invocations`,
  testEvent: (id: string) => `/webhooks/${id}/test`,
  resend: (id: string, eventId: string) => `/webhooks/${id}/events/${eventId}/resend`,
};

// The signing secret is returned only when a webhook is created: kept here (in memory, never stored) so
// the webhook's page can show it once.
const freshSecrets = new Map<string, string>();

export function rememberSecret(id: string, secret: string | undefined): void {
  if (secret) freshSecrets.set(id, secret);
}

export function takeSecret(id: string): string | undefined {
  const secret = freshSecrets.get(id);
  freshSecrets.delete(id);
  return secret;
}
