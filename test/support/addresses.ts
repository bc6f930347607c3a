/**
 * The sample recipient and sender used by tests, benchmarks and the screenshot script: real, deliverable
 * US addresses in the shape the API takes (`to` / `from`), with overrides for the case at hand.
 */
export const usAddress = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Ada',
  lastName: 'Lovelace',
  addressLine1: '20 W 34th St',
  city: 'New York',
  provinceOrState: 'NY',
  postalOrZip: '10001',
  countryCode: 'US',
  ...overrides,
});

export const senderAddress = (overrides: Record<string, unknown> = {}) => ({
  companyName: 'Acme Mail Co',
  addressLine1: '1600 Pennsylvania Ave NW',
  city: 'Washington',
  provinceOrState: 'DC',
  postalOrZip: '20500',
  countryCode: 'US',
  ...overrides,
});

/** A valid US bank account to draw test cheques on (an ABA routing number with a correct checksum). */
export const usBankAccount = (overrides: Record<string, unknown> = {}) => ({
  bankName: 'First Test Bank',
  bankCountryCode: 'US',
  accountNumber: '000123456789',
  routingNumber: '021000021',
  signatureText: 'Ada Lovelace',
  ...overrides,
});
