#!/usr/bin/env bash
# Proof that the README's two commands set up a fresh machine by themselves.
#
# Builds a minimal Debian bookworm root with debootstrap from the mirror this
# machine's apt uses, with only nodejs, npm and ca-certificates (plus this
# machine's extra certificate authorities, which its network needs), copies a
# clean clone of this repository's HEAD into it, and runs inside it (chroot):
#   1. the README's course command (quick mode unless --full),
#   2. the README's test command,
#   3. the course command again, which must install nothing and skip every
#      notebook (its executed copies are up to date).
# Prints pass/fail, the time of each command and the disk used.
#
# Usage (as root): tools/setup/fresh_machine.sh [--full] [--keep] [--root DIR]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tools/setup/readme_commands.sh
. "$repo/tools/setup/readme_commands.sh"
readme_commands "$repo/README.md"

full=0 keep=0 target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=1 ;;
    --keep) keep=1 ;;
    --root) target="$2"; shift ;;
    *) echo "usage: $0 [--full] [--keep] [--root DIR]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$(id -u)" -ne 0 ]; then
  echo "fresh_machine: run as root (debootstrap and chroot need it)" >&2
  exit 2
fi
if ! command -v debootstrap >/dev/null; then
  echo "fresh_machine: debootstrap is missing: apt-get install -y debootstrap" >&2
  exit 2
fi

# The Debian mirror this machine's apt already uses.
mirror=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources |
  awk '{ print $2 }' | grep -m1 '/debian/*$' || true)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }' \
  /etc/apt/sources.list 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}

target=${target:-$(mktemp -d /var/tmp/cnn-fresh-XXXXXX)}
logs="$target.logs"
mkdir -p "$logs"
mounted=()
cleanup() {
  # Processes still running inside the root (kernels of an interrupted run).
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$target" ] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  if [ "$keep" -eq 0 ]; then rm -rf "$target"; fi
}
trap cleanup EXIT

now() { date +%s; }
say() { printf '==> %s\n' "$*"; }
in_root() {
  chroot "$target" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    "$@"
}
mount_into() { # mount_into TYPE/--bind SOURCE DEST
  mkdir -p "$target$3"
  if [ "$1" = "--bind" ]; then mount --bind "$2" "$target$3"; else mount -t "$1" "$2" "$target$3"; fi
  mounted+=("$target$3")
}

say "debootstrap bookworm (minbase + nodejs npm ca-certificates) from $mirror into $target"
t0=$(now)
if ! debootstrap --variant=minbase --include=nodejs,npm,ca-certificates \
  bookworm "$target" "$mirror" >"$logs/debootstrap.log" 2>&1; then
  # npm's configure order stops debootstrap; dpkg finishes it inside the root.
  say "debootstrap stopped (see $logs/debootstrap.log); finishing the configuration inside the root"
fi
# The root is a mount point of its own, as on a real machine: bubblewrap (the
# grading sandbox) refuses to run where / is not one.
mount --bind "$target" "$target"
mounted+=("$target")
mount_into proc proc /proc
mount_into sysfs sys /sys
mount_into --bind /dev /dev
mount_into --bind /dev/pts /dev/pts
mount_into tmpfs tmpfs /dev/shm
cp /etc/resolv.conf "$target/etc/resolv.conf"
in_root dpkg --configure -a >>"$logs/debootstrap.log" 2>&1 || true
in_root apt-get -f install -y >>"$logs/debootstrap.log" 2>&1
if [ -d /usr/local/share/ca-certificates ]; then
  cp /usr/local/share/ca-certificates/*.crt "$target/usr/local/share/ca-certificates/" 2>/dev/null || true
fi
in_root update-ca-certificates >>"$logs/debootstrap.log" 2>&1
in_root node --version >/dev/null
bootstrap_s=$(($(now) - t0))
base_mb=$(du -sxm "$target" | cut -f1)

say "clean clone of $(git -C "$repo" rev-parse --short HEAD) into /root/course"
git clone --quiet --no-hardlinks "$repo" "$target/root/course"

mode_env="CNN_QUICK=1"
[ "$full" -eq 1 ] && mode_env="CNN_QUICK=0"
names=() codes=() times=()
run_step() { # run_step NAME COMMAND [VAR=VALUE…]
  local name="$1" cmd="$2" start code
  shift 2
  say "$name: $* $cmd"
  start=$(now)
  set +e
  in_root CI=true "$@" bash -c "cd /root/course && $cmd" 2>&1 | tee "$logs/$name.log"
  code=${PIPESTATUS[0]}
  set -e
  names+=("$name") codes+=("$code") times+=($(($(now) - start)))
}
# Quick mode is for the course only: the tests set their own sizes.
run_step course "$COURSE_CMD" "$mode_env"
run_step test "$TEST_CMD"
run_step course-again "$COURSE_CMD" "$mode_env"

# The second course run must neither install nor execute anything.
again_ok=1
if grep -q '^Installing ' "$logs/course-again.log"; then again_ok=0; fi
if grep -q '^  run  ' "$logs/course-again.log"; then again_ok=0; fi

total_mb=$(du -sxm "$target" | cut -f1)
printf '\n%-14s %-6s %8s\n' step result seconds
printf '%-14s %-6s %8s\n' debootstrap ok "$bootstrap_s"
failed=0
for i in "${!names[@]}"; do
  result=pass
  [ "${codes[$i]}" -eq 0 ] || { result="FAIL(${codes[$i]})"; failed=1; }
  printf '%-14s %-6s %8s\n' "${names[$i]}" "$result" "${times[$i]}"
done
if [ "$again_ok" -eq 1 ]; then
  echo "second course run: installed nothing, skipped every notebook"
else
  echo "second course run: FAIL (it installed or executed something again)"; failed=1
fi
echo "disk: ${base_mb} MiB after debootstrap, ${total_mb} MiB after both commands (logs in $logs)"
exit "$failed"
