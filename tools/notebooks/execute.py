"""Headless executor for the course notebooks on the Deno Jupyter kernel.

Driven by tools/notebooks/execute.ts. Reads one JSON job from stdin:

    {"notebooks": [{"source": "...ipynb", "output": "...ipynb", "cwd": "...",
                    "stamp": {...}}],
     "kernel": "deno", "timeout": 600, "startup_timeout": 120, "late_ms": 500,
     "interrupts": [{"cell": 3, "after_s": 1.0, "reply_timeout_s": 15}]}

and writes one JSON object per line to stdout while it runs: {"event":
"cell_start"} and {"event": "cell"} around each cell, {"event": "output"} with
the last line a cell showed (at most 4 a second, for live progress), and
{"event": "notebook", ...} when a notebook ends (with "peak_rss_mib", the
kernel's peak resident memory, see peak_rss.py). A notebook's "stamp" (what it
is executed from) is stored in the copy's metadata as "cnn_execution". The executed copy is
written (temp file + rename) even when a cell fails, so the failure can be read.

Why a subclass of NotebookClient: the Deno kernel sometimes publishes a cell's
last outputs after its "idle" status. Stock nbclient stops reading at idle and
drops them; here iopub is drained for a grace period after idle and every late
message is routed to the cell that produced it (by parent msg_id).
"""

import asyncio
import json
import os
import sys
import tempfile
import time
import traceback
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import (
    CellExecutionComplete,
    CellExecutionError,
    CellTimeoutError,
    DeadKernelError,
)
from nbclient.util import ensure_async

from peak_rss import PeakRss, kernel_pid  # next to this file


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def last_text_line(msg):
    """The last non-empty line a stream or display message shows, for live progress."""
    content = msg.get("content", {})
    if msg["msg_type"] == "stream":
        text = content.get("text", "")
    else:
        text = (content.get("data") or {}).get("text/plain", "")
    if isinstance(text, list):
        text = "".join(text)
    lines = [l.strip() for l in text.replace("\r", "\n").split("\n") if l.strip()]
    if not lines:
        return None
    # Keras prints "Epoch 2/5" on its own line above the bar: keep both.
    epochs = [l for l in lines[:-1] if l.startswith("Epoch ")]
    line = f"{epochs[-1]} {lines[-1]}" if epochs else lines[-1]
    return line[:300]


class LateOutputClient(NotebookClient):
    """NotebookClient that keeps late iopub messages and can interrupt cells."""

    # Live output lines are relayed at most this often (a training bar
    # updates every batch).
    RELAY_EVERY_S = 0.25

    def __init__(self, nb, late_s=0.5, interrupts=None, source="", **kw):
        super().__init__(nb, **kw)
        self.late_s = late_s
        self.interrupts = {i["cell"]: i for i in (interrupts or [])}
        self._cell_by_msg = {}
        self.interrupted = []
        self.source = source
        self._relayed_at = 0.0

    def process_message(self, msg, cell, cell_index):
        # A cell's value (execute_result) comes once at the end: not progress.
        if msg["msg_type"] in ("stream", "display_data", "update_display_data"):
            now = time.monotonic()
            if now - self._relayed_at >= self.RELAY_EVERY_S:
                line = last_text_line(msg)
                if line:
                    self._relayed_at = now
                    emit({"event": "output", "notebook": self.source, "cell": cell_index, "text": line})
        return super().process_message(msg, cell, cell_index)

    def _route(self, msg):
        """Processes a message of any earlier cell; returns True when it was one."""
        pid = msg["parent_header"].get("msg_id")
        target = self._cell_by_msg.get(pid)
        if target is None:
            return False
        cell, index = target
        if msg["msg_type"] == "status":
            return True
        try:
            self.process_message(msg, cell, index)
        except CellExecutionComplete:
            pass
        return True

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        self._cell_by_msg[parent_msg_id] = (cell, cell_index)
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    break
            else:
                self._route(msg)
        await self.drain_late_output(self.late_s)

    async def drain_late_output(self, seconds):
        """Reads iopub for `seconds`, merging late outputs into their cells."""
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=remaining))
            except Empty:
                return
            self._route(msg)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        plan = self.interrupts.get(cell_index)
        if plan is None or cell.cell_type != "code":
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        return await self._execute_with_interrupt(cell, cell_index, execution_count, store_history, plan)

    async def _execute_with_interrupt(self, cell, cell_index, execution_count, store_history, plan):
        """Runs a cell, interrupts it after plan["after_s"] and records what happened."""
        started = time.monotonic()
        sent = {}

        async def interrupter():
            await asyncio.sleep(plan.get("after_s", 1.0))
            sent["at"] = time.monotonic()
            await ensure_async(self.km.interrupt_kernel())

        task = asyncio.ensure_future(interrupter())
        record = {"cell": cell_index, "interrupt_sent": False}
        saved_timeout = self.timeout
        self.timeout = plan.get("after_s", 1.0) + plan.get("reply_timeout_s", 15)
        try:
            await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            record["status"] = "ok"
        except CellExecutionError as e:
            record["status"] = "error"
            record["error"] = str(e)[-2000:]
        except CellTimeoutError:
            # The kernel never answered after the interrupt: it is stuck.
            record["status"] = "no-reply"
        finally:
            self.timeout = saved_timeout
            task.cancel()
        record["interrupt_sent"] = "at" in sent
        record["seconds_to_stop"] = round(time.monotonic() - sent.get("at", started), 3)
        self.interrupted.append(record)
        if record["status"] == "no-reply":
            raise CellTimeoutError(
                f"cell {cell_index}: the kernel did not answer within "
                f"{plan.get('reply_timeout_s', 15)} s after the interrupt"
            )
        return cell


