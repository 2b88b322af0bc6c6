"""Starts the Deno kernel under kernel_proxy.py.

The kernel gets its own connection file (same key and signature scheme as
the frontend's, ports on 127.0.0.1), its own process group, and SIGKILL when
the proxy dies (PR_SET_PDEATHSIG), so a restart never leaves a kernel behind.
"""

import ctypes
import json
import os
import signal
import subprocess
import tempfile

from jupyter_client.connect import write_connection_file

PROXY_PID = os.getpid()


def die_with_parent():
    """preexec_fn: the kernel gets SIGKILL if the proxy dies (Linux)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    # The proxy may have died between fork and prctl: then nobody would
    # send the signal.
    if os.getppid() != PROXY_PID:
        os._exit(1)


def start_kernel(argv, key, scheme):
    """Starts `argv` ({child_connection_file} filled in); returns (Popen, connection file, its JSON)."""
    fd, conn_file = tempfile.mkstemp(prefix="cnn-deno-kernel-", suffix=".json")
    os.close(fd)
    write_connection_file(conn_file, ip="127.0.0.1", key=key.encode(), signature_scheme=scheme)
    with open(conn_file, encoding="utf-8") as f:
        conn = json.load(f)
    argv = [a.replace("{child_connection_file}", conn_file) for a in argv]
    # Its own process group: jupyter_client signals the proxy's whole
    # group (killpg), and the kernel must get each interrupt once, from
    # the proxy's handler (interrupt_mode "signal"). Shutdown reaches it
    # through the proxy (PR_SET_PDEATHSIG, or the proxy's SIGTERM handler).
    child = subprocess.Popen(argv, preexec_fn=die_with_parent, stdin=subprocess.DEVNULL, process_group=0)
    return child, conn_file, conn
