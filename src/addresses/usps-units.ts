/**
 * USPS Publication 28, Appendix C2: secondary unit designators. `ranged` designators take a number
 * (APT 5B); the others stand alone (PH, REAR). `#` stands in when the designator is unknown (Pub 28 §213).
 */
const rows: [standard: string, ranged: boolean, forms: string[]][] = [
  ['APT', true, ['APARTMENT', 'APT', 'APTMT']],
  ['BSMT', false, ['BASEMENT', 'BSMT']],
  ['BLDG', true, ['BUILDING', 'BLDG', 'BLDNG']],
  ['DEPT', true, ['DEPARTMENT', 'DEPT']],
  ['FL', true, ['FLOOR', 'FL', 'FLR']],
  ['FRNT', false, ['FRONT', 'FRNT']],
  ['HNGR', true, ['HANGAR', 'HNGR', 'HANGER']],
  ['KEY', true, ['KEY']],
  ['LBBY', false, ['LOBBY', 'LBBY']],
  ['LOT', true, ['LOT']],
  ['LOWR', false, ['LOWER', 'LOWR']],
  ['OFC', false, ['OFFICE', 'OFC']],
  ['PH', false, ['PENTHOUSE', 'PH']],
  ['PIER', true, ['PIER']],
  ['REAR', false, ['REAR']],
  ['RM', true, ['ROOM', 'RM']],
  ['SIDE', false, ['SIDE']],
  ['SLIP', true, ['SLIP']],
  ['SPC', true, ['SPACE', 'SPC']],
  ['STOP', true, ['STOP']],
  ['STE', true, ['SUITE', 'STE', 'SUIT']],
  ['TRLR', true, ['TRAILER', 'TRLR']],
  ['UNIT', true, ['UNIT']],
  ['UPPR', false, ['UPPER', 'UPPR']],
];

export interface UnitDesignator {
  standard: string;
  ranged: boolean;
}

/** Any C2 form → its standard designator. */
export const unitDesignators = new Map<string, UnitDesignator>();
for (const [standard, ranged, forms] of rows) {
  for (const form of forms) unitDesignators.set(form, { standard, ranged });
}
unitDesignators.set('#', { standard: '#', ranged: true });
