"""Checks that a Jupyter interrupt during `fit` leaves the Deno kernel usable.

The course's kernelspec uses `interrupt_mode: "signal"`: Jupyter sends
SIGINT, the lib catches it and `fit` stops at the next batch with a
`KeyboardInterrupt` error (lib/host/interrupt.ts). This script starts the
`deno` kernel, interrupts a long `fit`, and checks that the next cell trains.

`--baseline` shows why "message" mode is not used: without tfjs, in a kernel
with `interrupt_mode: "message"`, an interrupt stops a synchronous loop
cleanly, but a cell that `await`s in a loop (even `await Promise.resolve()`)
never finishes and the kernel stops answering (Deno 2.9.6).

Usage (Debian's Python has jupyter_client):
    /usr/bin/python3 tools/ui/interrupt_check.py [--after SECONDS]
Exit code 0 on success, 1 on failure.
"""

import argparse
import json
import os
import pathlib
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel

ROOT = pathlib.Path(__file__).resolve().parent.parent
LATE_S = 0.5  # how long to keep reading after the kernel reports idle

SETUP = """
import * as tf from "@tensorflow/tfjs";
import { Dense, Sequential, optimizers, setRandomSeed } from "./lib/mod.ts";
setRandomSeed(1);
const x = tf.randomNormal([4000, 32], 0, 1, "float32", 1);
const y = tf.tidy(() => tf.matMul(x, tf.randomNormal([32, 3], 0, 1, "float32", 2)).argMax(-1).cast("int32"));
const model = new Sequential({ name: "probe" });
model.add(Dense(256, { activation: "tanh" }));
model.add(Dense(3, { activation: "softmax" }));
model.compile({ optimizer: optimizers.SGD({ learningRate: 0.05 }),
  loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
"ready";
"""
LONG_FIT = "await model.fit(x, y, { epochs: 200, batchSize: 8 }); 'not interrupted'"
ENGINE = "JSON.stringify((s => [s.scopeStack.length, s.kernelDepth, s.gradientDepth])(tf.engine().state))"
AFTER = """
const h = await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0 });
JSON.stringify({ loss: h.history.loss,
  engine: (s => [s.scopeStack.length, s.kernelDepth, s.gradientDepth])(tf.engine().state),
  evaluate: await model.evaluate(x, y, { verbose: 0 }) })
"""


def run(km, kc, code, timeout=300.0, interrupt_after=None):
    """Executes `code`; returns (error name or None, text/plain of the result)."""
    msg_id = kc.execute(code)
    start = time.time()
    sent = False
    error, result = None, None
    idle_at = None  # the Deno kernel can report idle before its last output
    while idle_at is None or time.time() - idle_at < LATE_S:
        if interrupt_after is not None and not sent and time.time() - start > interrupt_after:
            km.interrupt_kernel()
            sent = True
        try:
            msg = kc.get_iopub_msg(timeout=0.1 if idle_at else 0.5)
        except queue.Empty:
            if idle_at is None and time.time() - start > timeout:
                return "Timeout", None
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            idle_at = time.time()
        elif kind == "error":
            error = content["ename"]
        elif kind == "execute_result":
            result = content["data"].get("text/plain")
    return error, result

BASELINE = {
    "sync loop": "let s = 0; for (let i = 0; i < 1e11; i++) s += i; s",
    "await loop": "for (let i = 0; i < 1e6; i++) { const t = performance.now(); "
    "while (performance.now() - t < 5) {} await Promise.resolve(); } 'x'",
}


def baseline() -> int:
    """Interrupts a sync loop and an await loop, each in a fresh kernel."""
    import shutil
    import tempfile

    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    # The installed course kernelspec, switched to message mode.
    spec = KernelSpecManager().get_kernel_spec("deno").to_dict()
    spec["interrupt_mode"] = "message"
    spec_dir = tempfile.mkdtemp(prefix="deno-message-")
    try:
        os.makedirs(os.path.join(spec_dir, "deno-message"))
        with open(os.path.join(spec_dir, "deno-message", "kernel.json"), "w") as f:
            json.dump(spec, f)
        ksm = KernelSpecManager(kernel_dirs=[spec_dir])
        for name, code in BASELINE.items():
            km = KernelManager(kernel_name="deno-message", kernel_spec_manager=ksm)
            km.start_kernel(cwd=str(ROOT))
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            try:
                err, _ = run(km, kc, code, timeout=15, interrupt_after=3)
                after = run(km, kc, "1 + 1", timeout=10)
                verdict = "kernel usable" if after == (None, "2") else "kernel wedged"
                print(f"{name}: interrupted cell -> {err or 'ended'}; next cell -> {after}: {verdict}")
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
    finally:
        shutil.rmtree(spec_dir, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--after", type=float, default=5.0, help="seconds before the interrupt")
    parser.add_argument("--backend", default="wasm", help="CNN_BACKEND for the kernel")
    parser.add_argument("--baseline", action="store_true",
                        help="only interrupt a sync loop and an await loop (no tfjs)")
    args = parser.parse_args()
    if args.baseline:
        return baseline()
    env = dict(os.environ, CNN_BACKEND=args.backend)
    km, kc = start_new_kernel(kernel_name="deno", cwd=str(ROOT), env=env)
    try:
        err, _ = run(km, kc, SETUP, timeout=120)
        print(f"setup done (error: {err})", flush=True)
        if err:
            print(f"FAIL: setup cell raised {err}")
            return 1
        err, res = run(km, kc, LONG_FIT, timeout=args.after + 60, interrupt_after=args.after)
        print(f"long fit ended: error {err}, result {res}", flush=True)
        if err == "Timeout":
            print("FAIL: the kernel did not stop within 60 s of the interrupt")
            return 1
        if res and "not interrupted" in res:
            print("FAIL: fit finished before the interrupt; raise --after's budget")
            return 1
        _, state = run(km, kc, ENGINE, timeout=60)
        print(f"engine after the interrupt (open scopes, kernel depth, gradient depth): {state}")
        err, res = run(km, kc, AFTER, timeout=180)
        if err or res is None:
            print(f"FAIL: the cell after the interrupt raised {err}")
            return 1
        # Deno shows a string result quoted (single or double quotes).
        out = json.loads(res[1:-1] if res[:1] in "'\"" else res)
        print(f"after: {out}")
        ok = out["engine"] == [0, 0, 0] and out["loss"][1] < out["loss"][0]
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    sys.exit(main())
