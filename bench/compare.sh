#!/usr/bin/env bash
# Petrel and Debian's Dovecot side by side on the same corpus, in one run.
#   bench/compare.sh [compare.py options]      e.g. --quick, --only sync mix
# Builds the release binary if needed, installs dovecot-imapd if missing,
# then runs bench/compare.py, which prints the table for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dovecot >/dev/null; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
  # The package starts a system instance; the benchmark runs its own private one.
  $sudo systemctl disable --now dovecot >/dev/null 2>&1 || true
fi
[[ -x build/release/petrel ]] || make release >/dev/null
exec python3 bench/compare.py --petrel build/release/petrel "$@"
