#!/usr/bin/env bash
# Makes the three secrets every engine instance, on every machine, must share — in the formats
# the engine itself writes when it makes them on first start:
#   token-secret    32 random bytes, raw      signs tokens (AUTH_TOKEN_SECRET_FILE, auth/tokens.ts)
#   query-code-key  32 random bytes, raw      derives the receipts' query codes (QUERY_CODE_KEY_FILE, auth/query-codes.ts)
#   master.key      base64 of 32 random bytes wraps the persons' keys (PERSONAL_DATA_MASTER_KEY_FILE, personal-data/master-key.ts)
#
#   bash deploy/make-secrets.sh [DIR]        DIR defaults to deploy/secrets (git-ignored)
#
# compose.yaml mounts deploy/secrets/ as compose secrets; for Kubernetes the same three files
# become the Secret engine-secrets (deploy/README.md). A file that exists is KEPT, never
# replaced: a new token-secret signs out everyone, a new query-code-key voids every printed
# receipt's code, and a new master.key loses every person's data for good. An existing file in
# the wrong format is refused rather than mounted.
set -euo pipefail
dir="${1:-$(dirname "$0")/secrets}"
umask 077
mkdir -p "$dir"
# The directory keeps other users of the host out; the files themselves are world-readable
# because compose bind-mounts each one into the container as it is (owner and mode included),
# where the engine runs as the image's `node` user, whoever owns them on the host.
chmod 700 "$dir"

random_bytes() { head -c 32 /dev/urandom; }
random_base64() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }

raw_length() { wc -c <"$1" | tr -d ' '; }
decoded_length() { tr -d ' \r\n' <"$1" | base64 -d 2>/dev/null | wc -c | tr -d ' '; }

make_secret() {
  local maker="$2" file="$dir/$1"
  if [ -e "$file" ]; then
    echo "kept   $file"
    return
  fi
  # Written aside, then moved into place: an interrupted run leaves no half-written secret.
  "$maker" >"$file.tmp"
  chmod 444 "$file.tmp"
  mv "$file.tmp" "$file"
  echo "made   $file"
}

check() {
  local name="$1" length="$2"
  if [ "$length" != 32 ]; then
    echo "deploy/make-secrets.sh: $dir/$name holds $length bytes where the engine expects 32 (${3}); move it aside or fix it" >&2
    exit 1
  fi
}

make_secret token-secret random_bytes
make_secret query-code-key random_bytes
make_secret master.key random_base64

check token-secret "$(raw_length "$dir/token-secret")" "raw"
check query-code-key "$(raw_length "$dir/query-code-key")" "raw"
check master.key "$(decoded_length "$dir/master.key")" "base64"
