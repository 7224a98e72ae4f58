#!/usr/bin/env bash
# Sets up, deploys and runs ittybatch on Google Cloud. Every step creates or updates, so running it
# again is safe and converges on the settings in the env file.
#
#   deploy/deploy.sh [--dry-run] [--env FILE] setup
#   deploy/deploy.sh [--dry-run] [--env FILE] run MANIFEST [--tasks N] [--batch-id ID] [--skip-invalid]
#                                                   [--retry STATUSES]
#       MANIFEST is a local file (uploaded to gs://MANIFEST_BUCKET/manifests/) or a gs:// object in
#       MANIFEST_BUCKET: the orchestrator may read manifests there and nowhere else.
#   deploy/deploy.sh [--dry-run] [--env FILE] reconcile BATCH_ID [--no-redrive] [--stop]
#   deploy/deploy.sh [--dry-run] [--env FILE] status BATCH_ID [--web [--port N]]
#   deploy/deploy.sh [--dry-run] [--env FILE] check [MANIFEST]
#   deploy/deploy.sh [--dry-run] [--env FILE] pause BATCH_ID
#   deploy/deploy.sh [--dry-run] [--env FILE] resume [BATCH_ID]
#   deploy/deploy.sh [--dry-run] [--env FILE] cancel BATCH_ID
#   deploy/deploy.sh [--dry-run] [--env FILE] teardown [--delete-queue] [--delete-data]
#
# --dry-run prints every command instead of running it: no cloud access, no side effects.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
# The Maven wrapper that builds the images; a test may put a stand-in here.
mvnw="${MVNW:-$root/mvnw}"
dry_run=false
env_file="$here/ittybatch.env"

die() {
  echo "deploy: $*" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=true; shift ;;
    --env) env_file="${2:?--env needs a file}"; shift 2 ;;
    --env=*) env_file="${1#--env=}"; shift ;;
    -h|--help) sed -n '2,/^# --dry-run/p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
command="${1:-}"
[[ -n "$command" ]] || die "say what to do: setup, run, reconcile, status, check, pause, resume, cancel or teardown (--help)"
shift

[[ -f "$env_file" ]] || die "$env_file not found: copy deploy/ittybatch.env.example and fill it in"
# shellcheck source=/dev/null
source "$env_file"
for name in PROJECT REGION MEDIA_BUCKET MANIFEST_BUCKET QUEUE QUEUE_RATE QUEUE_CONCURRENCY \
  QUEUE_MAX_ATTEMPTS ATTEMPTS_MARGIN QUEUE_MIN_BACKOFF QUEUE_MAX_BACKOFF QUEUE_MAX_DOUBLINGS DATASET \
  BQ_LOCATION IMAGE_REPO IMAGE_TAG; do
  [[ -n "${!name:-}" ]] || die "$name is not set in $env_file"
done
# How long a batch with entries waiting may not move before its stuck notice; an hour unless set.
NOTIFY_STUCK_AFTER="${NOTIFY_STUCK_AFTER:-1h}"
# The handler gives up (records dispatch_failed) this many attempts before the queue does.
handler_max_attempts=$((QUEUE_MAX_ATTEMPTS - ATTEMPTS_MARGIN))
((handler_max_attempts >= 1)) \
  || die "QUEUE_MAX_ATTEMPTS ($QUEUE_MAX_ATTEMPTS) must exceed ATTEMPTS_MARGIN ($ATTEMPTS_MARGIN)"

registry="$REGION-docker.pkg.dev/$PROJECT/$IMAGE_REPO"
sa_domain="$PROJECT.iam.gserviceaccount.com"
orchestrator_sa="ittybatch-orchestrator@$sa_domain"
handler_sa="ittybatch-task-handler@$sa_domain"
webhook_sa="ittybatch-webhook@$sa_domain"
invoker_sa="ittybatch-tasks-invoker@$sa_domain"
scheduler_sa="ittybatch-scheduler@$sa_domain"
# The ledger's files: in the manifest bucket, the one the orchestrator may create objects in.
ledger_location="gs://$MANIFEST_BUCKET/ittybatch-ledger/"
# How often Cloud Scheduler runs a reconciliation pass over a batch that was run.
reconcile_schedule="${RECONCILE_SCHEDULE:-*/15 * * * *}"

# Runs a command, or in a dry run prints it, shell-quoted, one per line.
run() {
  if $dry_run; then
    printf '+'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

# Runs a command whose stdin is a secret; the secret itself is never printed.
run_with_secret() {
  local secret="$1"
  shift
  if $dry_run; then
    printf '+ <secret> |'
    printf ' %q' "$@"
    printf '\n'
  else
    printf '%s' "$secret" | "$@"
  fi
}

# The value of a gcloud list flag (--args, --set-env-vars, ...) holding exactly these elements.
# gcloud splits such a value at commas, unless it starts with ^D^, which makes D the delimiter for
# the whole value (gcloud topic escaping): elements with a comma get the first delimiter none holds.
gcloud_list() {
  local delimiter element
  for delimiter in ',' '|' ';' '@' '~' '#'; do
    for element in "$@"; do
      [[ "$element" != *"$delimiter"* ]] || continue 2
    done
    if [[ "$delimiter" == , && "${1:-}" != ^* ]]; then
      (IFS=,; printf '%s' "$*")
    else
      printf '^%s^' "$delimiter"
      (IFS="$delimiter"; printf '%s' "$*")
    fi
    return
  done
  die "no delimiter is free for the list: $*"
}

# Creates something unless it exists: "exists CHECK... -- CREATE...". Prints both in a dry run.
ensure() {
  local check=() create=()
  while [[ "$1" != "--" ]]; do check+=("$1"); shift; done
  shift
  create=("$@")
  if $dry_run; then
    printf '+'
    printf ' %q' "${check[@]}"
    printf ' >/dev/null 2>&1 ||'
    printf ' %q' "${create[@]}"
    printf '\n'
  elif ! "${check[@]}" >/dev/null 2>&1; then
    "${create[@]}"
  fi
}

# The environment of a component, from deploy/env/COMPONENT.env (the one source deploy and run-local
# share): "component_env vars|secrets COMPONENT [SETTING=VALUE...]" prints, one a line, its
# variables with each ${SETTING} replaced (by a SETTING=VALUE given, else by the env file's), or its
# secrets as --set-secrets takes them (NAME=SECRET:latest; a secret?: one only when it exists).
component_env() {
  local want="$1" component="$2" line name value setting replacement given found
  shift 2
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    name="${line%%=*}"
    value="${line#*=}"
    case "$value" in
      secret:*)
        if [[ "$want" == secrets ]]; then
          echo "$name=${value#secret:}:latest"
        fi ;;
      secret\?:*)
        if [[ "$want" == secrets ]] && secret_exists "${value#secret?:}"; then
          echo "$name=${value#secret?:}:latest"
        fi ;;
      *)
        [[ "$want" == vars ]] || continue
        while [[ "$value" =~ \$\{([A-Za-z_][A-Za-z0-9_]*)\} ]]; do
          setting="${BASH_REMATCH[1]}"
          found=false
          for given in "$@"; do
            if [[ "${given%%=*}" == "$setting" ]]; then
              replacement="${given#*=}"
              found=true
            fi
          done
          $found || replacement="${!setting:-}"
          [[ -n "$replacement" ]] || die "$component.env: $name needs $setting, which is not set"
          value="${value%%"\${$setting}"*}$replacement${value#*"\${$setting}"}"
        done
        echo "$name=$value" ;;
    esac
  done < "$here/env/$component.env"
}

