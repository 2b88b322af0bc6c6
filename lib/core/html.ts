/**
 * Escaping text for HTML, shared by every view the library and the tools
 * write (summaries, progress lines, feedback, figures' fallbacks, the site).
 *
 * @module
 */

/**
 * Escapes `&`, `<`, `>` and `"`, so `text` is safe both as element content
 * and inside a double-quoted attribute value.
 *
 * @example
 * ```ts
 * escapeHtml(`a < b & "c"`); // "a &lt; b &amp; &quot;c&quot;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
