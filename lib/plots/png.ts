/**
 * PNG bytes as Jupyter stores them (`image/png` is base64 text). The figures'
 * PNGs themselves are drawn in `raster/`.
 *
 * @module
 */

/** Standard base64 of bytes, as Jupyter expects for `image/png`. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
