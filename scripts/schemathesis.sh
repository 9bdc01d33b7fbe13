#!/usr/bin/env bash
# Fuzzes the served OpenAPI document with schemathesis: a renfort on
# SQLite (development mailbox on, limits as configured), a bounded number
# of examples per operation, once anonymous and once signed in. Checks that
# no answer is a server error, that every status, content type and body is
# one the document declares. Loopback only; stops what it started.
#   scripts/schemathesis.sh            # EXAMPLES=20 per operation
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${EXAMPLES:-20}
SEED=${SEED:-20261130}
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
command -v schemathesis >/dev/null || pip install -q schemathesis

# As the integration suite builds it: the same features, no second build.
cargo test --locked --no-run -q --test api
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export RENFORT_DATABASE__URL="sqlite://$work/renfort.db" RENFORT_HTTP__PORT=$port RENFORT_METRICS__PORT=0
export RENFORT_AUTH__DEV_MAILBOX=true RENFORT_LOG__FILTER=error
# The partner feeds list changes at once: the run validates their items.
export RENFORT_PARTNER__FEED_SETTLE_MS=0
# The fuzzer checks answers, not load: no shedding for lack of CPU.
export RENFORT_ADMISSION__CPU_TARGET_MS=0
# Its key sends thousands of requests: the platform lends it more than
# the default ceiling.
export RENFORT_PARTNER__KEY_RATE_CEILING_PER_MINUTE=100000
# The fuzzer sends thousands of requests from one address: the per-IP
# limits would answer most of them 429 (documented, but it would test
# nothing else).
for limit in SIGNUP_PER_IP LOGIN_PER_IP PASSWORD_PER_IP REFRESH_PER_IP SEARCH_MISS_PER_IP LOOKUP_PER_IP MESSAGES_PER_ACCOUNT CHALLENGE_PER_IP; do
  export "RENFORT_LIMITS__$limit={limit=1000000,period_secs=60}"
