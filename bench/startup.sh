#!/usr/bin/env bash
# Time from `npm start` to the first answered query, then the idle resident memory of the
# Node process and of the embedded Neo4j JVM, then a clean stop.
#   bash bench/startup.sh [PORT]        (cold: delete launcher/target and ~/.m2 first)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-4400}
log=$(mktemp)
start=$(date +%s.%N)
PORT=$port npm start >"$log" 2>&1 &
until curl -sf "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
  -d '{"query":"{ concept(slug: \"osteoblast\") { name } }"}' | grep -q Osteoblast; do
  sleep 0.2
  if ! kill -0 $! 2>/dev/null; then cat "$log"; exit 1; fi
done
end=$(date +%s.%N)
echo "first answered query after $(echo "$end - $start" | bc) s"
sleep 20
node_pid=$(pgrep -f "^node dist/cli.js start" | head -1)
jvm_pid=$(pgrep -f EmbeddedNeo4j | head -1)
echo "idle RSS: node $(($(ps -o rss= -p "$node_pid") / 1024)) MiB, JVM $(($(ps -o rss= -p "$jvm_pid") / 1024)) MiB"
kill -TERM "$node_pid"
wait 2>/dev/null || true
sleep 2
if pgrep -f EmbeddedNeo4j >/dev/null; then echo "the JVM outlived the server"; exit 1; else echo "JVM stopped with the server"; fi
