// The raster pieces behind the figures' PNGs: the bitmap font, the canvas's
// text and lines, and the axes' ticks.
import assert from "node:assert/strict";
import { glyph, hasGlyph, textWidth } from "cnn/plots/raster/font.ts";
import { Canvas, INK, parseColor } from "cnn/plots/raster/canvas.ts";
import { niceTicks, tickLabel } from "cnn/plots/raster/axes.ts";
import { inkBox, isInk, pattern } from "./helpers.ts";

const ink = (c: Canvas) => {
  const box = inkBox(c, [0, 0, c.width - 1, c.height - 1], isInk);
  assert.ok(box, "something was drawn");
  return pattern(c, box, isInk);
};

Deno.test("the font has its own glyph for printable ASCII, Spanish letters and the figures' symbols", () => {
  const wanted = [
    ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
    ..."áéíóúüñÁÉÍÓÚÜÑ¿¡×·°–…",
  ];
  assert.deepEqual(wanted.filter((ch) => !hasGlyph(ch)), []);
  // Every visible character inks something; distinct letters look distinct.
  for (const ch of wanted.filter((c) => c !== " ")) {
    assert.ok(glyph(ch).rows.some((r) => r !== 0), `glyph of ${ch}`);
  }
  const key = (ch: string) => glyph(ch).rows.join(",");
  assert.notEqual(key("á"), key("a"));
  assert.notEqual(key("ñ"), key("n"));
  assert.notEqual(key("O"), key("Q"));
  // Missing accented letters fall back to the plain letter, anything else to a box.
  assert.equal(key("è"), key("e"));
  assert.equal(key("€"), key("\u25a1"));
  assert.equal(textWidth(""), 0);
  assert.equal(textWidth("ab", 2), (5 + 1 + 5) * 2);
  assert.ok(textWidth("i") < textWidth("m"), "proportional");
});

Deno.test("text is drawn glyph by glyph, scaled by whole pixels, also turned for y-axis titles", () => {
  const one = new Canvas(20, 20);
  one.text("A", 2, 2);
  assert.equal(
    ink(one),
    [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"].join("\n"),
  );
  const two = new Canvas(30, 30);
  two.text("A", 2, 2, { scale: 2 });
  const doubled = ink(one).split("\n").flatMap((row) => {
    const wide = [...row].map((c) => c + c).join("");
    return [wide, wide];
  }).join("\n");
  assert.equal(ink(two), doubled);
  // Turned counter-clockwise: the stem lies along the bottom, the foot points up.
  const up = new Canvas(20, 20);
  up.text("L", 5, 15, { vertical: true });
  assert.equal(
    ink(up),
    ["......#", "......#", "......#", "......#", "#######"].join("\n"),
  );
  // Anchors: centred text straddles x; right-aligned text ends there.
  const c = new Canvas(60, 20);
  const [left, , width] = c.text("ab", 30, 2, { align: "center" });
  assert.equal(left, 30 - width / 2);
  const [l2, , w2] = c.text("ab", 50, 10, { align: "right" });
  assert.equal(l2 + w2, 50);
  assert.deepEqual(c.get(0, 0), [255, 255, 255]);
  assert.deepEqual(parseColor("#1f77b4"), [0x1f, 0x77, 0xb4]);
  assert.deepEqual(parseColor("rgb(68, 1, 84)"), [68, 1, 84]);
  assert.throws(() => parseColor("blue"), /not #rrggbb/);
  assert.throws(() => new Canvas(0, 5), /outside 1 px/);
});

Deno.test("lines and dots land where they are drawn, clipped at the edges", () => {
  const c = new Canvas(10, 10);
  c.line(0, 0, 9, 9, INK);
  for (let i = 0; i < 10; i++) assert.deepEqual(c.get(i, i), [...INK]);
  assert.deepEqual(c.get(9, 0), [255, 255, 255]);
  c.disc(0, 9, 2, [255, 0, 0]);
  assert.deepEqual(c.get(1, 8), [255, 0, 0]);
  c.line(-5, 5, 20, 5, INK, 3); // off the canvas at both ends: no throw
  assert.deepEqual(c.get(9, 4), [...INK]);
  assert.deepEqual(c.get(9, 7), [255, 255, 255]);
});

Deno.test("ticks are round steps of 1, 2 or 5 covering the range, labelled without float noise", () => {
  assert.deepEqual(niceTicks(0.15, 1.05), [0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0, 27, 5), [0, 5, 10, 15, 20, 25]);
  assert.deepEqual(niceTicks(0.7, 0.96, 5), [0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
  assert.deepEqual(niceTicks(3, 3).length > 0, true);
  assert.deepEqual(niceTicks(NaN, 1), []);
  assert.equal(tickLabel(0.1 + 0.2), "0.3");
  assert.equal(tickLabel(0), "0");
  assert.equal(tickLabel(2_500_000), "2.5e6");
});
