#!/usr/bin/env bash
# System libraries for PDF reports and their tests on Debian 12 (run as root).
#   WeasyPrint needs Pango, HarfBuzz-Subset (font subsetting; warned about when missing) plus at least one font;
#   the report tests turn PDF pages into PNG with pdftoppm (poppler-utils).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)
missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "report-deps.sh: ${PACKAGES[*]} installed" >&2