done
unset DATABASE_URL REDIS_URL BREVO_API_KEY RENFORT_CONFIG
./target/debug/renfort serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/health/ready" >/dev/null && break; sleep 0.1; done

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
post() { # path, token, body
  curl -fs -H 'content-type: application/json' -H "Authorization: Bearer $2" "$base$1" -d "$3"
}
# An account signed up and activated through the development mailbox;
# prints its access token.
account() { # email
  local email=$1 token="" born
  born=$(date -u -d '28 years ago' +%F)
  curl -fs -H 'content-type: application/json' "$base/v1/auth/signup" -d "{\"email\":\"$email\",\"first_name\":\"Léa\",\"last_name\":\"Martin\",\"birth_date\":\"$born\",\"postcode\":\"69003\",\"terms_accepted\":true,\"terms_version\":\"2026-01\"}" >/dev/null
  for _ in $(seq 1 100); do
    token=$(curl -fs "$base/v1/dev/mailbox?to=$email" | python3 -c 'import json,sys,urllib.parse as u
for e in json.load(sys.stdin)["items"]:
    for l in e["links"]:
        q = u.parse_qs(u.urlparse(l).query)
        if "token" in q: print(q["token"][0]); raise SystemExit' || true)
    [ -n "$token" ] && break; sleep 0.1
  done
  curl -fs -H 'content-type: application/json' "$base/v1/auth/activate" \
    -d "{\"token\":\"$token\",\"password\":\"correct horse battery staple 42\"}" | json_field access_token
}

# A volunteer, signed in, for the second run.
email="fuzz-$$@example.org"
access=$(account "$email")

# An API key of the volunteer's own organisation (every scope), made
# before the fuzzing spends the account's organisation quota: the partner
# API is fuzzed with it last. Its webhooks only ever fire on events the
# fuzzing cannot cause (a referent publishing, a volunteer applying), and
# the data below is made before any exists, so nothing is sent out.
org=$(curl -fs -H 'content-type: application/json' -H "Authorization: Bearer $access" "$base/v1/organizations" \
  -d '{"name":"Banque alimentaire du Rhône","kind":"association","rna":"W691234567","description":"Collecte et redistribution de denrées alimentaires aux familles.","address":{"postcode":"69003","city":"Lyon","latitude":45.76,"longitude":4.83},"contact_email":"contact@ba69.example.org","domains":["solidarity_inclusion"]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
key=$(curl -fs -H 'content-type: application/json' -H "Authorization: Bearer $access" "$base/v1/organizations/$org/api-keys" \
  -d '{"name":"fuzz","scopes":["missions:read","missions:write","participations:read","participations:write","webhooks:manage"],"rate_per_minute":100000}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')

# Data for the partner run, so that its feeds answer items to validate: the
# organisation approved by an administrator, three missions written
# through the key and published, one with an application.
admin_email="fuzz-admin-$$@example.org"
account "$admin_email" >/dev/null
./target/debug/renfort admin create --email "$admin_email" --first-name Admin --last-name Fuzz >/dev/null
admin=$(curl -fs -H 'content-type: application/json' "$base/v1/auth/login" \
  -d "{\"email\":\"$admin_email\",\"password\":\"correct horse battery staple 42\"}" | json_field access_token)
post "/v1/organizations/$org/transitions" "$access" '{"to":"pending_review"}' >/dev/null
post "/v1/organizations/$org/transitions" "$admin" '{"to":"approved"}' >/dev/null
applicant=$(account "fuzz-applicant-$$@example.org")
start=$(date -u -d '30 days' +%F)
for n in 1 2 3; do
  mission=$(curl -s --fail-with-body -X PUT -H 'content-type: application/json' -H "X-Api-Key: $key" "$base/v1/partner/missions/fuzz-$n" \
    -d '{"title":"Distribution de repas","description":"Aider à préparer et distribuer des repas chauds aux personnes sans abri, le mercredi soir.","domain":"solidarity_inclusion","skills":["food_distribution"],"audience":["people_in_precarity"],"format":"on_site","addresses":[{"postcode":"69002","city":"Lyon","latitude":45.76,"longitude":4.83}],"commitment":{"kind":"per_week","hours":3},"capacity":10,"start_date":"'"$start"'"}' \
    | json_field id)
  post "/v1/missions/$mission/transitions" "$admin" '{"to":"published"}' >/dev/null
done
post "/v1/missions/$mission/participations" "$applicant" '{"motivation":"Disponible le mercredi soir."}' >/dev/null
for feed in missions participations; do
  items=$(curl -fs -H "X-Api-Key: $key" "$base/v1/partner/feed/$feed" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
  echo "== the partner's $feed feed holds $items items"
  [ "$items" -gt 0 ]
done
# On this Python (3.11), hypothesis's generator trips now and then on an
# internal error of its own while describing a strategy ("AST constructor
# recursion depth mismatch"): a failure of the tool, not of the API. A run
# whose only problems are such errors (no failure, every error that one)
# runs once more, with the next seed (the same seed trips it again);
# anything else fails at once.
only_generator_errors() { # output file
  local out=$1 errors tool
  grep -q "= FAILURES =" "$out" && return 1
  errors=$(grep -cE '^_{5,} .+ _{5,}$' "$out" || true)
  tool=$(grep -c '^AST constructor recursion depth mismatch' "$out" || true)
  [ "$errors" -gt 0 ] && [ "$errors" -eq "$tool" ]
}
run() { # label, extra arguments
  local label=$1; shift
  local out; out=$(mktemp)
  for attempt in 1 2; do
    echo "== schemathesis, $label (run $attempt)"
    if schemathesis run "$base/openapi.json" --checks "$CHECKS" --max-examples "$EXAMPLES" --seed "$((SEED + attempt - 1))" \
      --phases examples,coverage,fuzzing --workers 2 --request-timeout 10 --no-color "$@" | tee "$out"; then
      rm -f "$out"; return 0
    fi
    if [ "$attempt" = 1 ] && only_generator_errors "$out"; then
      echo "== only the generator's own errors: once more"
      continue
    fi
    rm -f "$out"; return 1
  done
}
run anonymous
# Signed in, less the two calls that would end the session being fuzzed
# (erasure, and a password change that signs out every token).
run "signed in" -H "Authorization: Bearer $access" \
  --exclude-operation-id erase --exclude-operation-id change_password
# Examples and fuzzing only: the coverage phase's negative path parameters
# are where the generator's own error above happens most. The two runs
# above cover the same operations' parameters.
run "with an API key" -H "X-Api-Key: $key" --include-tag partners --phases examples,fuzzing