# Whether an optional secret is there to hand to a service: the webhook's signing secret when it
# was exported (setup stores it), or one an earlier setup stored.
secret_exists() {
  [[ "$1" == webhook-secret && -n "${ITTYBIT_WEBHOOK_SECRET:-}" ]] && return 0
  [[ "$1" == notify-url && -n "${NOTIFY_URL:-}" ]] && return 0
  ! $dry_run && gcloud secrets describe "$1" --project="$PROJECT" >/dev/null 2>&1
}

# The lines a command printed, into the array "lines" (bash 3 has no mapfile).
lines_of() {
  local line
  lines=()
  while IFS= read -r line; do
    [[ -z "$line" ]] || lines+=("$line")
  done <<< "$1"
}

# A service's URL; in a dry run, a placeholder that names where it would come from.
service_url() {
  if $dry_run; then
    echo "https://$1-URL.run.app"
  else
    gcloud run services describe "$1" --project="$PROJECT" --region="$REGION" --format='value(status.url)'
  fi
}

# The SQL of sql/, pointed at this deployment's dataset.
sql() {
  sed "s/ittybatch\./$DATASET./g; s/SCHEMA IF NOT EXISTS ittybatch/SCHEMA IF NOT EXISTS $DATASET/" "$root/sql/$1"
}

# Grants a role on the whole dataset with BigQuery's GRANT statement (idempotent).
bq_grant() {
  local role="$1" members=() account
  shift
  for account in "$@"; do members+=("\"serviceAccount:$account\""); done
  local statement
  statement="GRANT \`$role\` ON SCHEMA \`$PROJECT.$DATASET\` TO $(IFS=,; echo "${members[*]}")"
  run bq query --project_id="$PROJECT" --location="$BQ_LOCATION" --use_legacy_sql=false "$statement"
}

bq_query() {
  local file="$1"
  shift
  if $dry_run; then
    printf '+ bq query --project_id=%q --location=%q --use_legacy_sql=false' "$PROJECT" "$BQ_LOCATION"
    [[ $# -eq 0 ]] || printf ' %q' "$@"
    printf ' < sql/%s\n' "$file"
  else
    sql "$file" | bq query --project_id="$PROJECT" --location="$BQ_LOCATION" --use_legacy_sql=false "$@"
  fi
}

# BigQuery loads the ledger's files from the manifest bucket, and "if your dataset's location is set
# to a value other than the US multi-region, then the Cloud Storage bucket must be in the same region
# or contained in the same multi-region as the dataset"
# (https://cloud.google.com/bigquery/docs/loading-data-cloud-storage-json#limitations). Newer
# versions of that page no longer state the US exception, so it is not relied on here.
location_fits() {
  # Upper case without ${x^^}, which the bash 3 of macOS lacks.
  local bucket within
  bucket="$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')"
  within="$(printf '%s' "$2" | tr '[:lower:]' '[:upper:]')"
  [[ "$bucket" == "$within" ]] && return 0
  case "$within" in
    # EU is the European Union's member states: London (europe-west2) and Zurich (europe-west6)
    # are outside it. EUR4 and NAM4 are the dual-regions inside EU and US.
    EU) [[ ("$bucket" == EUROPE-* && "$bucket" != EUROPE-WEST2 && "$bucket" != EUROPE-WEST6) \
      || "$bucket" == EUR4 ]] ;;
    US) [[ "$bucket" == US-* || "$bucket" == NAM4 ]] ;;
    *) return 1 ;;
  esac
}

check_manifest_bucket() {
  local describe=(gcloud storage buckets describe "gs://$MANIFEST_BUCKET" --project="$PROJECT"
    --format='value(location)')
  if $dry_run; then
    printf '+'
    printf ' %q' "${describe[@]}"
    printf ' # in %s, or a region inside it\n' "$BQ_LOCATION"
    return
  fi
  local location
  location="$("${describe[@]}")" || location=""
  [[ -n "$location" ]] \
    || die "cannot read the location of gs://$MANIFEST_BUCKET (MANIFEST_BUCKET): create it first, in $BQ_LOCATION (BQ_LOCATION) or a region inside it"
  location_fits "$location" "$BQ_LOCATION" \
    || die "MANIFEST_BUCKET gs://$MANIFEST_BUCKET is in $location, but BQ_LOCATION=$BQ_LOCATION. BigQuery loads the ledger from that bucket, and the bucket \"must be in the same region or contained in the same multi-region as the dataset\": use a manifest bucket in $BQ_LOCATION or a region inside it (or, before the dataset exists, a BQ_LOCATION that holds $location)"
}

