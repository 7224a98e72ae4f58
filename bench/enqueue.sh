#!/usr/bin/env bash
# Enqueues a generated manifest through the orchestrator into a fake Cloud Tasks with a set latency
# per call, and compares with a one-at-a-time loop. 256 MiB heap.
#   bench/enqueue.sh [ENTRIES=50000] [LATENCY_MS=20] [SEQUENTIAL_SLICE=250] [CONCURRENCY=64]
#   bench/enqueue.sh 1000000 0 0        (a million entries in 256 MiB)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main orchestrator 256m dev.ittybatch.orchestrator.bench.EnqueueBenchmark "$@"