def first_error_output(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out
    return None


def write_atomic(nb, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".ipynb", dir=os.path.dirname(os.path.abspath(path)))
    try:
        # mkstemp makes the file private (0600); the copy is as readable as
        # any file the user writes (the umask decides).
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# Kernel-level failures (not the notebook's code): when several kernels start
# at once, jupyter_client's free-port choice can race and a client then reads
# another kernel's messages ("Invalid Signature"), or a kernel fails to start.
# A fresh kernel on new ports runs the notebook from the top again.
KERNEL_ATTEMPTS = 3


def run_notebook(job, spec):
    for attempt in range(1, KERNEL_ATTEMPTS + 1):
        nb, result = execute_once(job, spec)
        failure = result.get("failure") or {}
        # A kernel that died mid-notebook (seen once in CI under heavy load,
        # with no out-of-memory kill) gets the same fresh start.
        if result["ok"] or failure.get("kind") not in ("kernel", "dead-kernel") or attempt == KERNEL_ATTEMPTS:
            break
        print(
            f"{spec['source']}: kernel failure ({failure.get('message')}); "
            f"retrying with a fresh kernel ({attempt + 1}/{KERNEL_ATTEMPTS})",
            file=sys.stderr,
        )
    write_atomic(nb, spec["output"])
    emit(result)
    return result["ok"]


def execute_once(job, spec):
    """Runs the notebook once on a new kernel; returns (notebook, result)."""
    nb = nbformat.read(spec["source"], as_version=4)
    client = LateOutputClient(
        nb,
        late_s=job.get("late_ms", 500) / 1000.0,
        interrupts=job.get("interrupts"),
        kernel_name=job.get("kernel", "deno"),
        timeout=job.get("timeout", 600),
        startup_timeout=job.get("startup_timeout", 120),
        resources={"metadata": {"path": spec.get("cwd") or os.path.dirname(os.path.abspath(spec["source"]))}},
        record_timing=True,
        source=spec["source"],
    )
    current = {"index": None}
    memory = PeakRss(lambda: kernel_pid(getattr(client, "km", None)))

    async def on_cell_start(cell, cell_index):
        current["index"] = cell_index
        memory.start()  # the kernel is up once the first cell starts
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        if cell_index not in code:
            return
        emit({
            "event": "cell_start",
            "notebook": spec["source"],
            "cell": cell_index,
            "code_cell": code.index(cell_index) + 1,
            "code_cells": len(code),
        })

    async def on_cell_executed(cell, cell_index, execute_reply):
        status = (execute_reply or {}).get("content", {}).get("status", "unknown")
        memory.sample()
        emit({"event": "cell", "notebook": spec["source"], "cell": cell_index, "status": status})

    client.on_cell_start = on_cell_start
    client.on_cell_executed = on_cell_executed

    result = {"event": "notebook", "source": spec["source"], "output": spec["output"], "ok": True}
    started = time.monotonic()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        result["ok"] = False
        index = current["index"]
        cell = nb.cells[index] if index is not None else {}
        err = first_error_output(cell) if cell else None
        kind = {
            CellExecutionError: "error",
            CellTimeoutError: "timeout",
            DeadKernelError: "dead-kernel",
        }[type(e)]
        result["failure"] = {
            "kind": kind,
            "cell": index,
            "source": cell.get("source", "") if cell else "",
            "ename": err.get("ename") if err else None,
            "evalue": err.get("evalue") if err else None,
            "traceback": err.get("traceback") if err else [],
            # The Deno kernel answers a syntax error with status "error" and
            # no error output at all; the caller then locates the error itself.
            "no_error_output": err is None and kind == "error",
            "message": str(e)[-4000:],
        }
    except Exception as e:  # kernel start failures and the like
        result["ok"] = False
        result["failure"] = {
            "kind": "kernel",
            "cell": current["index"],
            "message": f"{type(e).__name__}: {e}",
            "traceback": traceback.format_exc().splitlines()[-6:],
        }
    result["seconds"] = round(time.monotonic() - started, 3)
    result["interrupts"] = client.interrupted
    result["peak_rss_mib"] = memory.stop()
    if spec.get("stamp"):
        # What the copy was executed from, so a later run can skip it.
        nb.metadata["cnn_execution"] = dict(
            spec["stamp"], ok=result["ok"], seconds=result["seconds"], peak_rss_mib=result["peak_rss_mib"],
        )
    return nb, result


def main():
    job = json.load(sys.stdin)
    ok = True
    for spec in job["notebooks"]:
        ok = run_notebook(job, spec) and ok
        if not ok and job.get("stop_on_failure", False):
            break
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
