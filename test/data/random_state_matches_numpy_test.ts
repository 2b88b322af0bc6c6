import assert from "node:assert/strict";
import { RandomState } from "../../lib/data/mt19937.ts";

const ref = JSON.parse(
  await Deno.readTextFile(
    new URL("./fixtures/split_reference.json", import.meta.url),
  ),
);

Deno.test("RandomState(seed) yields numpy's MT19937 raw stream, across state reloads", () => {
  for (
    const [seed, { head, tail }] of Object.entries(ref.randomRaw) as [
      string,
      { head: number[]; tail: number[] },
    ][]
  ) {
    const rs = new RandomState(Number(seed));
    const draws = Array.from({ length: 1300 }, () => rs.nextUint32());
    assert.deepEqual(draws.slice(0, 5), head, `seed ${seed} head`);
    assert.deepEqual(draws.slice(-5), tail, `seed ${seed} tail`);
  }
});

Deno.test("RandomState.permutation matches np.random.RandomState(42).permutation(10)", () => {
  assert.deepEqual(Array.from(new RandomState(42).permutation(10)), [
    8,
    1,
    5,
    0,
    7,
    2,
    9,
    4,
    3,
    6,
  ]);
});

Deno.test("RandomState rejects seeds numpy rejects", () => {
  assert.throws(() => new RandomState(-1), /between 0 and 2\*\*32 - 1/);
  assert.throws(() => new RandomState(2 ** 32), /between 0 and 2\*\*32 - 1/);
  assert.throws(() => new RandomState(1.5), /integer/);
});

Deno.test("RandomState.interval stays within [0, max]", () => {
  const rs = new RandomState(7);
  for (const max of [1, 2, 3, 5, 1000, 2 ** 31, 2 ** 32 - 1]) {
    for (let i = 0; i < 200; i++) {
      const v = rs.interval(max);
      assert.ok(
        Number.isInteger(v) && v >= 0 && v <= max,
        `${v} out of [0, ${max}]`,
      );
    }
  }
  assert.equal(rs.interval(0), 0);
});
