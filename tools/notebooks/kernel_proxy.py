"""A thin Jupyter kernel that sits between a frontend and Deno's kernel.

Why: Deno 2.9.6's kernel sometimes publishes a cell's output after that
cell's `idle` status, and under Run All (every execute request queued at
once) even under the *next* request's parent id, so the Notebook UI shows it
under the wrong cell (see docs/deno_kernel_late_output.md). This proxy gives
the kernel one execute request at a time and tells the frontend a request is
done (its `execute_reply` and `idle`) only once the kernel's iopub has been
quiet for a moment after it; every output that arrives meanwhile belongs to
that request and is re-parented to it.

    python3 kernel_proxy.py CONNECTION_FILE -- deno jupyter --kernel --conn {child_connection_file}

Everything else is forwarded unchanged: shell requests other than execute,
control (interrupt, shutdown), stdin (`prompt()`), and interrupts by signal
(SIGINT is passed to the kernel process). The heartbeat is answered here; the
proxy exits when the kernel exits, and the kernel gets SIGKILL when the proxy
dies (PR_SET_PDEATHSIG), so a restart never leaves a kernel behind.

A kernel message whose signature fails is never fatal: the messages Deno
sometimes writes *inside* a large one in flight are recovered and passed on,
and the damaged output is replaced by a note in its cell
(kernel_wire_repair.py says why and how).

Set CNN_PROXY_LOG=/path to log per-request drain figures (JSON lines).
"""

import json
import os
import signal
import sys
import time
from collections import deque

import zmq
from jupyter_client.session import Session

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_child import start_kernel  # noqa: E402 (next to this file)
from kernel_wire_repair import damaged_note, salvage  # noqa: E402

# After a request's reply and idle, the kernel's iopub must stay silent this
# long before the request counts as drained. Late outputs usually come within
# ~20 ms, but one came >120 ms late on a loaded 2-core machine (a figure's
# value; docs/deno_kernel_late_output.md), so the window is generous: it
# costs a Run All of 10 cells about 3 s. Capped so a chatty background task
# cannot hold the queue forever.
QUIET_S = float(os.environ.get("CNN_PROXY_QUIET_MS", "300")) / 1000.0
MAX_DRAIN_S = 5.0
DELIM = b"<IDS|MSG>"
OUTPUT_TYPES = {"stream", "display_data", "update_display_data", "execute_result", "error", "clear_output"}