# A secret's enabled versions, by number: "enabled_versions SECRET [FLAG...]".
enabled_versions() {
  local list=(gcloud secrets versions list "$1" --project="$PROJECT" --filter=state:enabled
    --format='value(name.basename())' "${@:2}")
  if $dry_run; then
    printf '+'
    printf ' %q' "${list[@]}"
    printf '\n'
  else
    "${list[@]}"
  fi
}

# Whether a secret has an enabled version: a service that reads it cannot start without one.
has_enabled_version() {
  [[ -n "$(enabled_versions "$1" --limit=1 2>/dev/null)" ]]
}

# Makes an exported secret the secret's latest version, adding one only if the latest does not
# already hold it, then disables the enabled versions before the latest: each is billed, and the
# services read only :latest. Only SHA-256 digests are compared; the value is never printed nor
# passed as an argument.
store_secret() {
  local secret="$1" value="$2"
  # With this format gcloud prints the stored bytes exactly, as URL-safe base64
  # (https://cloud.google.com/sdk/gcloud/reference/secrets/versions/access).
  local access=(gcloud secrets versions access latest --secret="$secret" --project="$PROJECT"
    --format='get(payload.data)')
  local add=(gcloud secrets versions add "$secret" --project="$PROJECT" --data-file=-)
  if $dry_run; then
    printf '+'
    printf ' %q' "${access[@]}"
    printf ' | tr _- /+ | base64 -d | sha256sum\n+ <secret> |'
    printf ' %q' "${add[@]}"
    printf ' # only if that differs from the sha256 of the exported value\n'
    printf '+ gcloud secrets versions disable VERSION --secret=%q --project=%q --quiet' \
      "$secret" "$PROJECT"
    printf ' # each enabled version but the latest\n'
    return
  fi
  local stored wanted
  wanted="$(printf '%s' "$value" | sha256sum)"
  stored="$("${access[@]}" 2>/dev/null | tr '_-' '/+' | base64 -d 2>/dev/null | sha256sum)" \
    || stored="none"
  if [[ "$stored" == "$wanted" ]]; then
    echo "The $secret secret's latest version already holds the exported value: none added."
  else
    printf '%s' "$value" | "${add[@]}"
  fi
  local latest version
  latest="$(gcloud secrets versions describe latest --secret="$secret" --project="$PROJECT" \
    --format='value(name.basename())')" || latest=""
  [[ -n "$latest" ]] || return 0
  while read -r version; do
    if [[ -n "$version" && "$version" != "$latest" ]]; then
      gcloud secrets versions disable "$version" --secret="$secret" --project="$PROJECT" --quiet \
        </dev/null
    fi
  done < <(enabled_versions "$secret")
}

