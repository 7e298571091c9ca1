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

if [ ${#need_packages[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "setup: need root (or sudo) to install: ${need_packages[*]}" >&2; exit 1
      fi
    fi
    echo "setup: installing ${need_packages[*]} with apt-get"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
  else
    echo "setup: apt-get not found; install PostgreSQL ${PG_MAJOR} and pgaudit yourself (packages: ${need_packages[*]})" >&2
  fi
else
  echo "setup: PostgreSQL ${PG_MAJOR}, pgaudit, openssl, pgbench and GNU time already installed"
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
