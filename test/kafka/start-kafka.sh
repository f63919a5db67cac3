#!/usr/bin/env bash
# Start a throwaway single-node Apache Kafka broker (KRaft, combined broker+controller)
# on 127.0.0.1 for tests, without Docker: the broker's jars come from Maven Central via
# test/kafka/pom.xml and run on the machine's Java 17+.
#
# Usage from a CI script (bash, `set -euo pipefail`):
#
#   kafka_env="$(bash test/kafka/start-kafka.sh)"   # non-zero exit stops the script here
#   eval "$kafka_env"
#   export KAFKA_BROKERS KAFKA_PID KAFKA_DATA_DIR
#   trap 'bash test/kafka/stop-kafka.sh' EXIT       # stop-kafka.sh reads KAFKA_PID/KAFKA_DATA_DIR
#
# If start-kafka.sh fails it has already stopped its broker and removed its data dir, so
# setting the trap only after it succeeded is fine.
#
# Only KEY=VALUE lines (shell-quoted, safe to eval) go to stdout:
#   KAFKA_PID=<pid of the java process>
#   KAFKA_DATA_DIR=<fresh temp dir: server.properties, logs/, kafka.log, kafka.pid>
#   KAFKA_BROKERS=127.0.0.1:<port>     (always the last line)
# Everything else (progress, Maven, errors, tail of kafka.log on failure) goes to stderr.
# The same lines are also written to $KAFKA_DATA_DIR/kafka.env.
#
# The one-liner `eval "$(bash test/kafka/start-kafka.sh | grep -E '^(KAFKA_BROKERS|KAFKA_PID|KAFKA_DATA_DIR)=')"`
# also works (stdout holds nothing else), but it swallows a failure: eval of an empty
# string succeeds even under `set -e`. Prefer the assignment above.
#
# Exit status: 0 once test/kafka/wait-for-kafka.js says the broker is serving (describeCluster
# answers; a topic is created with a leader, written by an idempotent acks=-1 producer and
# deleted; the group coordinator answers). On any failure: the tail of kafka.log is printed,
# the broker started here is killed, the data dir is removed and the exit is non-zero.
#
# Startup order: jars (cached) -> ports free? -> fresh data dir + server.properties ->
# kafka.tools.StorageTool format -> kafka.Kafka in the background -> readiness.
#
# Environment (all optional):
#   KAFKA_VERSION           org.apache.kafka:kafka_2.13 version      (default 4.1.1)
#   KAFKA_CACHE_DIR         jar cache                                  (default <repo>/.cache/kafka-<version>)
#   KAFKA_PORT              PLAINTEXT (client) port                    (default 39092)
#   KAFKA_CONTROLLER_PORT   KRaft controller port                      (default 39093)
#   KAFKA_WAIT_TIMEOUT_S    readiness deadline in seconds              (default 90)
#   KAFKA_CLUSTER_ID        22-char base64url cluster id               (default fixed test id)
#   KAFKA_HEAP_OPTS         heap flags                                 (default -Xms256m -Xmx512m)
#   KAFKA_JVM_EXTRA_OPTS    appended to the JVM flags
#   KAFKA_LOG_LEVEL         slf4j-simple default level                 (default warn)
#   JAVA_HOME               java to use (else `java` on PATH); needs Java 17+
set -euo pipefail

# fd 3 = the real stdout (KEY=VALUE lines only); everything else goes to stderr.
exec 3>&1 1>&2

log() { printf '[start-kafka] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
SLF4J_VERSION="2.0.17"
CACHE_DIR="${KAFKA_CACHE_DIR:-$REPO_ROOT/.cache/kafka-$KAFKA_VERSION}"
LIB_DIR="$CACHE_DIR/lib"
MARKER="$CACHE_DIR/.complete"
PORT="${KAFKA_PORT:-39092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-39093}"
WAIT_TIMEOUT_S="${KAFKA_WAIT_TIMEOUT_S:-90}"
CLUSTER_ID="${KAFKA_CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}"
HOST=127.0.0.1

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java || true)"; fi
[[ -n "$JAVA" ]] || die "java not found (install a JDK 17+ or set JAVA_HOME)"
command -v node >/dev/null || die "node not found"
java_major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)"
[[ "${java_major:-0}" =~ ^[0-9]+$ && "$java_major" -ge 17 ]] || die "Kafka 4.x needs Java 17+, found '${java_major:-?}' at $JAVA"

