#!/usr/bin/env bash
# The status page and its failures export over a batch seeded in the BigQuery stand-in, read by
# query jobs as run-local and deploy.sh status --web read it: page median and worst time, CSV rows
# and time, in a 256 MiB heap (BENCH_HEAP), well under the JVM's default.
#   bench/page.sh [ENTRIES=100000] [SUCCEEDED_PERCENT=90]
#   bench/page.sh 1000000 0      every entry is a row of failures.csv
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main local "${BENCH_HEAP:-256m}" dev.ittybatch.local.bench.StatusPageBenchmark "$@"