class Proxy:
    def __init__(self, conn_file, child_argv):
        with open(conn_file, encoding="utf-8") as f:
            self.conn = json.load(f)
        key = self.conn.get("key", "")
        scheme = self.conn.get("signature_scheme", "hmac-sha256")
        self.session = Session(key=key.encode(), signature_scheme=scheme, username="kernel")
        self.ctx = zmq.Context()
        self.log = open(os.environ["CNN_PROXY_LOG"], "a", encoding="utf-8") if os.environ.get("CNN_PROXY_LOG") else None
        self._bind_frontend()
        self._start_child(child_argv, key, scheme)
        # Deno's kernel drops requests that reach it while it starts: the
        # proxy asks for kernel_info until it answers, and holds the
        # frontend's shell requests until then.
        self.ready = False
        self.held = []
        self.probe_ids = set()
        self.probe_at = 0.0
        self.queue = deque()  # (idents, msg) execute requests not yet sent
        self.current = None  # the execute request the kernel is running
        self.aborting = False
        self.finished = set()  # msg ids of requests already answered
        self.count_owner = {}  # execution_count -> msg id of its request
        self.too_late = 0  # outputs that came after their request was answered
        self.damaged = 0  # kernel messages whose signature failed

    # --- sockets -------------------------------------------------------
    def _url(self, port):
        return f"{self.conn.get('transport', 'tcp')}://{self.conn['ip']}:{port}"

    def _bind_frontend(self):
        c = self.conn
        self.f_shell = self.ctx.socket(zmq.ROUTER)
        self.f_control = self.ctx.socket(zmq.ROUTER)
        self.f_stdin = self.ctx.socket(zmq.ROUTER)
        self.f_iopub = self.ctx.socket(zmq.PUB)
        self.f_hb = self.ctx.socket(zmq.REP)
        for sock, name in (
            (self.f_shell, "shell_port"),
            (self.f_control, "control_port"),
            (self.f_stdin, "stdin_port"),
            (self.f_iopub, "iopub_port"),
            (self.f_hb, "hb_port"),
        ):
            sock.linger = 1000
            sock.bind(self._url(c[name]))

    def _start_child(self, argv, key, scheme):
        self.child, self.child_conn, cc = start_kernel(argv, key, scheme)
        url = lambda name: f"tcp://127.0.0.1:{cc[name]}"  # noqa: E731
        ident = self.session.bsession
        self.k_shell = self.ctx.socket(zmq.DEALER)
        self.k_control = self.ctx.socket(zmq.DEALER)
        self.k_stdin = self.ctx.socket(zmq.DEALER)
        for sock, name in ((self.k_shell, "shell_port"), (self.k_control, "control_port"), (self.k_stdin, "stdin_port")):
            # One identity on shell and stdin: the kernel addresses
            # input_request to the identity that sent the execute request.
            sock.setsockopt(zmq.IDENTITY, ident)
            sock.linger = 0
            sock.connect(url(name))
        self.k_iopub = self.ctx.socket(zmq.SUB)
        self.k_iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.k_iopub.linger = 0
        self.k_iopub.connect(url("iopub_port"))

    # --- helpers -------------------------------------------------------
    def _split(self, parts):
        idents, rest = self.session.feed_identities(parts, copy=True)
        return idents, rest

    def _parse(self, rest):
        return self.session.deserialize(rest, content=True, copy=True)

    def _parse_kernel(self, rest, channel):
        """[(frames, msg)] for one multipart from the kernel: itself if its
        signature holds, else the whole messages found inside it (see
        kernel_wire_repair.py); the damaged one is logged and, if it was an
        output, replaced by a note in the running cell."""
        try:
            return [(rest, self._parse(rest))]
        except ValueError as err:
            why = str(err)[:80]
        recovered, damaged = salvage(self.session, rest)
        print(
            f"kernel_proxy: {channel} message from the kernel rejected ({why}); "
            f"{len(recovered)} whole message(s) recovered from inside it; lost: {damaged}",
            file=sys.stderr,
            flush=True,
        )
        self._write_log({"damaged": damaged, "channel": channel, "recovered": len(recovered)})
        self.damaged += 1
        if channel == "iopub" and damaged["msg_type"] in OUTPUT_TYPES:
            parent = self.current["msg"] if self.current else damaged["parent_header"]
            note = self.session.msg("stream", {"name": "stderr", "text": damaged_note(damaged)}, parent=parent)
            if self.current:
                self.current["last_io"] = time.monotonic()
            self._send(self.f_iopub, note, idents=[b"stream.stderr"])
        return recovered

    def _send(self, sock, msg, idents=None):
        """Re-signs and sends a deserialized message (header kept)."""
        parts = self.session.serialize(msg, ident=idents)
        sock.send_multipart(parts)

    def _status(self, state, parent):
        msg = self.session.msg("status", {"execution_state": state}, parent=parent)
        self._send(self.f_iopub, msg, idents=[b"kernel.status"])

    def _write_log(self, record):
        if self.log:
            self.log.write(json.dumps(record) + "\n")
            self.log.flush()

    # --- execute queue -------------------------------------------------
    def _start_next(self):
        while self.current is None and self.queue:
            idents, rest, msg = self.queue.popleft()
            if self.aborting:
                self._abort(idents, msg)
                continue
            self.current = {
                "idents": idents,
                "msg": msg,
                "reply": None,
                "idle": None,
                "last_io": time.monotonic(),
                "done_at": None,
                "late": 0,
                "late_after_s": 0.0,
                "reparented": 0,
            }
            self.k_shell.send_multipart([DELIM] + rest)
        if not self.queue:
            self.aborting = False

    def _abort(self, idents, msg):
        """What ipykernel does for requests queued behind a failed one."""
        self._status("busy", msg)
        reply = self.session.msg("execute_reply", {"status": "aborted", "execution_count": None}, parent=msg)
        self._send(self.f_shell, reply, idents=idents)
        self._status("idle", msg)

    def _finish(self):
        cur = self.current
        reply = cur["reply"]
        self._send(self.f_shell, reply, idents=cur["idents"])
        self._send(self.f_iopub, cur["idle"], idents=[b"kernel.status"])
        self._write_log(
            {
                "msg_id": cur["msg"]["header"]["msg_id"],
                "late_outputs": cur["late"],
                "reparented": cur["reparented"],
                "late_after_s": round(cur["late_after_s"], 4),
                "too_late_total": self.too_late,
                "damaged_total": self.damaged,
                "drain_s": round(time.monotonic() - cur["done_at"], 4),
            }
        )
        content = cur["msg"]["content"]
        if reply["content"].get("status") == "error" and content.get("stop_on_error", True):
            self.aborting = True
        self.finished.add(cur["msg"]["header"]["msg_id"])
        self.current = None
        self._start_next()

    def _drained(self):
        cur = self.current
        if cur is None or cur["reply"] is None or cur["idle"] is None:
            return False
        now = time.monotonic()
        # Quiet since the request ended, not since its last output: a cell
        # that prints early and computes for a minute still gets the window.
        quiet_since = max(cur["last_io"], cur["done_at"])
        return now - quiet_since >= QUIET_S or now - cur["done_at"] >= MAX_DRAIN_S

    # --- channels ------------------------------------------------------
    def _probe(self):
        if self.ready or time.monotonic() - self.probe_at < 0.5:
            return
        probe = self.session.msg("kernel_info_request", {})
        self.probe_ids.add(probe["header"]["msg_id"])
        self.probe_at = time.monotonic()
        self._send(self.k_shell, probe)

    def on_front_shell(self):
        parts = self.f_shell.recv_multipart()
        if not self.ready:
            self.held.append(parts)
            return
        self._shell_request(parts)

    def _shell_request(self, parts):
        idents, rest = self._split(parts)
        msg = self._parse(rest)
        if msg["header"]["msg_type"] == "execute_request":
            self.queue.append((idents, rest, msg))
            self._start_next()
        else:
            self.pending[msg["header"]["msg_id"]] = idents
            self.k_shell.send_multipart([DELIM] + rest)

    def on_kernel_shell(self):
        _, rest = self._split(self.k_shell.recv_multipart())
        for frames, msg in self._parse_kernel(rest, "shell"):
            self._kernel_reply(frames, msg)

    def _kernel_reply(self, rest, msg):
        pid = msg["parent_header"].get("msg_id")
        if pid in self.probe_ids:
            if not self.ready:
                self.ready = True
                for held in self.held:
                    self._shell_request(held)
                self.held = []
            return
        cur = self.current
        if cur is not None and pid == cur["msg"]["header"]["msg_id"] and msg["header"]["msg_type"] == "execute_reply":
            cur["reply"] = msg
            self._maybe_done()
            return
        idents = self.pending.pop(pid, None)
        if idents is not None:
            self.f_shell.send_multipart(idents + [DELIM] + rest)

    def on_kernel_iopub(self):
        topic, rest = self._split(self.k_iopub.recv_multipart())
        for frames, msg in self._parse_kernel(rest, "iopub"):
            self._kernel_output(topic if frames is rest else [], frames, msg)

    def _kernel_output(self, topic, rest, msg):
        cur = self.current
        mtype = msg["header"]["msg_type"]
        if cur is None:
            self.f_iopub.send_multipart(topic + [DELIM] + rest)
            return
        own_id = cur["msg"]["header"]["msg_id"]
        pid = msg["parent_header"].get("msg_id")
        if mtype == "status" and pid == own_id:
            if msg["content"].get("execution_state") == "idle":
                cur["idle"] = msg
                cur["idle_at"] = time.monotonic()
                self._maybe_done()
                return
        elif mtype in OUTPUT_TYPES or mtype == "execute_input":
            cur["last_io"] = time.monotonic()
            if mtype == "execute_input":
                self.count_owner[msg["content"].get("execution_count")] = own_id
            if cur["idle"] is not None:
                cur["late"] += 1
                cur["late_after_s"] = cur["last_io"] - cur["idle_at"]
            owner = self.count_owner.get(msg["content"].get("execution_count")) if mtype == "execute_result" else None
            if pid in self.finished or (owner is not None and owner != own_id):
                # An earlier request's output, later than its drain window:
                # the frontend has closed that cell, and this one is not its
                # owner. Passed on unchanged (dropped, never misplaced).
                self.too_late += 1
                self.f_iopub.send_multipart(topic + [DELIM] + rest)
                return
            if pid != own_id:
                # Only this request runs in the kernel: the output is its own.
                cur["reparented"] += 1
                msg["parent_header"] = cur["msg"]["header"]
                self._send(self.f_iopub, msg, idents=topic)
                return
        self.f_iopub.send_multipart(topic + [DELIM] + rest)

    def _maybe_done(self):
        cur = self.current
        if cur["reply"] is not None and cur["idle"] is not None and cur["done_at"] is None:
            cur["done_at"] = time.monotonic()

    def on_front_control(self):
        parts = self.f_control.recv_multipart()
        idents, rest = self._split(parts)
        msg = self._parse(rest)
        self.control_pending[msg["header"]["msg_id"]] = idents
        if msg["header"]["msg_type"] == "shutdown_request":
            self.shutting_down = True
        self.k_control.send_multipart([DELIM] + rest)

    def on_kernel_control(self):
        _, rest = self._split(self.k_control.recv_multipart())
        for frames, msg in self._parse_kernel(rest, "control"):
            idents = self.control_pending.pop(msg["parent_header"].get("msg_id"), None)
            if idents is not None:
                self.f_control.send_multipart(idents + [DELIM] + frames)

    def on_kernel_stdin(self):
        parts = self.k_stdin.recv_multipart()
        _, rest = self._split(parts)
        if self.current is not None:
            self.f_stdin.send_multipart(self.current["idents"] + [DELIM] + rest)

    def on_front_stdin(self):
        parts = self.f_stdin.recv_multipart()
        _, rest = self._split(parts)
        self.k_stdin.send_multipart([DELIM] + rest)

    def on_hb(self):
        self.f_hb.send(self.f_hb.recv())

    # --- main loop -----------------------------------------------------
    def run(self):
        self.pending = {}
        self.control_pending = {}
        self.shutting_down = False
        signal.signal(signal.SIGINT, lambda *_: self._interrupt())
        signal.signal(signal.SIGTERM, lambda *_: self._terminate())
        poller = zmq.Poller()
        handlers = {
            self.f_shell: self.on_front_shell,
            self.f_control: self.on_front_control,
            self.f_stdin: self.on_front_stdin,
            self.f_hb: self.on_hb,
            self.k_shell: self.on_kernel_shell,
            self.k_control: self.on_kernel_control,
            self.k_iopub: self.on_kernel_iopub,
            self.k_stdin: self.on_kernel_stdin,
        }
        for sock in handlers:
            poller.register(sock, zmq.POLLIN)
        try:
            while self.child.poll() is None:
                try:
                    events = dict(poller.poll(20))
                except zmq.ZMQError:
                    continue  # EINTR from SIGINT
                # Kernel iopub first: a late output must reach the frontend
                # before the reply that ends its request.
                for sock in sorted(events, key=lambda s: s is not self.k_iopub):
                    handlers[sock]()
                self._probe()
                if self._drained():
                    self._finish()
            # Whatever the kernel published just before exiting.
            while self.k_iopub.poll(50):
                self.on_kernel_iopub()
            while self.k_control.poll(50):
                self.on_kernel_control()
        finally:
            self._cleanup()
        return self.child.returncode or 0

    def _interrupt(self):
        if self.child.poll() is None:
            self.child.send_signal(signal.SIGINT)

    def _terminate(self):
        if self.child.poll() is None:
            self.child.terminate()

    def _cleanup(self):
        if self.child.poll() is None:
            self.child.kill()
            self.child.wait()
        try:
            os.unlink(self.child_conn)
        except OSError:
            pass


def main(argv):
    if len(argv) < 3 or "--" not in argv:
        print("usage: kernel_proxy.py CONNECTION_FILE -- KERNEL ARGV (with {child_connection_file})", file=sys.stderr)
        return 2
    sep = argv.index("--")
    proxy = Proxy(argv[1], argv[sep + 1 :])
    return proxy.run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
