/**
 * The Intelligent Mail barcode as printed: 65 bars, each Full, Ascender, Descender or Tracker
 * (USPS-B-3200). Heights follow the spec's proportions: a full bar spans three bands, an ascender the
 * top two, a descender the bottom two, a tracker only the middle one.
 */
export function ImbBars({ barcode, label }: { barcode: string; label: string }) {
  const bars = barcode.toUpperCase().split('');
  const pitch = 6;
  const width = 3;
  const band = 10;
  const shapes: Record<string, [number, number]> = {
    F: [0, 3 * band],
    A: [0, 2 * band],
    D: [band, 2 * band],
    T: [band, band],
  };
  // One path of 65 rectangles: the bars never change order, so there is nothing for React to key.
  const d = bars
    .map((bar, index) => {
      const [y, height] = shapes[bar] ?? [band, band];
      return `M${index * pitch + (pitch - width) / 2} ${y}h${width}v${height}h${-width}z`;
    })
    .join('');
  return (
    <svg
      className="imb"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${bars.length * pitch} ${3 * band}`}
      preserveAspectRatio="none"
      data-bars={bars.join('')}
    >
      <path d={d} />
    </svg>
  );
}
