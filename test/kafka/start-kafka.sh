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
# Only KEY=VALUE lines (shell-quoted, safe to eval) go to stdout:
#   KAFKA_PID=<pid of the java process>
#   KAFKA_DATA_DIR=<fresh temp dir: server.properties, logs/, kafka.log, kafka.pid>
#   KAFKA_BROKERS=127.0.0.1:<port>     (always the last line)
# Everything else (progress, Maven, errors, tail of kafka.log on failure) goes to stderr.
# The same lines are also written to $KAFKA_DATA_DIR/kafka.env.
#
# Note: `eval "$(bash start-kafka.sh | grep ...)"` also works, but it swallows the
# script's exit status (eval of an empty string succeeds), so prefer the assignment above.
#
# Exit status: 0 once the broker answers describeCluster AND has created+deleted a topic
# with a leader (test/kafka/wait-for-kafka.js). On any failure the broker started here is
# killed, the tail of kafka.log is printed, the data dir is removed and the exit is non-zero.
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
  tmp="$(mktemp -d "$CACHE_DIR/lib.tmp.XXXXXX")"
  if ! mvn -B -ntp -q -Dstyle.color=never -f "$pom" \
      -Dkafka.version="$KAFKA_VERSION" -Dslf4j.version="$SLF4J_VERSION" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >&2; then
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
  if [[ -n "$KPID" ]] && kill -0 "$KPID" 2>/dev/null; then
    kill -TERM "$KPID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$KPID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$KPID" 2>/dev/null || true
  fi
  if [[ -f "$KAFKA_LOG" ]]; then
    log "---- last 60 lines of $KAFKA_LOG ----"
    tail -n 60 "$KAFKA_LOG" >&2 || true
    log "---- end of kafka.log ----"
  fi
  rm -rf "$DATA_DIR"
  log "failed (exit $rc); broker stopped and $DATA_DIR removed"
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
# stdin from /dev/null and fd 3 closed: the broker must not hold the caller's
# stdout pipe open, or `$(bash start-kafka.sh)` would never return.
t_start=$(date +%s%N)
"$JAVA" "${JOPTS[@]}" -cp "$CP" kafka.Kafka "$DATA_DIR/server.properties" \
  > "$KAFKA_LOG" 2>&1 </dev/null 3>&- &
KPID=$!
echo "$KPID" > "$PID_FILE"
log "started kafka.Kafka pid $KPID, data dir $DATA_DIR, log $KAFKA_LOG"

# ---------------------------------------------------------------- 6. readiness
if ! KAFKA_BROKERS="$HOST:$PORT" KAFKA_PID="$KPID" KAFKA_WAIT_TIMEOUT_MS="$((WAIT_TIMEOUT_S * 1000))" \
    node "$SCRIPT_DIR/wait-for-kafka.js" 3>&- >&2; then
  die "broker did not become ready within ${WAIT_TIMEOUT_S}s"
fi
log "broker ready on $HOST:$PORT in $(( ($(date +%s%N) - t_start) / 1000000 )) ms after launch"

{
  printf 'KAFKA_PID=%q\n' "$KPID"
  printf 'KAFKA_DATA_DIR=%q\n' "$DATA_DIR"
  printf 'KAFKA_BROKERS=%q\n' "$HOST:$PORT"
} > "$DATA_DIR/kafka.env"
ok=1
cat "$DATA_DIR/kafka.env" >&3
