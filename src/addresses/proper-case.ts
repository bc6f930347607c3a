import { directionals } from './directionals.ts';
import type { StandardAddress } from './types.ts';

const keepUpper = new Set([
  ...directionals.keys(),
  'PO',
  'RR',
  'HC',
  'PSC',
  'CMR',
  'APO',
  'FPO',
  'DPO',
  'US',
  'NW',
]);

/** "20 W 34TH ST APT 5B" → "20 W 34th St Apt 5B": PostGrid's `properCase`. Codes stay upper case. */
function properWords(text: string | undefined): string | undefined {
  if (!text) return text;
  return text
    .split(' ')
    .map((word) => {
      if (keepUpper.has(word)) return word;
      if (/^\d+(ST|ND|RD|TH)$/.test(word)) return word.toLowerCase();
      if (/\d/.test(word)) return word;
      return word.charAt(0) + word.slice(1).toLowerCase();
    })
    .join(' ');
}

export function properCase(address: StandardAddress): StandardAddress {
  return {
    ...address,
    line1: properWords(address.line1) as string,
    line2: properWords(address.line2),
    city: properWords(address.city),
  };
}
