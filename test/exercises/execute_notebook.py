"""Executes one notebook on the Deno kernel for the exercise tests.

The Deno kernel may publish a cell's `display_data` after it has reported
the cell idle, so this reader attributes every iopub message by its parent
id (a late output still lands in its own cell) and keeps reading for a grace
period after the last cell. Errors stay in the outputs (the test names the
cell); a failed cell with no error output (the kernel's syntax errors) gets
one from the execute reply.

Usage: /usr/bin/python3 execute_notebook.py SRC.ipynb OUT.ipynb CWD
"""

import os
import queue
import sys
import time

import nbformat
from jupyter_client.manager import start_new_kernel

CELL_TIMEOUT = 600.0
GRACE = 2.0


def record(msg, cells):
    """Appends the output carried by `msg` to the cell that sent it."""
    cell = cells.get(msg["parent_header"].get("msg_id"))
    kind = msg["msg_type"]
    content = msg["content"]
    if cell is None:
        return
    if kind == "stream":
        outs = cell.outputs
        if outs and outs[-1].output_type == "stream" and outs[-1].name == content["name"]:
            outs[-1].text += content["text"]
        else:
            outs.append(nbformat.v4.new_output("stream", name=content["name"], text=content["text"]))
    elif kind in ("display_data", "execute_result"):
        out = nbformat.v4.new_output(kind, data=content["data"], metadata=content.get("metadata", {}))
        if kind == "execute_result":
            out.execution_count = content.get("execution_count")
        display_id = content.get("transient", {}).get("display_id")
        if display_id:
            out.metadata["display_id"] = display_id
        cell.outputs.append(out)
    elif kind == "update_display_data":
        display_id = content.get("transient", {}).get("display_id")
        for c in cells.values():
            for out in c.outputs:
                if out.get("metadata", {}).get("display_id") == display_id:
                    out.data = content["data"]
    elif kind == "clear_output":
        cell.outputs = []
    elif kind == "error":
        cell.outputs.append(
            nbformat.v4.new_output(
                "error", ename=content["ename"], evalue=content["evalue"], traceback=content["traceback"]
            )
        )


def main(src, out, cwd):
    nb = nbformat.read(src, as_version=4)
    km, kc = start_new_kernel(kernel_name="deno", cwd=cwd, env=dict(os.environ))
    cells = {}
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            msg_id = kc.execute(cell.source)
            cells[msg_id] = cell
            while True:
                msg = kc.get_iopub_msg(timeout=CELL_TIMEOUT)
                record(msg, cells)
                if (
                    msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"
                    and msg["parent_header"].get("msg_id") == msg_id
                ):
                    break
            while True:
                reply = kc.get_shell_msg(timeout=CELL_TIMEOUT)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            content = reply["content"]
            if content["status"] == "error" and not any(o.output_type == "error" for o in cell.outputs):
                cell.outputs.append(
                    nbformat.v4.new_output(
                        "error",
                        ename=content.get("ename", "Error"),
                        evalue=content.get("evalue", ""),
                        traceback=content.get("traceback", []),
                    )
                )
        deadline = time.time() + GRACE
        while time.time() < deadline:
            try:
                record(kc.get_iopub_msg(timeout=0.2), cells)
            except queue.Empty:
                pass
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    tmp = out + ".tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
