import assert from "node:assert/strict";
import {
  describeError,
  Feedback,
  formatHtml,
  formatText,
  toBundle,
} from "../../lib/course/exercises/feedback.ts";

Deno.test("a check with only right findings passes and prints ✅ Correcto first", () => {
  const r = new Feedback("Ejercicio X").right("Bien `a`.").result();
  assert.equal(r.passed, true);
  assert.deepEqual(formatText(r), "✅ Correcto — Ejercicio X\n  ✔ Bien `a`.");
});

Deno.test("a wrong finding fails with ❌ Todavía no, the message and the hint", () => {
  const fb = new Feedback("Ejercicio X");
  fb.right("Esto sí.");
  fb.wrong("Esto no.", "Prueba otra cosa.");
  fb.wrong("Esto tampoco.", "Prueba otra cosa.");
  const r = fb.result();
  assert.deepEqual(r.passed, false);
  assert.deepEqual(r.hints, ["Prueba otra cosa."]);
  assert.deepEqual(
    formatText(r),
    [
      "❌ Todavía no — Ejercicio X",
      "  ✔ Esto sí.",
      "  ✘ Esto no.",
      "  ✘ Esto tampoco.",
      "  💡 Pista: Prueba otra cosa.",
    ].join("\n"),
  );
});

Deno.test("a check that recorded nothing does not pass", () => {
  const r = new Feedback("Vacío").result();
  assert.deepEqual(r.passed, false);
  assert.deepEqual(r.wrong.length, 1);
});

Deno.test("the HTML form escapes markup and renders `code`", () => {
  const r = new Feedback("<b>T</b>").wrong("usa `a < b`", "pista").result();
  const html = formatHtml(r);
  assert.ok(html.includes("&lt;b&gt;T&lt;/b&gt;"));
  assert.ok(html.includes("<code>a &lt; b</code>"));
  assert.ok(html.includes("❌ Todavía no"));
  const bundle = toBundle(r);
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
});

Deno.test("errors from student code become one Spanish line", () => {
  const line = describeError(new TypeError("x is undefined\nstack..."));
  assert.deepEqual(
    line,
    "Tu código lanzó un error al ejecutarse — TypeError: x is undefined",
  );
});
