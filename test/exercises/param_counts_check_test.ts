import assert from "node:assert/strict";
import { Conv2D, DepthwiseConv2D, Sequential } from "../../lib/keras/mod.ts";
import {
  checkParamCounts,
  convParams,
  depthwiseParams,
  PARAM_COUNT_SETTING,
} from "../../lib/course/exercises/param_counts.ts";
import { assertFailsWith, assertPasses } from "./helpers.ts";

const SOLUTION = { conv: 1168, depthwise: 80, pointwise: 144 };

Deno.test("the formulas agree with the layers' own countParams()", () => {
  const { inChannels: c, filters: f, kernelSize: k } = PARAM_COUNT_SETTING;
  const conv = new Sequential({ layers: [Conv2D(f, { kernelSize: k })] });
  const dw = new Sequential({ layers: [DepthwiseConv2D({ kernelSize: k })] });
  const pw = new Sequential({ layers: [Conv2D(f, { kernelSize: 1 })] });
  for (const m of [conv, dw, pw]) m.build([null, 14, 14, c]);
  assert.deepEqual(conv.countParams(), convParams(c, f, k, true));
  assert.deepEqual(dw.countParams(), depthwiseParams(c, k, true));
  assert.deepEqual(pw.countParams(), convParams(c, f, 1, true));
  assert.deepEqual(
    [conv.countParams(), dw.countParams(), pw.countParams()],
    [SOLUTION.conv, SOLUTION.depthwise, SOLUTION.pointwise],
  );
});

Deno.test("the solution passes", () => {
  assertPasses(checkParamCounts(SOLUTION));
});

Deno.test("the untouched template fails asking for answers", () => {
  const r = checkParamCounts({
    conv: undefined,
    depthwise: undefined,
    pointwise: undefined,
  });
  assertFailsWith(r, "todavía no has escrito", "TODO");
  assert.deepEqual(r.wrong.length, 3);
});

Deno.test("forgetting the biases is named as such", () => {
  const r = checkParamCounts({ conv: 1152, depthwise: 72, pointwise: 128 });
  assertFailsWith(r, "Conv2D estándar: 1152 no es correcto", "sesgo");
  assert.deepEqual(r.wrong.length, 3);
});

Deno.test("counting the depthwise like a normal conv gets the depthwise hint", () => {
  const r = checkParamCounts({ conv: 1168, depthwise: 1168, pointwise: 144 });
  assertFailsWith(r, "DepthwiseConv2D: 1168", "un único kernel k×k por canal");
  assert.deepEqual(r.right.length, 2);
});

Deno.test("a 3×3 pointwise and a channel-less conv get their own hints", () => {
  const r = checkParamCounts({ conv: 160, depthwise: 80, pointwise: 1168 });
  assertFailsWith(r, "Conv2D estándar: 160", "todos* los canales");
  assertFailsWith(r, "pointwise (1×1): 1168", "kernel 1×1");
});

Deno.test("a non-number answer is rejected with a clear message", () => {
  const r = checkParamCounts({
    conv: "1168" as unknown as number,
    depthwise: 80,
    pointwise: 144,
  });
  assertFailsWith(r, "debe ser un número", "como número");
});
