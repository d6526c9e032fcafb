#!/bin/sh
# npm run setup:postgres — starts Debian's PostgreSQL (installed by npm run setup:system) and makes the role
# the tests and benchmarks use. Idempotent: a started cluster and an existing role are left as they are.
# As root, or through sudo. The tests find it at $SHOUMI_TEST_POSTGRES, by default
#   postgres://shoumi_test:shoumi_test@127.0.0.1:5432/postgres
# and make (and drop) a database of their own for each suite; a test that cannot reach it fails and says
# to run this script. Nothing here is for production: the role's password is written above.
set -eu
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "setup:postgres: Debian's postgresql is not installed: run npm run setup:system first" >&2
  exit 1
fi
# The newest installed major version (Debian 12: 15).
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
CLUSTER=main
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  pg_createcluster "$VERSION" "$CLUSTER" --port 5432
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')
if [ "$PORT" != 5432 ]; then
  echo "setup:postgres: cluster $VERSION/$CLUSTER listens on $PORT, the tests expect 5432 (set SHOUMI_TEST_POSTGRES to use it)" >&2
fi
# The tests open many short connections at once (several suites, two collectors each, a pool per store).
CONF=/etc/postgresql/$VERSION/$CLUSTER/conf.d/shoumi-tests.conf
if [ ! -f "$CONF" ]; then
  printf '%s\n' "# npm run setup:postgres: room for the test suites' connections" "max_connections = 300" >"$CONF"
  RESTART=1
fi
STATUS=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')
if [ "$STATUS" = online ] && [ "${RESTART:-0}" = 1 ]; then
  pg_ctlcluster "$VERSION" "$CLUSTER" restart
elif [ "$STATUS" != online ]; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi
runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -q <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shoumi_test') THEN
    CREATE ROLE shoumi_test LOGIN CREATEDB PASSWORD 'shoumi_test';
  END IF;
END
$$;
SQL
echo "setup:postgres: PostgreSQL $VERSION/$CLUSTER online on port $PORT, role shoumi_test ready"
