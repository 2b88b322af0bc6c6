"""Raw-protocol check that every output lands under its own cell.

Does what the Notebook UI's Run All does: starts a kernel, queues every code
cell's execute request at once, and reads iopub the way a frontend does — no
"keep reading after idle". An output is misrouted when

  * its parent id is not one of the cells' requests,
  * it arrives after its request's `idle` (the UI has stopped listening), or
  * it is an `execute_result` whose execution count is not its request's
    (the value of one cell sent under another cell's parent id).

After the last `idle` it listens 2 more seconds; anything then is misrouted
too. Reads one JSON job from stdin:

    {"kernel": "deno", "runs": [{"name": "...", "cwd": "...", "cells": ["code", ...]}],
     "repeat": 1, "timeout": 900}

and prints one JSON line per run, then {"event": "total", ...}.
"""

import json
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager

OUTPUT_TYPES = {"stream", "display_data", "update_display_data", "execute_result", "error"}


def check_run(kc, cells, timeout):
    """Queues every cell at once; returns the run's record."""
    order = []
    for code in cells:
        order.append(kc.execute(code, store_history=True, allow_stdin=False, stop_on_error=True))
    index = {mid: i for i, mid in enumerate(order)}
    idle = set()
    replies = {}
    counts = {}
    outputs = 0
    bad = []
    started = time.monotonic()
    deadline = started + timeout
    after_last = None
    first_error = None
    first_cell_s = None

    def note(kind, msg, cell):
        bad.append({"kind": kind, "cell": cell, "msg_type": msg["header"]["msg_type"], "text": summary(msg)})

    while True:
        now = time.monotonic()
        if now > deadline:
            bad.append({"kind": "timeout", "cell": None, "msg_type": None, "text": f"{len(idle)}/{len(order)} idle"})
            break
        if after_last is None and len(idle) == len(order):
            after_last = now + 2.0
        if after_last is not None and now > after_last:
            break
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except Empty:
            msg = None
        while True:
            try:
                r = kc.get_shell_msg(timeout=0)
            except Empty:
                break
            pid = r["parent_header"].get("msg_id")
            if pid in index:
                replies[pid] = r["content"]
                counts[pid] = r["content"].get("execution_count")
        if msg is None:
            continue
        mtype = msg["header"]["msg_type"]
        pid = msg["parent_header"].get("msg_id")
        cell = index.get(pid)
        if mtype == "status":
            if cell is not None and msg["content"]["execution_state"] == "idle":
                idle.add(pid)
                if cell == 0:
                    first_cell_s = time.monotonic() - started
            continue
        if mtype == "execute_input" and cell is not None:
            counts.setdefault(pid, msg["content"].get("execution_count"))
            continue
        if mtype not in OUTPUT_TYPES:
            continue
        outputs += 1
        if mtype == "error" and cell is not None and first_error is None:
            first_error = {"cell": cell, "text": summary(msg)}
        if cell is None:
            note("unknown-parent", msg, None)
        elif pid in idle:
            note("after-idle", msg, cell)
        elif mtype == "execute_result" and counts.get(pid) is not None and msg["content"].get("execution_count") != counts[pid]:
            note("wrong-count", msg, cell)
    statuses = [replies.get(m, {}).get("status", "missing") for m in order]
    return {
        "cells": len(order),
        "outputs": outputs,
        "misrouted": len(bad),
        "problems": bad[:20],
        "statuses": statuses,
        "errors": [i for i, s in enumerate(statuses) if s != "ok"],
        "first_error": first_error,
        # From sending Run All to the first cell's idle, on a kernel that
        # answered kernel_info: the student's wait for the first cell.
        "first_cell_s": None if first_cell_s is None else round(first_cell_s, 2),
        "seconds": round(time.monotonic() - started, 2),
    }


def summary(msg):
    c = msg["content"]
    if "text" in c:
        return c["text"][:80]
    data = c.get("data") or {}
    if "text/plain" in data:
        return data["text/plain"][:80]
    if "ename" in c:
        return f"{c['ename']}: {c.get('evalue', '')}"[:80]
    return ",".join(sorted(data))[:80]


def main():
    job = json.load(sys.stdin)
    total = {"event": "total", "runs": 0, "cells": 0, "outputs": 0, "misrouted": 0, "failed_cells": 0}
    for rep in range(job.get("repeat", 1)):
        for run in job["runs"]:
            km = KernelManager(kernel_name=job.get("kernel", "deno"))
            km.start_kernel(cwd=run.get("cwd"))
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=120)
                record = check_run(kc, run["cells"], job.get("timeout", 900))
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
            record.update({"event": "run", "name": run["name"], "repeat": rep + 1})
            print(json.dumps(record), flush=True)
            total["runs"] += 1
            total["cells"] += record["cells"]
            total["outputs"] += record["outputs"]
            total["misrouted"] += record["misrouted"]
            total["failed_cells"] += len(record["errors"])
    print(json.dumps(total), flush=True)
    return 0 if total["misrouted"] == 0 and total["failed_cells"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
