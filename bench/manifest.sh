#!/usr/bin/env bash
# Reads and validates a generated manifest with a 128 MiB heap and prints lines/s and peak heap.
#   bench/manifest.sh [LINES] [gz]      (default 1000000 lines, plain JSONL)
set -euo pipefail
cd "$(dirname "$0")/.."
lines="${1:-1000000}"
./mvnw -q -B -pl common -am test-compile -Dspotless.check.skip=true
./mvnw -q -B -pl common dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
cd common
java -Xmx128m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.ittybatch.common.bench.ManifestBenchmark "$lines" "${2:-}"
