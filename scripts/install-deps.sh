#!/usr/bin/env bash
# Installs the system packages sbi++ needs (Debian/Ubuntu, apt-get). Idempotent: packages that
# are already present are left alone, so it costs a second when nothing is missing.
set -euo pipefail

packages=(g++ cmake ninja-build libeigen3-dev libboost-dev doctest-dev nlohmann-json3-dev libomp-dev ccache)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "sbi++: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
