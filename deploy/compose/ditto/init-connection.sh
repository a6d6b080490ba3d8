#!/bin/sh
# One-shot set-up of Ditto's MQTT connection to Mosquitto (the `ditto-init` service of compose.yaml).
# Idempotent: modifies the connection when it exists, creates it otherwise. Talks to the gateway directly (inside the
# compose network) with Ditto's devops credentials: POST /api/2/connections cannot take a fixed id, PUT only modifies
# an existing one, so a new connection is created with the devops "piggyback" createConnection command.
set -eu
GATEWAY="${DITTO_GATEWAY_URL:-http://gateway:8080}"
AUTH="devops:${DITTO_DEVOPS_PASSWORD:?DITTO_DEVOPS_PASSWORD is not set}"
FILE="${CONNECTION_FILE:-/ditto/connection-mqtt.json}"
ID="$(sed -n 's/^  "id": "\([^"]*\)",$/\1/p' "$FILE" | head -n 1)"
[ -n "$ID" ] || { echo "no connection id in $FILE" >&2; exit 1; }

echo "waiting for Ditto's gateway and cluster at $GATEWAY ..."
tries=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' -u "$AUTH" "$GATEWAY/api/2/connections?ids-only=true")" = "200" ]; do
  tries=$((tries + 1))
  if [ "$tries" -ge 120 ]; then
    echo "Ditto's connections API did not answer 200 within 10 minutes" >&2
    exit 1
  fi
  sleep 5
done

status="$(curl -s -o /dev/null -w '%{http_code}' -u "$AUTH" "$GATEWAY/api/2/connections/$ID")"
if [ "$status" = "200" ]; then
  echo "connection $ID exists: modifying it"
  curl -fsS -u "$AUTH" -X PUT -H 'Content-Type: application/json' --data-binary "@$FILE" \
      "$GATEWAY/api/2/connections/$ID"
else
  echo "creating connection $ID"
  body="/tmp/create-connection.json"
  {
    printf '{"targetActorSelection":"/system/sharding/connection","headers":{"aggregate":false,"is-group-topic":false},'
    printf '"piggybackCommand":{"type":"connectivity.commands:createConnection","connection":'
    cat "$FILE"
    printf '}}'
  } > "$body"
  curl -fsS -u "$AUTH" -X POST -H 'Content-Type: application/json' --data-binary "@$body" \
      "$GATEWAY/devops/piggyback/connectivity?timeout=30s"
fi
echo
echo "connection $ID:"
curl -fsS -u "$AUTH" "$GATEWAY/api/2/connections/$ID/status" || true
echo
