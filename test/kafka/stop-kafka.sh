#!/usr/bin/env bash
# Stop a broker started by test/kafka/start-kafka.sh and remove its data dir.
#
#   bash test/kafka/stop-kafka.sh                 # uses $KAFKA_PID / $KAFKA_DATA_DIR
#   bash test/kafka/stop-kafka.sh <data-dir>      # reads <data-dir>/kafka.pid
#
# SIGTERM (Kafka's own controlled shutdown), up to KAFKA_STOP_TIMEOUT_S (default 20) s,
# then SIGKILL. Only kills the PID if it is still a kafka.Kafka process using that data
# dir, so a stale pid file never hits an unrelated process. Safe to call twice; meant
# for a `trap ... EXIT`, so it always exits 0 unless the process survives SIGKILL.
# Set KAFKA_KEEP_DATA_DIR=1 to keep the data dir (and kafka.log) for inspection.
set -uo pipefail

log() { printf '[stop-kafka] %s\n' "$*" >&2; }

DATA_DIR="${1:-${KAFKA_DATA_DIR:-}}"
PID="${KAFKA_PID:-}"
if [[ -n "$DATA_DIR" && -f "$DATA_DIR/kafka.pid" ]]; then
  PID="$(cat "$DATA_DIR/kafka.pid")"
fi
TIMEOUT_S="${KAFKA_STOP_TIMEOUT_S:-20}"

if [[ -z "$PID" && -z "$DATA_DIR" ]]; then
  log "nothing to stop (no KAFKA_PID / KAFKA_DATA_DIR and no argument)"
  exit 0
fi

is_our_broker() {
  local cmd
  [[ -r "/proc/$1/cmdline" ]] || return 1
  cmd="$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *kafka.Kafka* ]] || return 1
  [[ -z "$DATA_DIR" || "$cmd" == *"$DATA_DIR/server.properties"* ]]
}

rc=0
if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
  if is_our_broker "$PID"; then
    t0=$SECONDS
    kill -TERM "$PID" 2>/dev/null
    for ((i = 0; i < TIMEOUT_S * 5; i++)); do
      kill -0 "$PID" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$PID" 2>/dev/null; then
      log "pid $PID still running after ${TIMEOUT_S}s of SIGTERM; sending SIGKILL"
      kill -KILL "$PID" 2>/dev/null
      for ((i = 0; i < 25; i++)); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$PID" 2>/dev/null; then log "pid $PID survived SIGKILL"; rc=1; fi
    else
      log "broker pid $PID stopped (SIGTERM) in ~$(( SECONDS - t0 ))s"
    fi
  else
    log "pid $PID is not a kafka.Kafka process for ${DATA_DIR:-this data dir}; not killing it"
  fi
else
  log "broker pid ${PID:-?} is not running"
fi

if [[ -n "$DATA_DIR" && -d "$DATA_DIR" ]]; then
  if [[ "${KAFKA_KEEP_DATA_DIR:-0}" == 1 ]]; then
    log "keeping $DATA_DIR (KAFKA_KEEP_DATA_DIR=1)"
  elif [[ -f "$DATA_DIR/server.properties" || -f "$DATA_DIR/kafka.pid" ]]; then
    rm -rf "$DATA_DIR" && log "removed $DATA_DIR"
  else
    log "$DATA_DIR does not look like a start-kafka.sh data dir; not removing it"
  fi
fi
exit $rc
