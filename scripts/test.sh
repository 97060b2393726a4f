#!/usr/bin/env bash
# The one command that runs every test: starts the backends that do not answer, then builds
# and verifies every module (unit, contract, HTTP, interop and persistence tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/backends.sh
exec mvn -B verify "$@"
