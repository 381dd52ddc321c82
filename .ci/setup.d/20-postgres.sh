# Sourced by .ci/run: starts a throwaway PostgreSQL for the database tests (tests/sink.rs).
# Installs the server when missing (Debian: apt-get install postgresql), runs initdb as the
# `postgres` user in a temporary directory (trust auth, UTF-8), starts it on 127.0.0.1 on a free
# port, registers its stop in `cleanup`, and exports DOCFACTS_TEST_POSTGRES_URL for the tests.
# A failure here is reported and skipped: the PostgreSQL tests then fail under CI=true, saying why.

docfacts_pg_setup() {
  if [ -n "${DOCFACTS_TEST_POSTGRES_URL:-}" ]; then
    echo "postgres: using DOCFACTS_TEST_POSTGRES_URL from the environment"
    echo "export DOCFACTS_TEST_POSTGRES_URL='$DOCFACTS_TEST_POSTGRES_URL'" >> "$DOCFACTS_CI_ENV"
    return 0
  fi
  local bin=""
  find_pg_bin() {
    local cand
    for cand in /usr/lib/postgresql/*/bin; do
      [ -x "$cand/initdb" ] && [ -x "$cand/pg_ctl" ] && bin="$cand"
    done
    if [ -z "$bin" ] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
      bin="$(dirname "$(readlink -f "$(command -v initdb)")")"
    fi
  }
  find_pg_bin
  if [ -z "$bin" ]; then
    echo "postgres: installing (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null || return 1
    find_pg_bin
    [ -n "$bin" ] || { echo "postgres: initdb not found after install"; return 1; }
  fi
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres || return 1

  local port
  for port in $(seq 54329 54429); do
    # A port is free when nothing accepts a connection on it.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  done
  local dir
  dir="$(mktemp -d /tmp/docfacts-pg.XXXXXX)" || return 1
  chown postgres: "$dir" || return 1
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log"; return 1; }
  # fsync off: a throwaway test server; the socket lives in the data directory.
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$dir/server.log"; return 1; }
  cleanup+=("runuser -u postgres -- '$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null; rm -rf '$dir'")
  echo "export DOCFACTS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres" >> "$DOCFACTS_CI_ENV"
  echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$port, data in $dir"
}

docfacts_pg_setup || echo "warning: PostgreSQL could not be started; its tests will fail under CI=true"
unset -f docfacts_pg_setup find_pg_bin 2>/dev/null || true
