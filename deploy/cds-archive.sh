#!/usr/bin/env bash
# The eMSP's fast start (docs/deployment.md "Fast start"): the executable jar extracted into
# <destination> (a jar plus lib/, the layout a class-data-sharing archive needs) and an AppCDS
# archive of the classes a start-up loads, recorded by a training run: the service started once on
# a throw-away data directory (its own embedded PostgreSQL, no external service called), stopped
# when ready. Then start it with
#   java -XX:SharedArchiveFile=<destination>/emsp.jsa -jar <destination>/emsp-<version>-exec.jar
# The archive only fits this JDK and these files: rebuild it after a new build or JDK (a JVM that
# finds it stale says so and starts without it). Plain `java -jar` on the exec jar keeps working.
#
# usage: deploy/cds-archive.sh [exec jar] [destination]
#   defaults: emsp/target/emsp-*-exec.jar, emsp/target/fast-start
set -euo pipefail

JAR=${1:-$(ls emsp/target/emsp-*-exec.jar 2>/dev/null | head -n 1)}
DEST=${2:-emsp/target/fast-start}
JAVA=${JAVA:-java}
if [ -z "$JAR" ] || [ ! -f "$JAR" ]; then
    echo "no executable jar: build it first (./mvnw -q -DskipTests package) or name it" >&2
    exit 2
fi

rm -rf "$DEST"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DEST"
APP="$DEST/$(basename "$JAR")"
ARCHIVE="$DEST/emsp.jsa"
TRAINING=$(mktemp -d)
LOG="$TRAINING.log"
trap 'rm -rf "$TRAINING" "$LOG"' EXIT

# the training run: ready, then stopped gracefully (SIGTERM); the JVM writes the archive as it exits
env -u SPRING_DATASOURCE_URL ROLLYY_API_KEY=training-run \
    "$JAVA" -XX:ArchiveClassesAtExit="$ARCHIVE" -jar "$APP" --server.port=0 --server.address=127.0.0.1 \
    --rollyy.data-dir="$TRAINING" --logging.structured.format.console= >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 3000); do
    if grep -q "Ready in" "$LOG"; then
        break
    fi
    if ! kill -0 "$PID" 2>/dev/null; then
        echo "the training run stopped before it was ready; its log:" >&2
        tail -n 40 "$LOG" >&2
        exit 1
    fi
    sleep 0.1
done
if ! grep -q "Ready in" "$LOG"; then
    kill "$PID" 2>/dev/null || true
    echo "the training run was not ready after 5 minutes" >&2
    exit 1
fi
kill -TERM "$PID"
wait "$PID" || true
if [ ! -s "$ARCHIVE" ]; then
    echo "the training run wrote no archive; its log:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
fi
echo "archive $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1)); start with:"
echo "  java -XX:SharedArchiveFile=$ARCHIVE -jar $APP"