for p in "$PORT" "$CONTROLLER_PORT"; do
  [[ "$p" =~ ^[0-9]+$ ]] && (( p >= 1024 && p <= 65535 )) || die "bad port '$p' (want 1024-65535)"
done
[[ "$PORT" != "$CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"

now_ms() { local t="${EPOCHREALTIME:-}"; if [[ -n "$t" ]]; then t="${t//[.,]/}"; echo $((t / 1000)); else echo $(( $(date +%s) * 1000 )); fi; }
port_in_use() { (exec 9<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# ---------------------------------------------------------------- 1. jars (cached)
# The marker is written only after a complete copy, and the copy goes to a temp dir
# that is renamed into place, so an interrupted download is redone next time.
# The marker records what it was built from, so changing the pom/versions redoes it.
pom="$SCRIPT_DIR/pom.xml"
want_marker="kafka_2.13=$KAFKA_VERSION slf4j=$SLF4J_VERSION pom=$(cksum < "$pom" | cut -d' ' -f1)"
fetch_jars() {
  if [[ -f "$MARKER" && -d "$LIB_DIR" && "$(cat "$MARKER")" == "$want_marker" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch the Kafka jars into $CACHE_DIR)"
  log "fetching Kafka $KAFKA_VERSION jars from Maven into $LIB_DIR ..."
  local t0 tmp
  t0=$(date +%s)
  rm -f "$MARKER"
  rm -rf "$CACHE_DIR"/lib.tmp.*   # leftovers of an interrupted run (we hold the lock)
  tmp="$(mktemp -d "$CACHE_DIR/lib.tmp.XXXXXX")"
  if ! mvn -B -ntp -q -Dstyle.color=never -f "$pom" \
      -Dkafka.version="$KAFKA_VERSION" -Dslf4j.version="$SLF4J_VERSION" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" 2>&1 \
      | sed -u 's/\x1b\[[0-9;]*m//g' >&2; then   # Maven 3.8 -q still emits colour resets
    rm -rf "$tmp"
    die "Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION (see the Maven output above)"
  fi
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing from the copy"; }
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  printf '%s\n' "$want_marker" > "$MARKER"
  log "jars cached in $(( $(date +%s) - t0 ))s: $(du -sh "$LIB_DIR" | cut -f1) in $LIB_DIR"
}
mkdir -p "$CACHE_DIR"
if command -v flock >/dev/null; then
  # Serialise concurrent first runs; the lock fd lives only in this subshell, so the
  # broker started below never inherits it.
  ( flock -w 900 8 || die "timed out waiting for the lock on $CACHE_DIR/.lock"; fetch_jars ) 8>"$CACHE_DIR/.lock"
else
  fetch_jars
fi

# ---------------------------------------------------------------- 2. ports free?
for p in "$PORT" "$CONTROLLER_PORT"; do
  if port_in_use "$p"; then
    die "port $HOST:$p is already in use (another broker still running? see: ss -ltnp | grep $p); set KAFKA_PORT / KAFKA_CONTROLLER_PORT to use others"
  fi
done

# ---------------------------------------------------------------- 3. data dir + config
DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/kafka-test.XXXXXX")"
KAFKA_LOG="$DATA_DIR/kafka.log"
PID_FILE="$DATA_DIR/kafka.pid"
KPID=""
ok=0
cleanup_on_failure() {
  local rc=$?
  [[ $ok == 1 ]] && return 0
  # Show the log as it was at the moment of failure, before stopping the broker
  # (a broker stopped mid-startup logs a misleading NullPointerException on its way out).
  if [[ -s "$KAFKA_LOG" ]]; then
    log "---- last 60 lines of $KAFKA_LOG ----"
    tail -n 60 "$KAFKA_LOG" >&2 || true
    log "---- end of kafka.log ----"
  fi
  if [[ -n "$KPID" ]] && kill -0 "$KPID" 2>/dev/null; then
    kill -TERM "$KPID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$KPID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$KPID" 2>/dev/null || true
    log "stopped broker pid $KPID"
  elif [[ -n "$KPID" ]]; then
    log "broker pid $KPID had already exited"
  fi
  rm -rf "$DATA_DIR"
  log "failed (exit $rc); removed $DATA_DIR"
}
trap cleanup_on_failure EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat > "$DATA_DIR/server.properties" <<EOF
# Single-node KRaft test broker, generated by test/kafka/start-kafka.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR/logs
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# The log cleaner allocates its whole dedupe buffer on the heap at startup (default 128 MiB),
# which alone makes the broker die with OutOfMemoryError under -Xmx128m and costs ~100 MiB RSS.
# 8 MiB still indexes ~300k keys per cleaning pass: plenty for __consumer_offsets in tests.
log.cleaner.dedupe.buffer.size=8388608
EOF

JOPTS=(${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError
       -Djava.awt.headless=true
       "-Dorg.slf4j.simpleLogger.defaultLogLevel=${KAFKA_LOG_LEVEL:-warn}"
       -Dorg.slf4j.simpleLogger.showDateTime=true
       "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS"
       ${KAFKA_JVM_EXTRA_OPTS:-})
CP="$LIB_DIR/*"

# ---------------------------------------------------------------- 4. format
log "formatting $DATA_DIR/logs (cluster id $CLUSTER_ID)"
if ! "$JAVA" "${JOPTS[@]}" -cp "$CP" kafka.tools.StorageTool format \
      -t "$CLUSTER_ID" -c "$DATA_DIR/server.properties" > "$DATA_DIR/format.log" 2>&1 </dev/null 3>&-; then
  cat "$DATA_DIR/format.log" >&2
  die "kafka.tools.StorageTool format failed"
fi

# ---------------------------------------------------------------- 5. start
# The broker outlives this script, so it must not keep any of the caller's file
# descriptors: holding the stdout pipe (fd 3 here) would make `$(bash start-kafka.sh)`
# hang forever, and any other inherited pipe (a CI runner's, a `2> >(...)` of the
# caller's) would never see EOF. So: stdin from /dev/null, stdout+stderr to kafka.log,
# every other fd closed, then exec java (the subshell's pid becomes the java pid).
t_start=$(now_ms)
(
  for fd in /proc/$BASHPID/fd/*; do
    fd="${fd##*/}"
    if [[ "$fd" =~ ^[0-9]+$ ]] && (( fd > 2 )); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
  exec "$JAVA" "${JOPTS[@]}" -cp "$CP" kafka.Kafka "$DATA_DIR/server.properties"
) > "$KAFKA_LOG" 2>&1 </dev/null &
KPID=$!
echo "$KPID" > "$PID_FILE"
log "started kafka.Kafka pid $KPID, data dir $DATA_DIR, log $KAFKA_LOG"

# ---------------------------------------------------------------- 6. readiness
# The readiness check talks Kafka through kafkajs. CI starts the broker before `npm ci`
# (the test command installs), so when the project's node_modules has no kafkajs yet the
# check gets its own copy (kafkajs has no dependencies) beside the jars.
WAITER_NODE_PATH=""
if ! (cd "$REPO_ROOT" && node -e "require.resolve('kafkajs')" 2>/dev/null 3>&-); then
  WAITER_DIR="$CACHE_DIR/waiter"
  if [[ ! -f "$WAITER_DIR/node_modules/kafkajs/package.json" ]]; then
    log "installing kafkajs@2.2.4 for the readiness check into $WAITER_DIR"
    mkdir -p "$WAITER_DIR"
    npm install --prefix "$WAITER_DIR" --no-save --no-audit --no-fund --loglevel=error kafkajs@2.2.4 3>&- >&2 \
      || die "could not install kafkajs for the readiness check"
  fi
  WAITER_NODE_PATH="$WAITER_DIR/node_modules"
fi
if ! NODE_PATH="$WAITER_NODE_PATH" KAFKA_BROKERS="$HOST:$PORT" KAFKA_PID="$KPID" KAFKA_WAIT_TIMEOUT_MS="$((WAIT_TIMEOUT_S * 1000))" \
    node "$SCRIPT_DIR/wait-for-kafka.js" 3>&- >&2; then
  if kill -0 "$KPID" 2>/dev/null; then die "broker did not become ready within ${WAIT_TIMEOUT_S}s"; fi
  die "broker process $KPID exited during startup"
fi
log "broker ready on $HOST:$PORT in $(( $(now_ms) - t_start )) ms after launch"

{
  printf 'KAFKA_PID=%q\n' "$KPID"
  printf 'KAFKA_DATA_DIR=%q\n' "$DATA_DIR"
  printf 'KAFKA_BROKERS=%q\n' "$HOST:$PORT"
} > "$DATA_DIR/kafka.env"
ok=1
cat "$DATA_DIR/kafka.env" >&3
