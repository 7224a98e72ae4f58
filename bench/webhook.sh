#!/usr/bin/env bash
# Concurrent signed webhooks on loopback into the webhook handler with the DuckDB store: once
# micro-batched, once with one insert per request.
#   bench/webhook.sh [EVENTS=20000] [SENDERS=32]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main webhook-handler 512m dev.ittybatch.webhook.bench.WebhookBenchmark "$@"
