#!/usr/bin/env bash
# The whole local pipeline (emulator, simulator, the three services, DuckDB) in one JVM, as
# run-local runs it, with no faults and 500 ms of processing: the dispatch rate achieved against
# the configured one, enqueue time, CPU-ms per entry per component, time to the last outcome.
# Exits non-zero if any entry does not end succeeded exactly once.
#   bench/pipeline.sh [ENTRIES=5000] [RATE=200]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main local "${BENCH_HEAP:-1g}" dev.ittybatch.local.bench.PipelineBenchmark "$@"
