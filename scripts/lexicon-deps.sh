#!/usr/bin/env bash
# The lexicon's Debian source: libhangul's hanja.txt (package libhangul-data, BSD-3).
set -euo pipefail
[ -f /usr/share/libhangul/hanja/hanja.txt ] && exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libhangul-data >/dev/null
