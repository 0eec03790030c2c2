// Small statistics and formatting helpers for the bench scripts (tests/bench/*.mjs). A measurement is a list of
// samples in one unit; summaries report the median and the spread as p25–p75 and min–max.

/** The q-quantile of sorted numbers (linear interpolation between closest ranks). */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** {n, median, p25, p75, min, max} of samples (numbers; NaN and non-numbers dropped). */
export function summarize(samples) {
  const s = samples.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    min: s.length ? s[0] : NaN,
    max: s.length ? s[s.length - 1] : NaN,
  };
}

/** A number with about three significant digits (1234 → "1234", 12.345 → "12.3", 0.01234 → "0.0123"). */
export function num(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 100 || a === 0) return String(Math.round(x));
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export function bytes(n) {
  if (n >= 1 << 20) return (n / (1 << 20)).toFixed(2) + ' MiB';
  if (n >= 1 << 10) return (n / (1 << 10)).toFixed(1) + ' KiB';
  return n + ' B';
}

/** Runs async fn n times after `warmup` unrecorded runs and returns the values it resolved to. */
export async function repeat(n, fn, warmup = 0) {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}
