// The dashboard talks to the same API integrators use (/print-mail/v1), authenticated by the session
// cookie, plus its own few endpoints under /dashboard/api. Every state-changing request carries the
// session's CSRF token; every API request names the mode the test/live switch shows.

export type Mode = 'test' | 'live';

export interface Me {
  user: { id: string; email: string };
  organization: { id: string; name: string };
  csrfToken: string;
}

export interface List<T> {
  object: 'list';
  limit: number;
  skip: number;
  totalCount: number;
  data: T[];
}

/** An API error, with the server's message in words. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const session = { csrfToken: '', mode: 'test' as Mode, onSignedOut: () => {} };

export function setCsrfToken(token: string): void {
  session.csrfToken = token;
}

export function setMode(mode: Mode): void {
  session.mode = mode;
}

/** Called when the server says the session has ended, so the app can show the sign-in page. */
export function onSignedOut(handler: () => void): void {
  session.onSignedOut = handler;
}

type Query = Record<string, string | number | boolean | undefined>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Return the body as text (e.g. CSV) instead of parsing it as JSON. */
  text?: boolean;
}

function withQuery(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(url: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: options.text ? 'text/csv, text/plain' : 'application/json',
    'x-mailstream-mode': session.mode,
  };
  if (method !== 'GET') headers['x-csrf-token'] = session.csrfToken;
  // A FormData body (a file upload) is sent as multipart with the boundary fetch chooses.
  const form = options.body instanceof FormData ? options.body : undefined;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(url, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch {
    throw new ApiFailure(0, 'network_error', 'Could not reach the mailstream server. Check your connection.');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { type?: string; message?: string } } | undefined)?.error;
    const failure = new ApiFailure(
      response.status,
      error?.type ?? 'http_error',
      error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
    );
    if (response.status === 401 && !url.endsWith('/sign-in')) session.onSignedOut();
    throw failure;
  }
  if (options.text) return text as T;
  return parsed as T;
}

/** The public API, as the signed-in user in the current mode. */
export function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>(`/print-mail/v1${path}`, options);
}

/** PostGrid's address verification API (/v1/addver), which answers the session as it does any key. */
export function addver<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>(`/v1/addver${path}`, options);
}

/** The dashboard's own endpoints: sign-in, who am I, API keys. */
export function dashboard<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>(`/dashboard/api${path}`, options);
}

export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  return error instanceof Error ? error.message : String(error);
}
