#!/usr/bin/env bash
# Enqueues a generated manifest through the orchestrator into a fake Cloud Tasks with a set latency
# per call, and compares with a one-at-a-time loop. 256 MiB heap.
#   bench/enqueue.sh [ENTRIES=50000] [LATENCY_MS=20] [SEQUENTIAL_SLICE=250] [CONCURRENCY=64]
#   bench/enqueue.sh 1000000 0 0        (a million entries in 256 MiB)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl orchestrator -am install -DskipTests -Dspotless.check.skip=true
./mvnw -q -B -pl orchestrator test-compile dependency:build-classpath -Dspotless.check.skip=true \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cd orchestrator
java -Xmx256m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.ittybatch.orchestrator.bench.EnqueueBenchmark "$@"
