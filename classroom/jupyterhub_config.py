"""JupyterHub for the course "Diseño de CNNs": one server, one class.

Installed by classroom/install.sh as /etc/jupyterhub/cnn-course/jupyterhub_config.py,
next to classroom.json (the paths the install chose). Everything here is
JupyterHub's own machinery: PAMAuthenticator, configurable-http-proxy, and
LocalProcessSpawner extended only to put each student in a cgroup.

What a student gets, and why:
- On first login, ~/cnn-curso: the notebooks and a deno.json whose import map
  points at the shared, read-only library (/opt/cnn-course/lib). MNIST sits in
  /opt/cnn-course/data, where the library looks first; npm packages come from
  the shared read-only DENO_DIR. Nothing is downloaded per student.
- A cgroup per student (memory, CPU, tasks): one student's kernels can use at
  most `mem_limit` and `cpu_limit` cores; when they pass the memory limit the
  kernel is killed (the notebook shows "The kernel appears to have died"),
  the other students are untouched. Without usable cgroups the limits fall back
  to RLIMIT_DATA per process (no CPU limit), and the Hub says so in its log.
- Idle culling by the classic Notebook server itself: a kernel idle for 30 min
  is shut down, a server with no kernel and no activity for 1 h exits.

Edit the limits below to fit the server (see README, "Clase con JupyterHub").
"""

import json
import os
import pwd
import resource
import subprocess

from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.utils import url_path_join  # noqa: F401 (kept for admins' overrides)
from traitlets import Integer, Unicode

c = get_config()  # noqa: F821 (provided by JupyterHub)

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "classroom.json"), encoding="utf-8") as f:
    PATHS = json.load(f)

CGROUP_ROOT = "/sys/fs/cgroup"


def _write(path, value):
    with open(path, "w", encoding="ascii") as f:
        f.write(str(value))


def _own_cgroup_v1(controller):
    """This process's cgroup (v1) for `controller`, e.g. "/" or "/system.slice/x"."""
    with open("/proc/self/cgroup", encoding="ascii") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if controller in controllers.split(","):
                return path
    return "/"


def cgroup_dirs(name):
    """The cgroup folders of student `name`: [(controller, path)]; v2 or v1 layout."""
    if os.path.exists(os.path.join(CGROUP_ROOT, "cgroup.controllers")):
        # v2: a top-level "cnn-course" (the root cgroup may hold processes,
        # so this works under systemd and without it).
        return [("unified", os.path.join(CGROUP_ROOT, "cnn-course", name))]
    dirs = []
    for controller in ("memory", "cpu", "pids"):
        base = os.path.join(CGROUP_ROOT, controller)
        if os.path.isdir(base):
            own = _own_cgroup_v1(controller).lstrip("/")
            dirs.append((controller, os.path.join(base, own, "cnn-course", name)))
    return dirs


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that starts each student's server in their own cgroup."""

    tasks_limit = Integer(
        512, config=True, help="Most processes and threads one student may run."
    ).tag(config=True)
    cgroup_state = Unicode("", help="Which limits were applied (for the log and tests).")

    def _make_cgroup(self):
        """Creates the student's cgroup with the limits; returns the files to join."""
        mem = int(self.mem_limit) if self.mem_limit else None
        cpu = float(self.cpu_limit) if self.cpu_limit else None
        procs = []
        for controller, path in cgroup_dirs(self.user.name):
            os.makedirs(path, exist_ok=True)
            if controller == "unified":
                parent = os.path.dirname(path)
                for d in (CGROUP_ROOT, parent):
                    _write(os.path.join(d, "cgroup.subtree_control"), "+memory +cpu +pids")
                if mem:
                    _write(os.path.join(path, "memory.max"), mem)
                    # Only with swap accounting (a kernel option): without it
                    # the file is absent and memory.max alone is the limit.
                    swap = os.path.join(path, "memory.swap.max")
                    if os.path.exists(swap):
                        _write(swap, 0)
                if cpu:
                    _write(os.path.join(path, "cpu.max"), f"{int(cpu * 100000)} 100000")
                _write(os.path.join(path, "pids.max"), self.tasks_limit)
            elif controller == "memory" and mem:
                _write(os.path.join(path, "memory.limit_in_bytes"), mem)
                swap = os.path.join(path, "memory.memsw.limit_in_bytes")
                if os.path.exists(swap):
                    _write(swap, mem)
            elif controller == "cpu" and cpu:
                _write(os.path.join(path, "cpu.cfs_period_us"), 100000)
                _write(os.path.join(path, "cpu.cfs_quota_us"), int(cpu * 100000))
            elif controller == "pids":
                _write(os.path.join(path, "pids.max"), self.tasks_limit)
            procs.append(os.path.join(path, "cgroup.procs"))
        return procs

    def make_preexec_fn(self, name):
        drop_privileges = super().make_preexec_fn(name)
        try:
            procs = self._make_cgroup()
            self.cgroup_state = "cgroup:" + ",".join(os.path.dirname(p) for p in procs)
        except OSError as e:
            procs = []
            self.cgroup_state = "rlimit"
            self.log.warning(
                "cgroups unusable for %s (%s): memory capped per process with "
                "RLIMIT_DATA, no CPU limit", name, e,
            )
        mem = int(self.mem_limit) if self.mem_limit else None
        self.log.info("limits for %s: %s", name, self.cgroup_state)

        def preexec():
            # Runs in the child as root, before it becomes the student: its
            # kernels inherit the cgroup (or the rlimit).
            for p in procs:
                _write(p, os.getpid())
            if not procs and mem:
                resource.setrlimit(resource.RLIMIT_DATA, (mem, mem))
            drop_privileges()

        return preexec

    async def stop(self, now=False):
        await super().stop(now=now)
        for _, path in cgroup_dirs(self.user.name):
            try:
                os.rmdir(path)
            except OSError:
                pass  # still has processes, or never created


