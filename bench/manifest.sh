#!/usr/bin/env bash
# Reads and validates a generated manifest with a 128 MiB heap and prints lines/s and peak heap.
#   bench/manifest.sh [LINES] [gz]      (default 1000000 lines, plain JSONL)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main common 128m dev.ittybatch.common.bench.ManifestBenchmark "${1:-1000000}" "${2:-}"