setup() {
  echo "== APIs"
  # Every API a command below or the deployed code calls (deploy/iam/commands.tsv, methods.tsv). A
  # new project has few on: the IAM API is not, and enabling IAM Credentials does not enable it.
  # Storage and Resource Manager are usually on already; enabling them again costs nothing and
  # keeps setup from depending on how the project was made.
  run gcloud services enable run.googleapis.com cloudtasks.googleapis.com bigquery.googleapis.com \
    secretmanager.googleapis.com iam.googleapis.com iamcredentials.googleapis.com \
    artifactregistry.googleapis.com cloudscheduler.googleapis.com storage.googleapis.com \
    cloudresourcemanager.googleapis.com --project="$PROJECT"

  echo "== manifest bucket (BigQuery loads the ledger from it)"
  check_manifest_bucket

  echo "== service accounts (one per role)"
  for account in ittybatch-orchestrator ittybatch-task-handler ittybatch-webhook \
    ittybatch-tasks-invoker ittybatch-scheduler; do
    ensure gcloud iam service-accounts describe "$account@$sa_domain" --project="$PROJECT" -- \
      gcloud iam service-accounts create "$account" --project="$PROJECT" \
      --display-name="ittybatch $account"
  done

  echo "== secrets"
  ensure gcloud secrets describe ittybit-api-key --project="$PROJECT" -- \
    gcloud secrets create ittybit-api-key --project="$PROJECT" --replication-policy=automatic
  if [[ -n "${ITTYBIT_API_KEY:-}" ]]; then
    store_secret ittybit-api-key "$ITTYBIT_API_KEY"
  elif $dry_run; then
    echo "ITTYBIT_API_KEY is not exported: setup stops unless the ittybit-api-key secret has a version"
  elif ! has_enabled_version ittybit-api-key; then
    die "the ittybit-api-key secret has no enabled version: export ITTYBIT_API_KEY and run setup again (the task-handler and webhook-handler cannot start without it)"
  else
    echo "ITTYBIT_API_KEY is not exported: the ittybit-api-key secret keeps its current version"
  fi
  # The webhook URL token is ours: made once, then kept, so re-runs do not break deliveries. A
  # run that died between creating the secret and adding its version left it with none, and the
  # services cannot start: then it is made now.
  ensure gcloud secrets describe webhook-token --project="$PROJECT" -- \
    gcloud secrets create webhook-token --project="$PROJECT" --replication-policy=automatic
  if $dry_run; then
    enabled_versions webhook-token --limit=1
    printf '+ <secret> | gcloud secrets versions add webhook-token --project=%q --data-file=-' \
      "$PROJECT"
    printf ' # only if that lists no version\n'
  elif ! has_enabled_version webhook-token; then
    run_with_secret "$(head -c 32 /dev/urandom | base64 | tr -d '\n=/+')" \
      gcloud secrets versions add webhook-token --project="$PROJECT" --data-file=-
  fi
  # Ittybit's signing secret is Ittybit's: stored only when the user exports it.
  if [[ -n "${ITTYBIT_WEBHOOK_SECRET:-}" ]]; then
    ensure gcloud secrets describe webhook-secret --project="$PROJECT" -- \
      gcloud secrets create webhook-secret --project="$PROJECT" --replication-policy=automatic
    store_secret webhook-secret "$ITTYBIT_WEBHOOK_SECRET"
    run gcloud secrets add-iam-policy-binding webhook-secret --project="$PROJECT" \
      --member="serviceAccount:$webhook_sa" --role=roles/secretmanager.secretAccessor
  fi
  # The webhook-handler reads the API key too: it believes a webhook only after fetching the job.
  for account in "$handler_sa" "$webhook_sa"; do
    for secret in ittybit-api-key webhook-token; do
      run gcloud secrets add-iam-policy-binding "$secret" --project="$PROJECT" \
        --member="serviceAccount:$account" --role=roles/secretmanager.secretAccessor
    done
  done
  # ... and so does the orchestrator: reconciliation fetches the jobs whose webhook never came.
  run gcloud secrets add-iam-policy-binding ittybit-api-key --project="$PROJECT" \
    --member="serviceAccount:$orchestrator_sa" --role=roles/secretmanager.secretAccessor
  # Where a batch's done and stuck notices go: a secret (whoever holds the URL may post to the
  # channel), stored only when NOTIFY_URL is set, and read by the orchestrator job alone.
  if [[ -n "${NOTIFY_URL:-}" ]]; then
    ensure gcloud secrets describe notify-url --project="$PROJECT" -- \
      gcloud secrets create notify-url --project="$PROJECT" --replication-policy=automatic
    store_secret notify-url "$NOTIFY_URL"
    run gcloud secrets add-iam-policy-binding notify-url --project="$PROJECT" \
      --member="serviceAccount:$orchestrator_sa" --role=roles/secretmanager.secretAccessor
  fi

  echo "== queue (rate and retries; the task-handler gives up $ATTEMPTS_MARGIN attempts before it)"
  local queue_flags=(--location="$REGION" --max-dispatches-per-second="$QUEUE_RATE"
    --max-concurrent-dispatches="$QUEUE_CONCURRENCY" --max-attempts="$QUEUE_MAX_ATTEMPTS"
    --min-backoff="$QUEUE_MIN_BACKOFF" --max-backoff="$QUEUE_MAX_BACKOFF"
    --max-doublings="$QUEUE_MAX_DOUBLINGS")
  ensure gcloud tasks queues describe "$QUEUE" --project="$PROJECT" --location="$REGION" -- \
    gcloud tasks queues create "$QUEUE" --project="$PROJECT" "${queue_flags[@]}"
  run gcloud tasks queues update "$QUEUE" --project="$PROJECT" "${queue_flags[@]}"
  # A teardown pauses the queue rather than deleting it; a new setup sets it going again.
  run gcloud tasks queues resume "$QUEUE" --project="$PROJECT" --location="$REGION"

  echo "== BigQuery dataset, tables and view"
  ensure bq --project_id="$PROJECT" --location="$BQ_LOCATION" show --dataset "$PROJECT:$DATASET" -- \
    bq --project_id="$PROJECT" --location="$BQ_LOCATION" mk --dataset "$PROJECT:$DATASET"
  bq_query bigquery/02_task_results.sql
  bq_query bigquery/03_batch_ledger.sql
  bq_query bigquery/04_batch_events.sql
  bq_query bigquery/05_job_id.sql
  bq_query queries/task_results_latest.sql

  echo "== who may do what"
  # orchestrator: read manifests (and write rejects reports next to them), enqueue, act as invoker
  run gcloud storage buckets add-iam-policy-binding "gs://$MANIFEST_BUCKET" --project="$PROJECT" \
    --member="serviceAccount:$orchestrator_sa" --role=roles/storage.objectViewer
  run gcloud storage buckets add-iam-policy-binding "gs://$MANIFEST_BUCKET" --project="$PROJECT" \
    --member="serviceAccount:$orchestrator_sa" --role=roles/storage.objectCreator
  run gcloud tasks queues add-iam-policy-binding "$QUEUE" --project="$PROJECT" --location="$REGION" \
    --member="serviceAccount:$orchestrator_sa" --role=roles/cloudtasks.enqueuer
  # reconciliation asks whether an entry's task still exists (GetTask)
  run gcloud tasks queues add-iam-policy-binding "$QUEUE" --project="$PROJECT" --location="$REGION" \
    --member="serviceAccount:$orchestrator_sa" --role=roles/cloudtasks.viewer
  run gcloud iam service-accounts add-iam-policy-binding "$invoker_sa" --project="$PROJECT" \
    --member="serviceAccount:$orchestrator_sa" --role=roles/iam.serviceAccountUser
  # task-handler: read the media, sign URLs as itself (IAM signBlob), write results
  run gcloud storage buckets add-iam-policy-binding "gs://$MEDIA_BUCKET" --project="$PROJECT" \
    --member="serviceAccount:$handler_sa" --role=roles/storage.objectViewer
  run gcloud iam service-accounts add-iam-policy-binding "$handler_sa" --project="$PROJECT" \
    --member="serviceAccount:$handler_sa" --role=roles/iam.serviceAccountTokenCreator
  # task-handler and webhook-handler only append rows to task_results (the webhook-handler is
  # public). Every predefined role that can append (dataEditor, dataOwner, admin) can also delete
  # or replace the table, so appending is a custom role granted on that table alone; streaming
  # inserts also need bigquery.datasets.get on the dataset, which Metadata Viewer is the narrowest
  # predefined role to hold (no data, no change). Sources:
  # https://cloud.google.com/bigquery/docs/streaming-data-into-bigquery (the three permissions),
  # https://cloud.google.com/bigquery/docs/reference/bq-cli-reference#bq_add-iam-policy-binding
  # (table-level bindings, custom roles as projects/P/roles/R),
  # https://cloud.google.com/iam/docs/roles-permissions/bigquery (what each role holds).
  local appender=ittybatchResultsAppender
  local appender_permissions=bigquery.tables.get,bigquery.tables.updateData
  ensure gcloud iam roles describe "$appender" --project="$PROJECT" -- \
    gcloud iam roles create "$appender" --project="$PROJECT" --title="ittybatch results appender" \
    --permissions="$appender_permissions" --stage=GA
  run gcloud iam roles update "$appender" --project="$PROJECT" \
    --permissions="$appender_permissions" --stage=GA --quiet
  # batch_events too: the task-handler records a batch its breaker stopped, the webhook-handler a
  # delivery it could not place.
  local table
  for table in task_results batch_events; do
    for account in "$handler_sa" "$webhook_sa"; do
      run bq --project_id="$PROJECT" --location="$BQ_LOCATION" add-iam-policy-binding \
        --member="serviceAccount:$account" \
        --role="projects/$PROJECT/roles/$appender" "$PROJECT:$DATASET.$table"
    done
  done
  bq_grant roles/bigquery.metadataViewer "$handler_sa" "$webhook_sa"
  # The webhook-handler finds the job of a delivery that names only our batch and entry through
  # that entry's dispatched row: a query job (jobs.create is granted on projects only) that reads
  # task_results and no other table.
  run bq --project_id="$PROJECT" --location="$BQ_LOCATION" add-iam-policy-binding \
    --member="serviceAccount:$webhook_sa" --role=roles/bigquery.dataViewer \
    "$PROJECT:$DATASET.task_results"
  run gcloud projects add-iam-policy-binding "$PROJECT" \
    --member="serviceAccount:$webhook_sa" --role=roles/bigquery.jobUser --condition=None
  # The task-handler's breaker pauses the queue when Ittybit refuses a batch account-wide. Every
  # predefined Cloud Tasks role that may pause may also purge or delete it (queueAdmin, admin), so
  # pausing is a custom role granted on this queue alone
  # (https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues/pause).
  local pauser=ittybatchQueuePauser
  ensure gcloud iam roles describe "$pauser" --project="$PROJECT" -- \
    gcloud iam roles create "$pauser" --project="$PROJECT" --title="ittybatch queue pauser" \
    --permissions=cloudtasks.queues.pause --stage=GA
  run gcloud iam roles update "$pauser" --project="$PROJECT" \
    --permissions=cloudtasks.queues.pause --stage=GA --quiet
  run gcloud tasks queues add-iam-policy-binding "$QUEUE" --project="$PROJECT" --location="$REGION" \
    --member="serviceAccount:$handler_sa" --role="projects/$PROJECT/roles/$pauser"
  # pause and cancel delete a batch's queued tasks by name (DeleteTask): Task Deleter holds
  # cloudtasks.tasks.delete and nothing else (https://cloud.google.com/iam/docs/roles-permissions/cloudtasks).
  run gcloud tasks queues add-iam-policy-binding "$QUEUE" --project="$PROJECT" --location="$REGION" \
    --member="serviceAccount:$orchestrator_sa" --role=roles/cloudtasks.taskDeleter
  # A done batch's pass deletes its own schedule, ittybatch-reconcile-BATCH
  # (https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs/delete).
  # Cloud Scheduler jobs take no IAM policy of their own (its roles are granted on the project at the
  # lowest: https://cloud.google.com/iam/docs/roles-permissions/cloudscheduler), and IAM Conditions'
  # resource attributes do not cover Cloud Scheduler
  # (https://cloud.google.com/iam/docs/conditions-resource-attributes): a custom role holding
  # cloudscheduler.jobs.delete alone, on the project, is the narrowest grant there is.
  local ender=ittybatchScheduleEnder
  ensure gcloud iam roles describe "$ender" --project="$PROJECT" -- \
    gcloud iam roles create "$ender" --project="$PROJECT" --title="ittybatch schedule ender" \
    --permissions=cloudscheduler.jobs.delete --stage=GA
  run gcloud iam roles update "$ender" --project="$PROJECT" \
    --permissions=cloudscheduler.jobs.delete --stage=GA --quiet
  run gcloud projects add-iam-policy-binding "$PROJECT" \
    --member="serviceAccount:$orchestrator_sa" --role="projects/$PROJECT/roles/$ender" --condition=None
  # The orchestrator loads the ledger, reads each batch's state and writes reconciliation's rows:
  # it edits the dataset's tables, and runs load and query jobs in the project.
  bq_grant roles/bigquery.dataEditor "$orchestrator_sa"
  run gcloud projects add-iam-policy-binding "$PROJECT" \
    --member="serviceAccount:$orchestrator_sa" --role=roles/bigquery.jobUser --condition=None

  echo "== images (Jib: no Docker needed)"
  ensure gcloud artifacts repositories describe "$IMAGE_REPO" --project="$PROJECT" --location="$REGION" -- \
    gcloud artifacts repositories create "$IMAGE_REPO" --project="$PROJECT" --location="$REGION" \
    --repository-format=docker
  run gcloud auth configure-docker "$REGION-docker.pkg.dev" --quiet
  run "$mvnw" -B -q -f "$root/pom.xml" -pl orchestrator,task-handler,webhook-handler -am \
    package jib:build -DskipTests -Dimage.registry="$registry" -Dimage.tag="$IMAGE_TAG"

  echo "== services"
  # --concurrency is at most the requests a service serves at once (server.tomcat.threads.max:
  # SERVER_THREADS, 200 for the webhook-handler and 400 for the task-handler); more would queue
  # inside an instance that Cloud Run believes has room.
  # Each component's variables and secrets: deploy/env/COMPONENT.env, with what is worked out here.
  local variables secrets
  variables="$(component_env vars webhook-handler)"
  secrets="$(component_env secrets webhook-handler)"
  lines_of "$variables"
  local webhook_vars=("${lines[@]}")
  lines_of "$secrets"
  run gcloud run deploy webhook-handler --project="$PROJECT" --region="$REGION" \
    --image="$registry/webhook-handler:$IMAGE_TAG" --service-account="$webhook_sa" \
    --allow-unauthenticated \
    --set-env-vars="$(gcloud_list "${webhook_vars[@]}")" \
    --set-secrets="$(gcloud_list "${lines[@]}")" \
    --concurrency=200 --timeout=30s
  local webhook_url
  webhook_url="$(service_url webhook-handler)/webhook"

  variables="$(component_env vars task-handler WEBHOOK_URL="$webhook_url" \
    HANDLER_MAX_ATTEMPTS="$handler_max_attempts" HANDLER_SA="$handler_sa")"
  secrets="$(component_env secrets task-handler)"
  lines_of "$variables"
  local handler_vars=("${lines[@]}")
  lines_of "$secrets"
  run gcloud run deploy task-handler --project="$PROJECT" --region="$REGION" \
    --image="$registry/task-handler:$IMAGE_TAG" --service-account="$handler_sa" \
    --no-allow-unauthenticated \
    --set-env-vars="$(gcloud_list "${handler_vars[@]}")" \
    --set-secrets="$(gcloud_list "${lines[@]}")" \
    --concurrency=250 --timeout=120s
  run gcloud run services add-iam-policy-binding task-handler --project="$PROJECT" \
    --region="$REGION" --member="serviceAccount:$invoker_sa" --role=roles/run.invoker
  local handler_url
  handler_url="$(service_url task-handler)/"

  variables="$(job_env HANDLER_URL="$handler_url")"
  secrets="$(component_env secrets orchestrator)"
  lines_of "$variables"
  local job_vars=("${lines[@]}")
  lines_of "$secrets"
  run gcloud run jobs deploy orchestrator --project="$PROJECT" --region="$REGION" \
    --image="$registry/orchestrator:$IMAGE_TAG" --service-account="$orchestrator_sa" \
    --set-env-vars="$(gcloud_list "${job_vars[@]}")" \
    --set-secrets="$(gcloud_list "${lines[@]}")" \
    --task-timeout=3600s --max-retries=0
  # Cloud Scheduler starts reconciliation passes (deploy.sh run creates one schedule per batch).
  # Its body overrides the arguments, which needs run.jobs.runWithOverrides: run.invoker executes a
  # job only as deployed (https://cloud.google.com/run/docs/reference/rest/v1/namespaces.jobs/run).
  run gcloud run jobs add-iam-policy-binding orchestrator --project="$PROJECT" --region="$REGION" \
    --member="serviceAccount:$scheduler_sa" --role=roles/run.jobsExecutorWithOverrides

  echo "== Ittybit webhook"
  if [[ "${REGISTER_WEBHOOK:-true}" == "true" ]]; then
    # Registered by the orchestrator's --register-webhook, run here: it reads Ittybit's list of
    # endpoints and reuses the one for this URL (a second setup registers nothing), and prints
    # neither the endpoint's signing secret nor the URL's token. (In bash, the list would be JSON
    # to page through with curl, and the answer a secret on the terminal.)
    orchestrator_here HANDLER_URL="$handler_url" --register-webhook="$webhook_url"
  else
    echo "REGISTER_WEBHOOK=false: register $webhook_url?token=<the webhook-token secret> in"
    echo "Ittybit's dashboard (Webhooks > Add endpoint, topics task.succeeded and task.failed)."
  fi
}

