import type { Locator, Page } from 'playwright-core';
import { createUser } from '../../src/users/service.ts';
import type { TestApp } from '../support/app.ts';

export const PASSWORD = 'correct horse battery staple';

/** A dashboard user in the test app's organization. */
export async function createTestUser(
  t: TestApp,
  email = `user-${Math.random().toString(36).slice(2)}@example.com`,
) {
  return createUser(t.database.db, { organizationId: t.org.organizationId, email, password: PASSWORD });
}

/** The value of the session cookie a response sets, and the whole Set-Cookie header. */
export function sessionCookieOf(headers: Headers): { value: string; header: string } | undefined {
  const header = headers.getSetCookie().find((c) => c.startsWith('mailstream_session='));
  if (!header) return undefined;
  return { value: header.slice('mailstream_session='.length).split(';')[0]!, header };
}

export async function signIn(t: TestApp, email: string, password = PASSWORD, cookie?: string) {
  const response = await fetch(`${t.baseUrl}/dashboard/api/sign-in`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie: `mailstream_session=${cookie}` } : {}),
    },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as any;
  return { status: response.status, body, cookie: sessionCookieOf(response.headers) };
}

/** Signs a dashboard user in through the sign-in page and waits for the landing page. */
export async function signInThroughPage(page: Page, t: TestApp, email: string, password = PASSWORD) {
  await page.goto(t.baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}

/** Waits until the element's text matches, and returns it; fails with what it last saw. */
export async function textMatching(locator: Locator, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent({ timeout: timeoutMs }).catch((error: Error) => error.message)) ?? '';
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected text matching ${pattern}, last saw "${last}"`);
}

/** The create form's label of each contact field (web/src/components/ContactFields.tsx). */
const contactLabels: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  companyName: 'Company',
  addressLine1: 'Address line 1',
  city: 'City',
  provinceOrState: 'State or province',
  postalOrZip: 'ZIP or postal code',
  countryCode: 'Country code',
};

/** Types `contact`'s fields into the contact fieldset `group`; fields without a form field are skipped. */
export async function fillContact(group: Locator, contact: Record<string, unknown>) {
  for (const [field, value] of Object.entries(contact)) {
    const label = contactLabels[field];
    if (label) await group.getByLabel(label, { exact: true }).fill(String(value));
  }
}
