import { verifyOffline } from './offline-verifier.ts';
import type { AddressInput, VerificationResult } from './types.ts';

/**
 * Where verification results come from. Only `offline` ships: Pub 28 standardisation and the ZIP
 * database in memory (src/addresses/offline-verifier.ts). It proves format and ZIP ↔ city ↔ state
 * agreement, never delivery-point validity, vacancy or that a unit exists: that takes a CASS-certified
 * service with DPV. To add one (README, "Address verification"): implement `AddressVerifier` in a file
 * of its own here, mapping its answer to `VerificationResult` (status, standard address, errors in
 * PostGrid's words, the changes it made), add its name to `addressVerifierNames` and `makeVerifier`,
 * and its settings to src/config/config.ts. Contacts, orders and /v1/addver all go through it.
 */
export interface AddressVerifier {
  readonly name: string;
  verify(input: AddressInput): Promise<VerificationResult>;
  verifyMany(inputs: readonly AddressInput[]): Promise<VerificationResult[]>;
}

export const addressVerifierNames = ['offline'] as const;
export type AddressVerifierName = (typeof addressVerifierNames)[number];

export const offlineVerifier: AddressVerifier = {
  name: 'offline',
  verify: async (input) => verifyOffline(input),
  verifyMany: async (inputs) => inputs.map(verifyOffline),
};

export function makeVerifier(name: AddressVerifierName): AddressVerifier {
  switch (name) {
    case 'offline':
      return offlineVerifier;
  }
}

let current: AddressVerifier = offlineVerifier;

/** Every verification in this process uses the configured provider (set by buildApp from the config). */
export function installAddressVerifier(verifier: AddressVerifier): void {
  current = verifier;
}

export function addressVerifier(): AddressVerifier {
  return current;
}