# The orchestrator job's variables (deploy/env/orchestrator.env); HANDLER_URL=... must be given.
job_env() {
  component_env vars orchestrator LEDGER_LOCATION="$ledger_location" INVOKER_SA="$invoker_sa" "$@"
}

# Runs the orchestrator's jar on this machine, with this deployment's settings, your own
# application-default credentials, and the Ittybit key and webhook token in its environment: never
# on a command line, never printed. The key is ITTYBIT_API_KEY when exported, else the secret's.
orchestrator_here() {
  local jar="$root/orchestrator/target/orchestrator-0.1.0-SNAPSHOT-exec.jar" settings=() arg given=()
  while [[ "${1:-}" == *=* && "$1" != --* ]]; do given+=("$1"); shift; done
  # The job's own environment (deploy/env/orchestrator.env), then what this run adds; its own lines
  # are what you read here: the log says only what went wrong.
  local variables
  variables="$(job_env ${given[@]+"${given[@]}"})"
  lines_of "$variables"
  settings=("${lines[@]}" LOGGING_LEVEL_ROOT=WARN)
  for arg in ${given[@]+"${given[@]}"}; do
    [[ $'\n'"$variables" == *$'\n'"${arg%%=*}="* ]] || settings+=("$arg")
  done
  if $dry_run; then
    printf '+ env ITTYBIT_API_KEY=<secret> WEBHOOK_TOKEN=<secret>'
    for arg in "${settings[@]}" "${JAVA:-java}" -jar "$jar" "$@"; do printf ' %q' "$arg"; done
    printf '\n'
    return
  fi
  local key="${ITTYBIT_API_KEY:-}" token
  [[ -n "$key" ]] \
    || key="$(gcloud secrets versions access latest --secret=ittybit-api-key --project="$PROJECT")"
  token="$(gcloud secrets versions access latest --secret=webhook-token --project="$PROJECT")"
  ITTYBIT_API_KEY="$key" WEBHOOK_TOKEN="$token" env "${settings[@]}" "${JAVA:-java}" -jar "$jar" "$@"
}

