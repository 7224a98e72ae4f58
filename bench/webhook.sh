#!/usr/bin/env bash
# Concurrent signed webhooks on loopback into the webhook handler with the DuckDB store: once
# micro-batched, once with one insert per request.
#   bench/webhook.sh [EVENTS=20000] [SENDERS=32]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl webhook-handler -am install -DskipTests -Dspotless.check.skip=true
./mvnw -q -B -pl webhook-handler test-compile dependency:build-classpath -Dspotless.check.skip=true \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cd webhook-handler
java -Xmx512m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.ittybatch.webhook.bench.WebhookBenchmark "$@"
