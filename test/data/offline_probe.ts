/**
 * Run by `offline_lib_imports_and_loads_test.ts` inside a copy of the
 * project with no network: imports the library and loads MNIST, printing
 * one JSON line with what happened.
 */
import { DataError, datasets } from "../../lib/data/mod.ts";
import "../../lib/mod.ts"; // the whole library must import offline

try {
  const [[x, y], [xt]] = await datasets.mnist.loadData({ progress: false });
  console.log(JSON.stringify({
    ok: true,
    shapes: [x.shape, xt.shape],
    labels: Array.from(await y.slice(0, 5).data()),
  }));
} catch (e) {
  console.log(JSON.stringify({
    ok: false,
    dataError: e instanceof DataError,
    message: (e as Error).message,
  }));
}
