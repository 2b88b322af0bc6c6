"""Peak resident memory of a notebook's kernel, for the course summary.

The kernel jupyter_client starts may be our kernel_proxy.py with the Deno
kernel as its child, so the figure is the largest peak (`VmHWM` in
/proc/<pid>/status, which counts wasm memory and tensor buffers) among the
started process and all its descendants. `VmHWM` never goes down, so a
sample every second plus one after each cell misses at most the growth of
the last second before a sample; the kernel is shut down after the last
cell, when nothing of the notebook runs any more.

Linux only: elsewhere (no /proc) the peak is None and the summary shows "—".
"""

import os
import threading


def _children():
    """{ppid: [pid, ...]} for every process visible in /proc."""
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses.
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def _hwm_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_peak_kib(root):
    """The largest VmHWM, in KiB, of `root` and its descendants (0 if gone)."""
    kids = _children()
    best, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        best = max(best, _hwm_kib(pid))
        stack.extend(kids.get(pid, []))
    return best


class PeakRss:
    """Samples the peak of a process tree in a daemon thread.

    `pid_of` returns the kernel's pid, or None while it is not started yet.
    """

    def __init__(self, pid_of, interval_s=1.0):
        self._pid_of = pid_of
        self._interval = interval_s
        self._peak_kib = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = None

    def start(self):
        if not os.path.isdir("/proc") or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def sample(self):
        """One sample now (also called after each cell)."""
        try:
            pid = self._pid_of()
        except Exception:
            pid = None
        if not pid:
            return
        kib = tree_peak_kib(pid)
        with self._lock:
            self._peak_kib = max(self._peak_kib, kib)

    def _run(self):
        while not self._stop.wait(self._interval):
            self.sample()

    def stop(self):
        """Stops sampling; the peak in MiB, or None when nothing was measured."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            return round(self._peak_kib / 1024) if self._peak_kib else None


def kernel_pid(km):
    """The pid jupyter_client started for `km` (7.x provisioner or older `kernel`)."""
    if km is None:
        return None
    provisioner = getattr(km, "provisioner", None)
    pid = getattr(provisioner, "pid", None)
    if pid:
        return pid
    kernel = getattr(km, "kernel", None)
    return getattr(kernel, "pid", None)
