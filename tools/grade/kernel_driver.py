"""Runs one submission's cells on a fresh Deno kernel, inside the sandbox.

Started by tools/grade/sandbox.ts as the only process bubblewrap launches
(so it shares the sandbox's private network namespace with the kernel: the
Deno kernel speaks TCP only, and the loopback of that namespace reaches
nothing outside). Reads one JSON job from stdin:

    {"kernel_argv": [...], "env": {...}, "cwd": "...", "nonce": "...",
     "mime": "application/vnd.cnn-grade+json",
     "cells": [{"role": "preamble" | "given" | "answer" | "extra" | "check",
                "source": "..."}],
     "timeout_s": 300, "check_timeout_s": 300}

and writes exactly one JSON object to stdout when done:

    {"status": "ok" | "timeout" | "kernel-died" | "kernel-start" | "preamble",
     "cells": [{"role", "status", "seconds"}], "bundles": [payload, ...],
     "seconds": 12.3, "message": "..."}

Why the kernel cannot forge this line: the kernel runs under another user
(setpriv in kernel_argv) with its stdout/stderr on /dev/null, and this
process makes itself non-dumpable, so the kernel can neither write our
stdout nor open /proc/<pid>/fd of this process. Everything the kernel
publishes is ignored except the check cell's bundles carrying the nonce,
which the student's code never saw (it is only in the check cell).
"""

import asyncio
import ctypes
import inspect
import json
import os
import subprocess
import sys
import time
from queue import Empty

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

PR_SET_DUMPABLE = 4
LOOP = asyncio.new_event_loop()


def get_msg(channel, timeout):
    """`channel.get_msg` whether this jupyter_client makes it async (7.x) or not."""
    got = channel.get_msg(timeout=timeout)
    return LOOP.run_until_complete(got) if inspect.iscoroutine(got) else got


def make_undumpable():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except Exception:
        pass


def find_bundles(msg, mime, nonce):
    """Payloads of `mime` carrying `nonce` in one iopub message."""
    if msg["msg_type"] not in ("display_data", "update_display_data", "execute_result"):
        return []
    data = msg.get("content", {}).get("data", {})
    payload = data.get(mime) if isinstance(data, dict) else None
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            return []
    if isinstance(payload, dict) and payload.get("nonce") == nonce:
        return [payload]
    return []


def run_cell(km, kc, source, timeout_s, collect):
    """Executes one cell; returns (status, seconds, error). `collect(msg)` sees iopub."""
    started = time.monotonic()
    msg_id = kc.execute(source, silent=False, store_history=False, allow_stdin=False)
    deadline = started + timeout_s
    reply = None
    while reply is None:
        if time.monotonic() > deadline:
            return "timeout", time.monotonic() - started, ""
        # Output is drained (and dropped) while waiting, so a flood of
        # prints cannot fill memory here or stall the kernel.
        drained = 0
        while drained < 2000:
            try:
                msg = get_msg(kc.iopub_channel, 0)
            except Empty:
                break
            drained += 1
            collect(msg)
        try:
            msg = get_msg(kc.shell_channel, 0.1)
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg
        except Empty:
            if not km.is_alive():
                return "kernel-died", time.monotonic() - started, ""
    content = reply["content"]
    status = content.get("status", "error")
    if status == "error":
        error = f"{content.get('ename', '')}: {content.get('evalue', '')}"
        return status, time.monotonic() - started, error[:300]
    return status, time.monotonic() - started, ""


def drain_until_result(kc, result, deadline, collect):
    """Reads iopub after the check cell's reply until its bundle is in.

    The Deno kernel forwards stdout asynchronously and may publish a cell's
    outputs after its reply, so a flood printed earlier can still be queued
    in front of the bundle. Once the bundle is in, 0.5 s more are read so a
    second bundle with the same nonce (a copy) is seen too.
    """
    found_at = None
    while True:
        now = time.monotonic()
        if now > deadline or (found_at is not None and now - found_at > 0.5):
            return
        try:
            collect(get_msg(kc.iopub_channel, 0.1))
        except Empty:
            pass
        if found_at is None and result["bundles"]:
            found_at = time.monotonic()


def main():
    make_undumpable()
    job = json.load(sys.stdin)
    started = time.monotonic()
    result = {"status": "ok", "cells": [], "bundles": [], "message": ""}
    runtime = os.environ.get("JUPYTER_RUNTIME_DIR", "/tmp/jupyter-runtime")
    os.makedirs(runtime, exist_ok=True)
    os.chmod(runtime, 0o755)
    km = KernelManager()
    km._kernel_spec = KernelSpec(
        argv=job["kernel_argv"], display_name="Deno", language="typescript",
        env=job.get("env", {}), interrupt_mode="signal",
    )
    kc = None
    try:
        km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                        stdin=subprocess.DEVNULL, cwd=job.get("cwd"))
        kc = km.blocking_client()
        kc.start_channels()
        kc.wait_for_ready(timeout=job.get("startup_timeout_s", 120))
    except Exception as e:  # the kernel did not start
        result["status"] = "kernel-start"
        result["message"] = f"{type(e).__name__}: {e}"[:500]
        finish(km, kc, result, started)
        return

    nonce, mime = job["nonce"], job["mime"]
    in_check = {"on": False}

    def collect(msg):
        if in_check["on"]:
            result["bundles"].extend(find_bundles(msg, mime, nonce))

    for cell in job["cells"]:
        is_check = cell["role"] == "check"
        in_check["on"] = is_check
        limit = job["check_timeout_s"] if is_check else job["timeout_s"]
        status, seconds, error = run_cell(km, kc, cell["source"], limit, collect)
        if is_check and status not in ("timeout", "kernel-died"):
            # A check that failed publishes nothing: no long wait for it.
            wait = max(5.0, limit - seconds) if status == "ok" else 2.0
            drain_until_result(kc, result, time.monotonic() + wait, collect)
        result["cells"].append({"role": cell["role"], "status": status, "seconds": round(seconds, 3), "error": error})
        if status in ("timeout", "kernel-died"):
            # A stuck or dead kernel cannot run the checks: stop here.
            result["status"] = status
            break
        if cell["role"] == "preamble" and status != "ok":
            # The guard is not armed: whatever the student's cells did could
            # not be detected, so running them would grade nothing honestly.
            result["status"] = "preamble"
            result["message"] = (error or status)[:500]
            break
    finish(km, kc, result, started)


def finish(km, kc, result, started):
    try:
        if kc is not None:
            kc.stop_channels()
        km.shutdown_kernel(now=True)
    except Exception:
        pass
    result["seconds"] = round(time.monotonic() - started, 3)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
