#!/usr/bin/env bash
# Mail hand-off rate at the default settings (mail.concurrency = 8): 5 000
# mails from the outbox to the tests' SMTP sink on loopback, one
# `convene worker --once` (process start included), SQLite and PostgreSQL.
# Prints mails/s. CONVENE_BIN=/path/to/convene measures another build.
#
#   bash bench/mail.sh            # BENCH_MAILS=5000 BENCH_CONCURRENCY=8
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_CONCURRENCY=${BENCH_CONCURRENCY:-8} BENCH_MAILS=${BENCH_MAILS:-5000}
cargo test --release --quiet -p convene-tests --test mail -- --ignored --nocapture throughput 2>&1 |
  grep -E 'mails/s|skipping'
