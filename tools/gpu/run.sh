#!/bin/sh
# The GPU check in one call, from the bundle `deno task gpu:bundle` builds
# (build/gpu/): unpacks the Deno runtime and the Vulkan/EGL loader .debs into
# a private temporary prefix, points the loader at the NVIDIA ICD when the
# machine has one, runs PyTorch (CUDA when available, else CPU) and the tfjs
# webgpu check, and writes the side-by-side table to OUT_DIR as
# gpu_check.txt and gpu_check.json.
#
# Usage: run.sh OUT_DIR [--subset N] [--batch 256] [--steps 10] [--warmup 3]
#                       [--models lenet5,miniInception,miniResNet] [--allow-software]
# Needs only sh, dpkg (for dpkg -x) and xz or python3; nothing is installed.
set -eu
usage="usage: run.sh OUT_DIR [--subset N] [--batch 256] [--steps 10] [--warmup 3] [--models a,b] [--allow-software]"
[ $# -ge 1 ] || { echo "$usage" >&2; exit 2; }
case "$1" in -*) echo "$usage" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
out=$1
shift
# The options PyTorch must share with the tfjs check.
batch=256 steps=10 warmup=3 models=lenet5,miniInception,miniResNet
prev=""
for a in "$@"; do
  case "$prev" in
    --batch) batch=$a ;; --steps) steps=$a ;; --warmup) warmup=$a ;; --models) models=$a ;;
  esac
  prev=$a
done
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/cnn-gpu.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# Python that has torch: $PYTHON, else python3 on PATH, else Debian's.
py=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c "import torch" >/dev/null 2>&1; then
    py=$p
    break
  fi
done

unxz_to() { # unxz_to FILE.xz DEST
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$1" >"$2"
  else
    "${py:-python3}" -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  fi
}
unxz_to "$here/deno.xz" "$work/deno"
chmod +x "$work/deno"

mkdir -p "$work/root"
for f in "$here"/debs/*.deb; do dpkg -x "$f" "$work/root"; done
libs="$work/root/usr/lib/x86_64-linux-gnu"
export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# NVIDIA's container layout keeps the driver's libraries (the ICD's
# libGLX_nvidia.so.0) outside the linker's default folders.
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  if [ -d "$d" ]; then LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$d"; fi
done
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$nvidia_icd" ]; then
  export VK_DRIVER_FILES="$nvidia_icd" VK_ICD_FILENAMES="$nvidia_icd"
fi
nvidia_egl=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
if [ -f "$nvidia_egl" ]; then export __EGL_VENDOR_LIBRARY_FILENAMES="$nvidia_egl"; fi
export XDG_RUNTIME_DIR="$work"
export DENO_DIR="$work/deno_dir" DENO_NO_UPDATE_CHECK=1

# The adapter first, so a machine whose loader finds no GPU stops at once.
check_flags=""
for a in "$@"; do [ "$a" = --allow-software ] && check_flags=--allow-software; done
(cd "$work" && "$work/deno" run -A --no-config --no-lock "$here/gpu_check.js" --probe-only $check_flags)

torch_json="$work/torch.json"
if [ -n "$py" ]; then
  echo "PyTorch ($py) ..."
  if ! "$py" "$here/bench_torch.py" --device auto --batch "$batch" --steps "$steps" \
    --warmup "$warmup" --models "$models" >"$torch_json"; then
    echo "PyTorch benchmark failed; the table will have no peer." >&2
    torch_json=""
  fi
else
  echo "No python3 with torch found; the table will have no peer." >&2
  torch_json=""
fi

cd "$work"
"$work/deno" run -A --no-config --no-lock "$here/gpu_check.js" --data "$here/mnist" \
  ${torch_json:+--torch "$torch_json"} --out "$out" "$@"
