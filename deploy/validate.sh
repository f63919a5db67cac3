#!/usr/bin/env bash
# Checks the deployment files on a machine without a Docker engine or a cluster (CI runs it
# before the tests): deploy/compose.yaml is loaded by compose-go, the library behind
# `docker compose config`; every manifest in deploy/k8s is decoded strictly into the
# Kubernetes API types, and its selectors and references are resolved (deploy/validate/).
# The validator is built once per version of its source, into ~/.cache, with Go from the
# Go module proxy; then a run takes well under a second. It also proves it can fail: the
# broken files in deploy/validate/testdata must be refused. Last, make-secrets.sh is run into a
# temporary directory (the formats the engine reads are checked by test/deploy/make-secrets.spec.ts).
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PATH:/usr/local/go/bin"

if ! command -v go >/dev/null; then
  echo "deploy/validate.sh: Go 1.26+ is needed to build the validator (deploy/validate/go.mod)" >&2
  exit 1
fi
source_hash="$(cat validate/go.mod validate/go.sum validate/*.go | sha256sum | cut -c1-16)"
bin="${XDG_CACHE_HOME:-$HOME/.cache}/gov-deploy-validate/validate-$source_hash"
if [ ! -x "$bin" ]; then
  mkdir -p "$(dirname "$bin")"
  log="$(mktemp)"
  if ! (cd validate && go build -buildvcs=false -o "$bin" .) >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  rm -f "$log"
fi

"$bin" compose compose.yaml
"$bin" k8s k8s
# The EventStoreDB profile: its cluster, over the manifests above (a kustomize overlay).
"$bin" k8s k8s-eventstoredb

refused() {
  if "$bin" "$@" >/dev/null 2>&1; then
    echo "deploy/validate.sh: the validator accepted $2, which it must refuse" >&2
    exit 1
  fi
}
refused compose validate/testdata/compose-undefined-volume.yaml
refused k8s validate/testdata/k8s-unknown-field
refused k8s validate/testdata/k8s-wrong-selector
refused k8s validate/testdata/k8s-unresolved-env

# make-secrets.sh, into a directory of its own (deploy/secrets/ need not exist for the checks
# above: compose loads a file-based secret without reading it). It refuses a file in the wrong
# format and keeps, never replaces, one that exists.
secrets="$(mktemp -d)"
trap 'rm -rf "$secrets"' EXIT
bash make-secrets.sh "$secrets/made" >/dev/null
first="$(cat "$secrets"/made/* | sha256sum)"
bash make-secrets.sh "$secrets/made" >/dev/null
if [ "$first" != "$(cat "$secrets"/made/* | sha256sum)" ]; then
  echo "deploy/validate.sh: make-secrets.sh replaced a secret that existed" >&2
  exit 1
fi
mkdir -p "$secrets/short" && printf 'short' >"$secrets/short/master.key"
if bash make-secrets.sh "$secrets/short" >/dev/null 2>&1; then
  echo "deploy/validate.sh: make-secrets.sh accepted a master.key that is not 32 bytes" >&2
  exit 1
fi
echo "secrets: make-secrets.sh makes the three files, keeps them on a second run, refuses a wrong one"

# Where the Compose plugin is installed, its own word too.
if docker compose version >/dev/null 2>&1; then
  docker compose -f compose.yaml config --quiet
  echo "compose: docker compose config accepts compose.yaml"
fi
