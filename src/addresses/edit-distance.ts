/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), bounded: returns
 * `max + 1` as soon as the distance must exceed `max`. Transpositions count once because they are the
 * commonest typing slip ("AVNEUE"); fastest-levenshtein counts them twice.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] as number) + 1);
      }
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** How many slips a word of this length may carry and still be taken for another: none under 4 letters. */
export function typoAllowance(word: string): number {
  if (word.length < 4) return 0;
  return word.length < 7 ? 1 : 2;
}
