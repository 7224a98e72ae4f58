#!/usr/bin/env bash
# What the Cloud Storage stand-in's V4 signature check costs per fetch: the check in a loop, and a
# whole signed download over loopback for scale.
#   bench/signature.sh [CHECKS=20000]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main local 256m dev.ittybatch.local.gcs.SignatureCheckBenchmark "$@"
