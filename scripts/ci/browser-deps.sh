#!/usr/bin/env bash
# Debian's Chromium for the end-to-end browser test (tests/e2e, Playwright drives it through
# executable_path=/usr/bin/chromium; Playwright's own browser download is not used). Run as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! dpkg -s chromium >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends chromium
fi
echo "browser-deps.sh: chromium installed" >&2
