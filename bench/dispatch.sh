#!/usr/bin/env bash
# Tasks into the task handler from concurrent senders, Ittybit stubbed with a set latency, rows
# through the BigQuery adapter to a stub insertAll.
#   bench/dispatch.sh [TASKS=20000] [CONCURRENCY=64] [ITTYBIT_LATENCY_MS=50]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl task-handler -am install -DskipTests -Dspotless.check.skip=true
./mvnw -q -B -pl task-handler test-compile dependency:build-classpath -Dspotless.check.skip=true \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cd task-handler
java -Xmx512m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.ittybatch.taskhandler.bench.DispatchBenchmark "$@"
