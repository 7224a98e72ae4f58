#!/usr/bin/env bash
# Concurrent signed webhooks on loopback into the webhook handler as deployed; each terminal event
# makes it fetch its job from a fake Ittybit that answers in FETCH_MS, and write its row with
# insertAll to a fake BigQuery.
# Exits non-zero when a delivery failed or a row is missing.
#   bench/webhook.sh [EVENTS=20000] [SENDERS=64] [FETCH_MS=50]   (BENCH_COMPARE=1: also one insert per request)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_main webhook-handler 512m dev.ittybatch.webhook.bench.WebhookBenchmark "$@"
