// Durations are rolled up in eighth-of-an-octave buckets of seconds (stats_bucket, migrations/0041): bucket b
// holds [2^(b/8), 2^((b+1)/8)) s, a bucket 9% wide, and bucket 0 also holds everything under a second.

export function bucketBounds(bucket: number): [number, number] {
  return [bucket === 0 ? 0 : 2 ** (bucket / 8), 2 ** ((bucket + 1) / 8)];
}

/**
 * The p-th quantile (0…1) of a histogram of bucket → count, interpolated inside its bucket on the log scale
 * (durations spread evenly over octaves more than over seconds). Null without data.
 */
export function quantile(histogram: Map<number, number>, p: number): number | null {
  const buckets = [...histogram.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = p * total;
  let below = 0;
  for (const [bucket, n] of buckets) {
    if (below + n >= rank) {
      const [low, high] = bucketBounds(bucket);
      const fraction = n === 0 ? 0 : (rank - below) / n;
      if (low === 0) return high * fraction;
      return low * (high / low) ** fraction;
    }
    below += n;
  }
  return bucketBounds(buckets.at(-1)![0])[1];
}
