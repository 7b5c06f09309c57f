/** Unit conversions used across the project. Pure functions, no imports. */

/** Linear amplitude (1.0 = full scale) to dBFS; 0 gives -Infinity. */
export function toDb(linear: number): number {
  return linear > 0 ? 20 * Math.log10(linear) : -Infinity;
}

/** dB to a linear gain: the spec's gain law, `10^(dB/20)`. */
export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

/** Round a dB figure to 2 decimals for manifests and reports; -Infinity becomes null. */
export function dbForJson(db: number): number | null {
  if (!Number.isFinite(db)) return null;
  return Math.round(db * 100) / 100 + 0; // + 0 turns -0 into 0, so reports compare and print cleanly
}

/** Frames to milliseconds. */
export function framesToMs(frames: number, sampleRate: number): number {
  return (frames / sampleRate) * 1000;
}

/** Format seconds as m:ss.mmm (or h:mm:ss.mmm). */
export function formatTime(seconds: number): string {
  const neg = seconds < 0;
  let ms = Math.round(Math.abs(seconds) * 1000);
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const s = Math.floor(ms / 1000);
  ms -= s * 1000;
  const body = `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : String(m)}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
  return neg ? `-${body}` : body;
}

/** Format a BWF TimeReference (frames since midnight) as hh:mm:ss:ff-free timecode hh:mm:ss.sss. */
export function timeReferenceToTimecode(frames: bigint | number, sampleRate: number): string {
  const f = typeof frames === 'bigint' ? Number(frames) : frames;
  const total = f / sampleRate;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total - h * 3600) / 60);
  const s = total - h * 3600 - m * 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

/** Group digits with commas, as reports print frame counts: 9909567 -> "9,909,567". */
export function groupDigits(n: number | bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An RFC 3339 UTC time to the second (`2026-12-07T05:30:00Z`) of epoch milliseconds, rounded down. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