# Before a big batch: the key works, the webhook endpoint is registered, and the manifest's first
# entry goes the whole way (a task, the task-handler's signed URL and job under a preflight key,
# the outcome by webhook or fetch), each step OK or FAILED with the fix. Runs here with your
# credentials, which must enqueue to the queue as the invoker account (actAs) and read the dataset.
check() {
  local manifest="${1:-}" preflight=(--preflight)
  if [[ -n "$manifest" ]]; then
    [[ "$manifest" == gs://* || -f "$manifest" ]] || die "$manifest: no such file"
    preflight+=("--manifest=$manifest")
  fi
  run "$mvnw" -B -q -f "$root/pom.xml" -pl orchestrator -am package -DskipTests
  orchestrator_here HANDLER_URL="$(service_url task-handler)/" \
    WEBHOOK_URL="$(service_url webhook-handler)/webhook" "${preflight[@]}"
}

# Runs one of the orchestrator's modes that act on a whole batch, as an execution of the job (its
# account and its grants), then shows the batch's life from batch_events: in_force is what holds it.
batch_action() {
  local action="$1" batch_id="$2"
  run gcloud run jobs execute orchestrator --project="$PROJECT" --region="$REGION" \
    --args="$(gcloud_list "--$action" "--batch-id=$batch_id")" --tasks=1 --wait
  echo "== batch_life"
  bq_query queries/batch_life.sql --parameter="batch_id::$batch_id"
}

# Pauses one batch: its queued tasks are deleted by name (the ledger knows them; other batches'
# are never named), and reconciliation re-drives nothing of it until it is resumed.
pause() {
  local batch_id="${1:?pause needs a batch id}"
  batch_action pause "$batch_id"
  echo "Batch $batch_id paused: its queued tasks are deleted, nothing of it is re-driven; jobs"
  echo "Ittybit had already made finish and are recorded. The execution's log has the counts."
  echo "Go on with: deploy/deploy.sh resume $batch_id"
}

# Cancels one batch: its queued tasks deleted, every entry with no outcome recorded cancelled.
cancel() {
  local batch_id="${1:?cancel needs a batch id}"
  batch_action cancel "$batch_id"
  echo "Batch $batch_id cancelled: its queued tasks are deleted and every entry with no outcome is"
  echo "recorded cancelled. Ittybit documents no way to cancel a job: those it had already made"
  echo "finish and are recorded as they finish. To run the cancelled ones later:"
  echo "  deploy/deploy.sh resume $batch_id; deploy/deploy.sh run MANIFEST --batch-id $batch_id --retry cancelled"
}

# Sets things going again. With a batch: the batch, if it was paused or cancelled (the orchestrator
# job enqueues its entries with no outcome again, each under its own idempotency key and bytes, so
# no job is made twice). Then the queue, if a breaker paused it (Cloud Tasks keeps a paused queue's
# tasks), recorded in batch_events: fix the breaker's cause first, or entries refused alike stop it
# again at once.
resume() {
  local batch_id="${1:-}"
  if [[ -n "$batch_id" ]]; then
    batch_action resume "$batch_id"
    echo "Batch $batch_id: if it was paused or cancelled, its entries with no outcome are enqueued"
    echo "again under their own idempotency keys (the execution's log has the counts)."
  fi
  local describe=(gcloud tasks queues describe "$QUEUE" --project="$PROJECT" --location="$REGION"
    --format='value(state)') state
  if $dry_run; then
    printf '+'
    printf ' %q' "${describe[@]}"
    printf ' # the queue is resumed below only when this says PAUSED\n'
    state=PAUSED
  else
    state="$("${describe[@]}")"
  fi
  if [[ "$state" != PAUSED ]]; then
    echo "Queue $QUEUE is not paused (${state:-state unknown}): nothing to resume there."
    return
  fi
  run gcloud tasks queues resume "$QUEUE" --project="$PROJECT" --location="$REGION"
  # The columns of sql/bigquery/04_batch_events.sql; no batch id is the whole queue.
  local statement="INSERT INTO \`$PROJECT.$DATASET.batch_events\`"
  statement+=" (event_id, batch_id, kind, reason, detail, origin, occurred_at)"
  statement+=" VALUES (GENERATE_UUID(), NULLIF(@batch_id, ''), 'resumed', @reason, @queue,"
  statement+=" 'deploy.sh', CURRENT_TIMESTAMP())"
  run bq query --project_id="$PROJECT" --location="$BQ_LOCATION" --use_legacy_sql=false \
    --parameter="batch_id::$batch_id" --parameter="reason::queue $QUEUE resumed by deploy.sh resume" \
    --parameter="queue::projects/$PROJECT/locations/$REGION/queues/$QUEUE" "$statement"
  echo "Queue $QUEUE resumed${batch_id:+ for batch $batch_id}: its kept tasks are dispatched again."
}

run_batch() {
  local manifest="${1:?run needs a manifest: a local file, or gs://$MANIFEST_BUCKET/path.jsonl}"
  shift
  local tasks=1 batch_id="" skip_invalid=false retry=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --retry) retry="$2"; shift 2 ;;
      --retry=*) retry="${1#--retry=}"; shift ;;
      --tasks) tasks="$2"; shift 2 ;;
      --tasks=*) tasks="${1#--tasks=}"; shift ;;
      --batch-id) batch_id="$2"; shift 2 ;;
      --batch-id=*) batch_id="${1#--batch-id=}"; shift ;;
      --skip-invalid) skip_invalid=true; shift ;;
      *) die "unknown run option $1" ;;
    esac
  done
  local uri="$manifest"
  if [[ "$manifest" == gs://* ]]; then
    # The job's account may read objects in MANIFEST_BUCKET only: refused here, not after starting.
    local bucket="${manifest#gs://}"
    [[ "${bucket%%/*}" == "$MANIFEST_BUCKET" ]] \
      || die "$manifest: the orchestrator may read manifests only in gs://$MANIFEST_BUCKET (MANIFEST_BUCKET); copy it there, or give a local file and run uploads it there"
  else
    [[ -f "$manifest" ]] || die "$manifest: no such file"
    uri="gs://$MANIFEST_BUCKET/manifests/$(basename "$manifest")"
    run gcloud storage cp "$manifest" "$uri" --project="$PROJECT"
  fi
  [[ -n "$batch_id" ]] || batch_id="$(batch_id_of "$uri")"
  local args=("--manifest=$uri" "--batch-id=$batch_id")
  [[ -z "$retry" ]] || args+=("--retry=$retry")
  if $skip_invalid; then
    # The orchestrator adds the execution and attempt to the name: objects are never overwritten.
    args+=(--skip-invalid "--rejects=${uri%.*}.rejects.jsonl")
  fi
  local status=0
  run gcloud run jobs execute orchestrator --project="$PROJECT" --region="$REGION" \
    --args="$(gcloud_list "${args[@]}")" --tasks="$tasks" --wait || status=$?
  # Tasks created before a failure (exit 4: some were not) still need their reconciliation passes.
  schedule_reconcile "$batch_id"
  if ((status != 0)); then
    die "the orchestrator job failed (gcloud exit $status): the tasks it created are scheduled for reconciliation. Read the execution's log (it says what to fix), then run the same command again: it enqueues only what is missing"
  fi
}

# The batch id the orchestrator derives from a manifest's name (BatchId.fromManifestName).
batch_id_of() {
  local name="${1##*/}" suffix
  name="$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')"
  for suffix in .gz .jsonl .ndjson .json .txt; do name="${name%"$suffix"}"; done
  name="$(printf '%s' "$name" | sed -E 's/[^a-z0-9]+/-/g; s/^-+//; s/-+$//' | cut -c1-63 | sed -E 's/-+$//')"
  echo "${name:-batch}"
}

# Every RECONCILE_SCHEDULE (default every 15 minutes), a reconciliation pass over the batch: jobs
# whose webhook never came are fetched, entries whose task is gone are re-driven.
schedule_reconcile() {
  local batch_id="$1" name="ittybatch-reconcile-$1"
  local uri="https://run.googleapis.com/v2/projects/$PROJECT/locations/$REGION/jobs/orchestrator:run"
  local body="{\"overrides\":{\"taskCount\":1,\"containerOverrides\":[{\"args\":[\"--reconcile\",\"--batch-id=$batch_id\"]}]}}"
  local flags=(--project="$PROJECT" --location="$REGION" --schedule="$reconcile_schedule"
    --uri="$uri" --http-method=POST --message-body="$body"
    --oauth-service-account-email="$scheduler_sa"
    --oauth-token-scope=https://www.googleapis.com/auth/cloud-platform)
  # Without a Content-Type Cloud Scheduler sends the body as application/octet-stream.
  ensure gcloud scheduler jobs describe "$name" --project="$PROJECT" --location="$REGION" -- \
    gcloud scheduler jobs create http "$name" "${flags[@]}" --headers=Content-Type=application/json
  run gcloud scheduler jobs update http "$name" "${flags[@]}" \
    --update-headers=Content-Type=application/json
  echo "Reconciliation runs on \"$reconcile_schedule\" ($name); it ends itself once the batch is"
  echo "done (after its notice, when NOTIFY_URL is set). To end it sooner: deploy/deploy.sh reconcile $batch_id --stop"
}

reconcile() {
  local batch_id="${1:?reconcile needs a batch id}"
  shift
  local args=(--reconcile "--batch-id=$batch_id") stop=false
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --no-redrive) args+=(--no-redrive); shift ;;
      --stop) stop=true; shift ;;
      *) die "unknown reconcile option $1: --no-redrive, --stop" ;;
    esac
  done
  if $stop; then
    run gcloud scheduler jobs delete "ittybatch-reconcile-$batch_id" --project="$PROJECT" \
      --location="$REGION" --quiet
    return
  fi
  run gcloud run jobs execute orchestrator --project="$PROJECT" --region="$REGION" \
    --args="$(gcloud_list "${args[@]}")" --tasks=1 --wait
}

