#!/usr/bin/env bash
# Tasks into the task handler from concurrent senders, Ittybit faked with a set latency, rows
# through the BigQuery adapter to a fake insertAll.
#   bench/dispatch.sh [TASKS=20000] [CONCURRENCY=64] [ITTYBIT_LATENCY_MS=50]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main task-handler 512m dev.ittybatch.taskhandler.bench.DispatchBenchmark "$@"
