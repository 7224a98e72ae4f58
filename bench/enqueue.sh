#!/usr/bin/env bash
# Enqueues a generated manifest (read from the Cloud Storage stand-in) through the orchestrator as
# deployed into a fake Cloud Tasks with a set latency per call, its ledger through the production
# path (files in the storage stand-in, load jobs into the BigQuery stand-in), and compares with a
# one-at-a-time loop. 512 MiB heap, shared with the stand-ins.
#   bench/enqueue.sh [ENTRIES=50000] [LATENCY_MS=20] [SEQUENTIAL_SLICE=250] [CONCURRENCY=64]
#   bench/enqueue.sh 1000000 0 0        (a million entries)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main local "${BENCH_HEAP:-512m}" dev.ittybatch.local.bench.EnqueueBenchmark "$@"
