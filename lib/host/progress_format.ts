/**
 * How progress lines write numbers, as Keras does: metric values, time per
 * step, remaining and elapsed time, and the whole download line of
 * `keras.utils.get_file`.
 *
 * @module
 */

/** Python's `"%.0f" % x` (round half to even), which Keras uses for seconds. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * A metric value as Keras prints it: 4 decimals, or scientific notation for
 * values of magnitude ≤ 1e-3 (`1.2340e-04`), `nan`, `inf`.
 */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (Math.abs(value) > 1e-3) return value.toFixed(4);
  // JavaScript writes `e-4`; Python writes at least two exponent digits.
  return value.toExponential(4).replace(
    /e([+-])(\d)$/,
    (_m, sign: string, d: string) => `e${sign}0${d}`,
  );
}

/** Time per step as Keras prints it: ` 21ms/step`, ` 2s/step`, ` 350us/step` (leading space included). */
export function formatStepTime(
  secondsPerUnit: number,
  unitName = "step",
): string {
  if (secondsPerUnit >= 1 || secondsPerUnit === 0) {
    return ` ${roundHalfEven(secondsPerUnit)}s/${unitName}`;
  }
  if (secondsPerUnit >= 1e-3) {
    return ` ${roundHalfEven(secondsPerUnit * 1e3)}ms/${unitName}`;
  }
  return ` ${roundHalfEven(secondsPerUnit * 1e6)}us/${unitName}`;
}

/**
 * Remaining time as Keras prints it: `42s`, `3:07`, `1:02:05`; `-1s` for a
 * download that has received more bytes than announced.
 */
export function formatEta(s: number): string {
  const two = (n: number) => String(Math.floor(n)).padStart(2, "0");
  if (s > 3600) {
    return `${Math.floor(s / 3600)}:${two((s % 3600) / 60)}:${two(s % 60)}`;
  }
  if (s > 60) return `${Math.floor(s / 60)}:${two(s % 60)}`;
  return `${Math.floor(s)}s`;
}

/** Elapsed time of a finished bar, as Keras prints it: `4s`, `63s`. */
export function formatElapsed(seconds: number): string {
  return `${roundHalfEven(seconds)}s`;
}

const DOWNLOAD_WIDTH = 30;

/**
 * The download line of `keras.utils.get_file` for `current` of `total`
 * bytes (`total` unknown → `null`): a 30-cell `[====>....]` bar and the ETA,
 * or, once `final`, the elapsed seconds and the time per byte.
 */
export function formatDownloadLine(
  current: number,
  total: number | null,
  elapsedSeconds: number,
  final: boolean,
): string {
  let head: string;
  if (total !== null && total > 0) {
    const digits = String(total).length;
    const shown = Math.min(current, total);
    const filled = Math.floor((DOWNLOAD_WIDTH * shown) / total);
    let bar = "";
    if (filled > 0) bar += "=".repeat(filled - 1) + (shown < total ? ">" : "=");
    bar += ".".repeat(DOWNLOAD_WIDTH - filled);
    head = `${String(current).padStart(digits)}/${total} [${bar}]`;
  } else {
    head = `${String(current).padStart(7)}/Unknown`;
  }
  if (final || total === null || total <= 0) {
    return `${head} - ${Math.round(elapsedSeconds)}s ${
      formatPerUnit(elapsedSeconds, current)
    }`;
  }
  const eta = current > 0 ? (elapsedSeconds / current) * (total - current) : 0;
  return `${head} - ETA: ${formatEta(Math.floor(eta))}`;
}

function formatPerUnit(elapsed: number, units: number): string {
  const t = units > 0 ? elapsed / units : 0;
  if (t >= 1) return `${Math.round(t)}s/step`;
  if (t >= 1e-3) return `${Math.round(t * 1e3)}ms/step`;
  return `${Math.round(t * 1e6)}us/step`;
}
