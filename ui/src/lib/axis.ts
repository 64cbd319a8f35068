// The chart's y-axis gutter: as wide as its widest tick label, so an amount in the millions
// ("161,500,000") is never clipped to ",500,000".

/** The gutter, in CSS pixels, for `labels` measured by `measure`, plus the tick and gap. */
export function gutterWidth(labels: readonly string[] | null | undefined, measure: (text: string) => number, tickAndGap: number): number {
  const widest = (labels ?? []).reduce((w, label) => Math.max(w, measure(label)), 0);
  return Math.ceil(widest + tickAndGap);
}
