/** A bank account as the API returns it: only the last 4 digits of the account number. */
export interface BankAccount {
  id: string;
  object: 'bank_account';
  live: boolean;
  bankName: string;
  bankPrimaryLine?: string;
  bankSecondaryLine?: string;
  bankCountryCode: 'US' | 'CA';
  accountNumber: string;
  routingNumber?: string;
  transitNumber?: string;
  routeNumber?: string;
  caDesignationNumber?: string;
  signatureText?: string;
  signatureImage?: string;
  description?: string;
  metadata?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/** "First Test Bank ····6789". */
export function bankAccountName(account: BankAccount): string {
  return `${account.bankName} ····${account.accountNumber.slice(-4)}`;
}
