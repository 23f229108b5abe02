#!/usr/bin/env bash
# Installs the system packages sbi++ needs (Debian/Ubuntu, apt-get), then the Python build and
# test tools of the sbipp package (pip: nanobind, scikit-build-core, numpy, pytest). Idempotent:
# packages that are already present are left alone, so it costs a second when nothing is missing.
set -euo pipefail

install_python_tools() {
  local python
  python=$(command -v python3 || true)
  [ -n "$python" ] || return 0
  local missing=()
  for m in nanobind scikit_build_core numpy pytest; do
    "$python" -c "import $m" 2>/dev/null || missing+=("${m//_/-}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "sbi++: pip installing ${missing[*]}" >&2
  # A Debian system Python is "externally managed": pip then needs --break-system-packages.
  "$python" -m pip install --quiet --disable-pip-version-check "${missing[@]}" ||
    "$python" -m pip install --quiet --disable-pip-version-check --break-system-packages "${missing[@]}" ||
    echo "sbi++: pip could not install ${missing[*]}; the Python package will not be built" >&2
}

packages=(g++ cmake ninja-build libeigen3-dev libboost-dev doctest-dev nlohmann-json3-dev libomp-dev ccache
          libopenmpi-dev openmpi-bin
          python3-dev python3-pip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  install_python_tools
  exit 0
fi

echo "sbi++: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_python_tools
