#!/usr/bin/env bash
# Crash drill for the email outbox: enqueue 10,000 messages, start the worker and kill it with
# `kill -9` several times while it sends, let a last worker finish, then count at the sink (by
# Message-ID) what was lost and what was sent twice.
#
#   bench/crash-drill.sh [DATABASE_URL] [KILLS]
#
# Defaults: a SQLite file under data/, 5 kills. Any PostgreSQL URL works too.
set -euo pipefail
cd "$(dirname "$0")/.."

database_url=${1:-sqlite://data/drill.db?mode=rwc}
kills=${2:-5}
count=${COUNT:-10000}
port=${PORT:-2526}

cargo build --release --quiet -p contract-watch -p bench
work=$(mktemp -d)
ledger=$work/ledger.txt
./target/release/cw-mail-bench sink --listen "127.0.0.1:$port" --ledger "$ledger" >"$work/sink.log" 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null || true; rm -rf "$work"' EXIT

export CW__DATABASE__URL=$database_url
export CW__APPLICATION__SEED_DEMO_ON_EMPTY=false
export CW__EMAIL__TRANSPORT=smtp CW__EMAIL__SMTP__HOST=127.0.0.1 CW__EMAIL__SMTP__PORT=$port
export CW__EMAIL__SMTP__TLS=none
# A short lease so the drill does not wait long for a killed worker's rows.
export CW__WORKER__LEASE_SECONDS=2
export RUST_LOG=warn

./target/release/cw-mail-bench enqueue --count "$count"
for i in $(seq 1 "$kills"); do
    ./target/release/contract-watch worker &
    worker=$!
    sleep "0.$((RANDOM % 4 + 3))"
    kill -9 "$worker"
    wait "$worker" 2>/dev/null || true
    echo "kill $i: the sink has accepted $(wc -l <"$ledger") messages"
    # Leases of the killed worker expire; the next worker takes those rows.
    sleep 2.1
done
./target/release/contract-watch worker --once
./target/release/cw-mail-bench reconcile --ledger "$ledger"