def copy_course(spawner):
    """First login: copies the course into ~/cnn-curso, as the student."""
    user = pwd.getpwnam(spawner.user.name)
    dest = os.path.join(user.pw_dir, "cnn-curso")
    if os.path.lexists(dest):
        return  # never overwrite a student's work
    # Everything runs as the student: root never writes in a student's home.
    script = (
        'set -e; chmod 700 "$HOME"; tmp="$HOME/.cnn-curso.tmp-$$"; '
        'cp -r -- "$1" "$tmp"; chmod -R u+w "$tmp"; mv -T -- "$tmp" "$HOME/cnn-curso"'
    )
    subprocess.run(
        ["/bin/sh", "-c", script, "copy-course", PATHS["template_dir"]],
        user=user.pw_uid, group=user.pw_gid, extra_groups=[],
        env={"HOME": user.pw_dir, "PATH": "/usr/bin:/bin"},
        cwd=user.pw_dir, check=True, timeout=120,
    )


# --- Hub, proxy, authentication -------------------------------------------
# Debian's configurable-http-proxy finds its modules (commander, http-proxy)
# in /usr/share/nodejs; a Node.js from elsewhere (NodeSource) does not look
# there. The proxy inherits the Hub's environment.
os.environ.setdefault("NODE_PATH", "/usr/share/nodejs")
c.JupyterHub.bind_url = "http://:8000"  # put a TLS proxy (nginx, caddy) in front
c.JupyterHub.db_url = "sqlite:///" + os.path.join(PATHS["state_dir"], "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(PATHS["state_dir"], "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(PATHS["state_dir"], "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = os.path.join(PATHS["state_dir"], "proxy.pid")
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
# Students are the Unix accounts in this group (install.sh creates it).
c.LocalAuthenticator.allowed_groups = {"cnn-alumnos"}

# --- Per-student servers ---------------------------------------------------
c.JupyterHub.spawner_class = CourseSpawner
c.Spawner.mem_limit = "2G"  # one LeNet epoch peaks at ~1 GB (README)
c.Spawner.cpu_limit = 1.0
c.CourseSpawner.tasks_limit = 512
c.Spawner.pre_spawn_hook = copy_course
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/tree/cnn-curso"
c.Spawner.start_timeout = 180
# A class logging in at once, or a busy server, starts servers slowly.
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    # Debian's classic Notebook 6.4 (the options below are its own).
    "JUPYTERHUB_SINGLEUSER_APP": "notebook.notebookapp.NotebookApp",
    "JUPYTER_PATH": PATHS["jupyter_data_dir"],
    "DENO_DIR": PATHS["deno_dir"],
    "NO_COLOR": "1",
}
c.Spawner.args = [
    # Figures no longer carry plotly.js, but a chapter's outputs still come in
    # bursts (digit grids, progress): the classic Notebook's default 1 MB/s
    # limit must never drop one ("IOPub data rate exceeded").
    "--NotebookApp.iopub_data_rate_limit=1000000000",
    # Idle culling, by the Notebook server itself.
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=True",
    "--NotebookApp.shutdown_no_activity_timeout=3600",
]
