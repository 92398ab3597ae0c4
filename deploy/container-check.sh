#!/usr/bin/env bash
# Builds the container image from the Dockerfile with Debian's podman, starts it, waits until its health check
# passes, checks it from outside, and stops it. No image is pulled from a registry: the base, Debian trixie, is
# built from Debian's packages with mmdebstrap and imported. Installs podman, runc and mmdebstrap when missing
# (Debian). Run as root from anywhere: deploy/container-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

base=localhost/postcard-base:trixie
image=localhost/postcard:check
work=target/container
mkdir -p "$work"

say() { echo "container-check: $*" >&2; }

if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v mmdebstrap >/dev/null; then
  say "installing podman, runc and mmdebstrap"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman runc mmdebstrap >&2
fi

# This machine (a VM with cgroup v1 and v2 side by side, no CAP_SYS_RESOURCE) needs two changes from podman's
# defaults: runc, since crun refuses hybrid cgroups ("cgroups in hybrid mode not supported"), and resource
# limits no higher than its own, since the defaults (1048576 open files) cannot be set ("setrlimit
# RLIMIT_NOFILE: Operation not permitted").
cat > "$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF="$PWD/$work/containers.conf"

version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)"
archive="postcard-server/target/postcard-$version.tar.gz"
if [ ! -f "$archive" ]; then
  say "building the release archive"
  ./mvnw -B -ntp -q -DskipTests package >&2
fi

if ! podman image exists "$base"; then
  say "building the base image $base from Debian's packages"
  mmdebstrap --variant=minbase --mode=root --format=tar trixie "$work/trixie.tar" http://deb.debian.org/debian >&2
  podman import --change 'CMD ["/bin/bash"]' "$work/trixie.tar" "$base" >&2
  rm -f "$work/trixie.tar"
fi

say "building $image"
# The Docker image format: the OCI format has no HEALTHCHECK, and podman would drop it.
podman build --format docker --build-arg BASE="$base" --tag "$image" --file Dockerfile . >&2

name="postcard-check-$$"
cleanup() { podman rm --force --volumes "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT

say "starting $name"
podman run --detach --name "$name" --publish 127.0.0.1::8080 "$image" >/dev/null

# Without systemd, podman runs no health check timer: the check is run here, as the timer would run it.
healthy=""
for _ in $(seq 1 60); do
  if [ "$(podman inspect --format '{{.State.Running}}' "$name")" != "true" ]; then
    podman logs "$name" >&2
    say "FAILED: the container stopped"
    exit 1
  fi
  if podman healthcheck run "$name" >/dev/null 2>&1; then healthy=yes; break; fi
  sleep 2
done
if [ -z "$healthy" ]; then
  podman logs "$name" >&2
  say "FAILED: not healthy within two minutes"
  exit 1
fi

port="$(podman port "$name" 8080/tcp | sed 's/.*://')"
status="$(bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf "GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3; head -1 <&3' _ "$port")"
user="$(podman exec "$name" id -u)"
database="$(podman exec "$name" sh -c 'test -f /var/lib/postcard/postcard.db && echo present || echo missing')"
volume="$(podman inspect --format '{{range .Mounts}}{{.Destination}} {{end}}' "$name")"

podman stop --time 30 "$name" >/dev/null
exit_code="$(podman inspect --format '{{.State.ExitCode}}' "$name")"

failed=""
check() { if [ "$2" = "$3" ]; then say "ok: $1 ($2)"; else say "FAILED: $1: '$2', expected '$3'"; failed=yes; fi; }
check "healthy by its HEALTHCHECK" "$healthy" "yes"
check "GET /healthz on the published port" "${status%$'\r'}" "HTTP/1.1 200 OK"
check "runs as the postcard user, not root" "$user" "10001"
check "the database is in the volume" "$database" "present"
check "/var/lib/postcard is a volume" "${volume% }" "/var/lib/postcard"
check "stopped by SIGTERM, exit status" "$exit_code" "143"
[ -z "$failed" ] || exit 1
say "passed"
