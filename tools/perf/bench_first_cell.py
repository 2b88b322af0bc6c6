"""Times a notebook's first cell in fresh Deno kernels (for bench_first_cell.ts).

Reads one JSON job from stdin:

    {"kernel": "deno", "cwd": "...", "code": "...", "runs": 5, "timeout": 300}

For each run: starts a kernel, waits until it answers, sends the cell, and
reads iopub until the cell's `idle`. Prints one JSON line per run:
seconds from the request to `idle`, to the first output, the kernel's start,
the kinds of outputs (a live status line is a `display_data` with a
`display_id`, then `update_display_data`), and whether the cell failed.
"""

import json
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager


def one_run(job):
    km = KernelManager(kernel_name=job["kernel"])
    t0 = time.monotonic()
    km.start_kernel(cwd=job["cwd"])
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=job.get("timeout", 300))
        started = time.monotonic()
        mid = kc.execute(job["code"], store_history=True)
        first_output = None
        outputs = []
        error = None
        deadline = started + job.get("timeout", 300)
        while True:
            if time.monotonic() > deadline:
                error = "timeout"
                break
            try:
                msg = kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != mid:
                continue
            mtype = msg["header"]["msg_type"]
            content = msg["content"]
            if mtype == "status" and content["execution_state"] == "idle":
                break
            if mtype in ("stream", "display_data", "update_display_data", "execute_result", "error"):
                at = time.monotonic() - started
                if first_output is None:
                    first_output = at
                text = content.get("text") or content.get("data", {}).get("text/plain", "")
                outputs.append({
                    "type": mtype,
                    "at_s": round(at, 3),
                    "display_id": content.get("transient", {}).get("display_id"),
                    "text": text[:120],
                })
                if mtype == "error":
                    error = f"{content.get('ename')}: {content.get('evalue')}"
        return {
            "event": "run",
            "kernel_start_s": round(started - t0, 3),
            "cell_s": round(time.monotonic() - started, 3),
            "first_output_s": None if first_output is None else round(first_output, 3),
            "outputs": outputs,
            "error": error,
        }
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    job = json.load(sys.stdin)
    for _ in range(job["runs"]):
        print(json.dumps(one_run(job)), flush=True)


if __name__ == "__main__":
    main()
