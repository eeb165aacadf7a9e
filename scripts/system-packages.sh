#!/usr/bin/env bash
# Installs the Debian packages hoso's tests and documents need, only when one is missing:
# chromium (browser tests, driven by Playwright without any browser download),
# fonts-liberation2 (Times New Roman–metric serif with every Vietnamese letter),
# Pango (WeasyPrint draws the PDF reports with it).
set -euo pipefail
needed=(chromium fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