status() {
  local batch_id="${1:?status needs a batch id}"
  shift
  local web=false port=8080
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --web) web=true; shift ;;
      --port) port="$2"; shift 2 ;;
      --port=*) port="${1#--port=}"; shift ;;
      *) die "unknown status option $1: --web, --port N" ;;
    esac
  done
  if $web; then
    # The page runs here, on loopback, against BigQuery with your own application-default
    # credentials (gcloud auth application-default login): no public endpoint, no new grant.
    run "$mvnw" -B -q -f "$root/pom.xml" -pl orchestrator -am package -DskipTests
    local variables
    variables="$(job_env HANDLER_URL=https://status-page.invalid/)"
    lines_of "$variables"
    run env "${lines[@]}" \
      java -jar "$root/orchestrator/target/orchestrator-0.1.0-SNAPSHOT-exec.jar" \
      --status-web="$port" --batch-id="$batch_id"
    return
  fi
  # batch_life says what holds the batch now (in_force: paused, cancelled, stopped by its breaker).
  for query in progress_summary batch_life progress_by_status processing_time_by_kind failures \
    batch_events; do
    echo "== $query"
    bq_query "queries/$query.sql" --parameter="batch_id::$batch_id"
  done
}

teardown() {
  local delete_queue=false delete_data=false
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --delete-queue) delete_queue=true; shift ;;
      --delete-data) delete_data=true; shift ;;
      *) die "unknown teardown option $1: --delete-queue, --delete-data" ;;
    esac
  done
  # Reconciliation schedules first: they would start a job that is about to go.
  if $dry_run; then
    echo "+ gcloud scheduler jobs list --project=$PROJECT --location=$REGION --filter=name~ittybatch-reconcile- --format=value\(name\) | xargs -r -n1 gcloud scheduler jobs delete --project=$PROJECT --location=$REGION --quiet"
  else
    gcloud scheduler jobs list --project="$PROJECT" --location="$REGION" \
      --filter="name~ittybatch-reconcile-" --format='value(name)' \
      | xargs -r -n1 gcloud scheduler jobs delete --project="$PROJECT" --location="$REGION" --quiet
  fi
  run gcloud run jobs delete orchestrator --project="$PROJECT" --region="$REGION" --quiet
  run gcloud run services delete task-handler --project="$PROJECT" --region="$REGION" --quiet
  run gcloud run services delete webhook-handler --project="$PROJECT" --region="$REGION" --quiet
  if $delete_queue; then
    echo "Deleting queue $QUEUE: its name cannot be used again for up to 3 days, so setup with the"
    echo "same QUEUE will not work until then (choose another QUEUE in the env file to go on sooner)."
    run gcloud tasks queues delete "$QUEUE" --project="$PROJECT" --location="$REGION" --quiet
  else
    # A deleted queue's name stays taken for up to 3 days; a paused one keeps its tasks and is
    # resumed by the next setup.
    run gcloud tasks queues pause "$QUEUE" --project="$PROJECT" --location="$REGION"
    echo "Paused queue $QUEUE (its tasks are kept; setup resumes it, teardown --delete-queue deletes it)."
  fi
  if $delete_data; then
    run bq --project_id="$PROJECT" --location="$BQ_LOCATION" rm -r -f --dataset "$PROJECT:$DATASET"
  else
    echo "Kept the results dataset $DATASET (teardown --delete-data removes it)."
  fi
}

case "$command" in
  setup) setup ;;
  run) run_batch "$@" ;;
  reconcile) reconcile "$@" ;;
  status) status "$@" ;;
  check) check "$@" ;;
  pause) pause "$@" ;;
  resume) resume "$@" ;;
  cancel) cancel "$@" ;;
  teardown) teardown "$@" ;;
  *) die "unknown command $command: setup, run, reconcile, status, check, pause, resume, cancel or teardown" ;;
esac
