#!/usr/bin/env bash
# The status page and its failures export over a seeded DuckDB batch, through the webhook-handler
# as run-local reads it: page median and worst time, CSV rows and time. Default JVM heap.
#   bench/page.sh [ENTRIES=100000]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main local "${BENCH_HEAP:-256m}" dev.ittybatch.local.bench.StatusPageBenchmark "$@"
