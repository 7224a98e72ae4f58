#!/usr/bin/env bash
# The whole local pipeline (the stand-ins of Cloud Tasks, Cloud Storage, BigQuery and IAM
# Credentials, the Ittybit simulator, the three services) in one JVM, as run-local runs it (with
# local/jvm-options), with no faults and 500 ms of processing: the dispatch
# rate achieved against the configured one, enqueue time, CPU-ms per entry per component and per
# request, time to the last outcome. Exits non-zero if any entry does not end succeeded exactly once.
#   bench/pipeline.sh [ENTRIES=5000] [RATE=200]
# BENCH_JAVA_OPTS come after run-local's options, so they can override them.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
run_local_options="$(grep -v -e '^#' -e '^[[:space:]]*$' "$(dirname "$0")/../local/jvm-options" | tr '\n' ' ')"
BENCH_JAVA_OPTS="$run_local_options ${BENCH_JAVA_OPTS:-}" \
  bench_main local "${BENCH_HEAP:-1g}" dev.ittybatch.local.bench.PipelineBenchmark "$@"
