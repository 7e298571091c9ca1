#!/usr/bin/env bash
# Installs everything the project needs; safe to run again (each step checks before it acts).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
PGAUDIT_SO="/usr/lib/postgresql/${PG_MAJOR}/lib/pgaudit.so"

need_packages=()
[ -x "${PG_BIN}/postgres" ] || need_packages+=("postgresql-${PG_MAJOR}" "postgresql-contrib")
[ -f "${PGAUDIT_SO}" ] || need_packages+=("postgresql-${PG_MAJOR}-pgaudit")
command -v openssl >/dev/null 2>&1 || need_packages+=("openssl")
command -v pgbench >/dev/null 2>&1 || need_packages+=("postgresql-contrib")
# npm run bench reads peak memory from GNU time -v.
[ -x /usr/bin/time ] || need_packages+=("time")
# The audit report's HTML is checked in Debian's Chromium, driven by playwright-core; a downloaded browser is never used.
[ -x /usr/bin/chromium ] || need_packages+=("chromium")
# The tests start their own PgBouncer (test/infra/pgbouncer.db.test.ts); Debian installs it in /usr/sbin.
need_pgbouncer=0
[ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1 || need_pgbouncer=1

SUDO=""
need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: need root (or sudo) to install: $*" >&2; exit 1
    fi
  fi
}

if [ ${#need_packages[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    need_root "${need_packages[@]}"
    echo "setup: installing ${need_packages[*]} with apt-get"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
  else
    echo "setup: apt-get not found; install PostgreSQL ${PG_MAJOR} and pgaudit yourself (packages: ${need_packages[*]})" >&2
  fi
else
  echo "setup: PostgreSQL ${PG_MAJOR}, pgaudit, openssl, pgbench, GNU time and Chromium already installed"
fi

# The pgbouncer package's postinst starts a system PgBouncer on localhost:6432 and enables it at boot; the tests
# never use it. A policy-rc.d that answers 101 ("forbidden") stops invoke-rc.d and deb-systemd-invoke from starting
# it (see invoke-rc.d(8)); one the machine already has is left as it is. Then the service is stopped and disabled
# whatever the policy said, with or without systemd.
POLICY_RC_D=/usr/sbin/policy-rc.d
remove_policy_rc_d() { $SUDO rm -f "${POLICY_RC_D}"; }
if [ "${need_pgbouncer}" -eq 1 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    need_root pgbouncer
    echo "setup: installing pgbouncer with apt-get (its system service stays stopped and disabled)"
    [ ${#need_packages[@]} -gt 0 ] || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    wrote_policy=0
    if [ ! -e "${POLICY_RC_D}" ]; then
      wrote_policy=1
      printf '#!/bin/sh\n# Written by hardened-postgres setup while it installs pgbouncer; removed right after.\nexit 101\n' |
        $SUDO tee "${POLICY_RC_D}" >/dev/null
      $SUDO chmod 755 "${POLICY_RC_D}"
      trap remove_policy_rc_d EXIT
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null
    if [ "${wrote_policy}" -eq 1 ]; then remove_policy_rc_d; trap - EXIT; fi
    if [ -d /run/systemd/system ]; then
      $SUDO systemctl disable --now pgbouncer.service >/dev/null 2>&1 || true
    else
      $SUDO /etc/init.d/pgbouncer stop >/dev/null 2>&1 || true
      $SUDO deb-systemd-helper disable pgbouncer.service >/dev/null 2>&1 || true
    fi
    $SUDO update-rc.d pgbouncer disable >/dev/null 2>&1 || true
  else
    echo "setup: apt-get not found; install pgbouncer yourself (the pooling tests need it)" >&2
  fi
else
  echo "setup: pgbouncer already installed"
fi

# npm ci installs exactly package-lock.json and never rewrites it, so a fresh clone stays clean. It deletes and
# reinstalls node_modules, so it runs only when the lockfile, package.json or Node changed since the last install.
NPM_STAMP=node_modules/.hardened-postgres-setup
npm_wanted="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1) node $(node --version)"
if [ -f "${NPM_STAMP}" ] && [ "$(cat "${NPM_STAMP}")" = "${npm_wanted}" ]; then
  echo "setup: node_modules already matches package-lock.json; building bin/"
  npm run --silent build
else
  # --engine-strict: a dependency whose engines exclude this Node fails the install instead of printing a warning.
  echo "setup: npm ci (prepare builds bin/)"
  npm ci --engine-strict --no-audit --no-fund
  echo "${npm_wanted}" > "${NPM_STAMP}"
fi

echo "setup: type check (tests included)"
npx --no-install tsc --noEmit -p .
echo "setup: done"
