#!/usr/bin/env bash
# Soak and restart drill: two `contract-watch serve` instances and one worker on PostgreSQL, a
# mail sink that records every Message-ID, 10,000 list messages waiting in the outbox, and
# `cw-soak` driving 64 clients (pages, item pages, searches, GraphQL reads, comments, follows).
#
#   bench/soak.sh DATABASE_URL [SECONDS] [RESTART_EVERY]
#
# With RESTART_EVERY (seconds, 0 = never), PostgreSQL is restarted (`pg_ctlcluster … restart -m
# fast`) and, half-way between restarts, every backend of the database is killed
# (`pg_terminate_backend`); each time the script measures how long until both instances answer
# /readyz again. With KILL_WORKER=1 the worker is also killed with `kill -9` after each fault and
# started again (mail and alert jobs in flight die with it). At the end the worker is stopped with SIGTERM, a last `worker --once` drains
# the outbox, and `cw-mail-bench reconcile` counts lost and duplicated mail at the sink.
# The database is emptied first (DROP SCHEMA public CASCADE): give it a database of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

database_url=${1:?usage: bench/soak.sh DATABASE_URL [SECONDS] [RESTART_EVERY]}
seconds=${2:-600}
restart_every=${3:-0}
clients=${CLIENTS:-64}
sink_port=${SINK_PORT:-2527}

cargo build --release --quiet -p contract-watch -p bench
bin=./target/release
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/worker.pid" ] && kill "$(cat "$work/worker.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

psql "$database_url" -qc 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'
export CW__DATABASE__URL=$database_url
export CW__APPLICATION__SEED_DEMO_ON_EMPTY=false
export CW__EMAIL__TRANSPORT=smtp CW__EMAIL__SMTP__HOST=127.0.0.1 CW__EMAIL__SMTP__PORT=$sink_port
export CW__EMAIL__SMTP__TLS=none
export CW__AUTH__TRUST_FORWARDED_FOR=true
# Each soak client is one address; the per-IP limit would measure itself, not the service.
export CW__EDGE__ANONYMOUS_PER_IP_PER_MINUTE=0
export CW__WORKER__LEASE_SECONDS=5
export CW__DATABASE__ACQUIRE_TIMEOUT_SECONDS=${ACQUIRE_TIMEOUT:-3}
export RUST_LOG=${RUST_LOG:-warn}

$bin/contract-watch migrate up
$bin/contract-watch seed-demo
$bin/cw-mail-bench sink --listen "127.0.0.1:$sink_port" --ledger "$work/ledger.txt" >"$work/sink.log" 2>&1 &
pids+=($!)

serve() {
    CW__APPLICATION__PORT=$1 CW__WORKER__RUN_IN_SERVE=false $bin/contract-watch serve >"$work/serve-$1.log" 2>&1 &
    last=$!
    pids+=("$last")
}
serve 8081
a=$last
serve 8082
b=$last
for port in 8081 8082; do
    until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.2; done
done
# Residents to comment and follow as: verified accounts, logged in over the API.
: >"$work/tokens.txt"
for i in $(seq 1 16); do
    echo "soak passphrase number $i for residents" |
        $bin/contract-watch admin create-user --email "soak$i@example.org" --role resident \
            --display-name "Soak $i" --password-stdin >/dev/null
    curl -fs http://127.0.0.1:8081/graphql -H 'content-type: application/json' \
        -H "x-forwarded-for: 10.200.0.$i" \
        -d "{\"query\":\"mutation { logIn(input: {email: \\\"soak$i@example.org\\\", password: \\\"soak passphrase number $i for residents\\\"}) { accessToken } }\"}" |
        sed -E 's/.*"accessToken":"([^"]+)".*/\1/' >>"$work/tokens.txt"
    echo >>"$work/tokens.txt"
done
$bin/cw-mail-bench enqueue --count "${MAIL:-10000}"
$bin/contract-watch worker >>"$work/worker.log" 2>&1 &
worker=$!
pids+=($worker)
echo "$worker" >"$work/worker.pid"

faults() {
    local n=0
    while sleep "$((restart_every / 2))"; do
        n=$((n + 1))
        local began=$(date +%s.%N)
        if ((n % 2 == 1)); then
            pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart -m fast
            what="restart -m fast"
        else
            psql "$database_url" -qAtc "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" >/dev/null
            what="backends killed"
        fi
        for port in 8081 8082; do
            until curl -fs -m 2 "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.05; done
        done
        echo "fault $n ($what): both instances ready $(echo "$(date +%s.%N) - $began" | bc) s after it began"
        if [ "${KILL_WORKER:-0}" = 1 ]; then
            kill -9 "$(cat "$work/worker.pid")" 2>/dev/null || true
            $bin/contract-watch worker >>"$work/worker.log" 2>&1 &
            echo $! >"$work/worker.pid"
            echo "fault $n: worker killed with kill -9 and started again"
        fi
    done
}
if ((restart_every > 0)); then
    faults &
    pids+=($!)
fi

$bin/cw-soak --base http://127.0.0.1:8081 http://127.0.0.1:8082 --clients "$clients" \
    --seconds "$seconds" --tokens "$work/tokens.txt" --pid "$a" "$b" "$worker"
if ((restart_every > 0)); then kill "${pids[-1]}" 2>/dev/null || true; fi

worker=$(cat "$work/worker.pid")
kill -TERM "$worker"
while kill -0 "$worker" 2>/dev/null; do sleep 0.1; done
echo "worker after SIGTERM: $(grep -c 'leases released' "$work/worker.log" || true) batch(es) released on the way out"
$bin/contract-watch worker --once
$bin/cw-mail-bench reconcile --ledger "$work/ledger.txt"
grep -h '"level":"ERROR"\|ERROR' "$work"/serve-*.log | sort | uniq -c | sort -rn | head -5 || true
