#!/bin/sh
# Installs sealcheck from a copy of its shipped files (the Docker build context .dockerignore lets
# through): the image's only install step, and what test/install/image.test.ts runs in a temporary
# folder, so the image and the test cannot drift apart. Nothing is compiled or downloaded: the
# committed bundles need only Node.js, and git at run time.
# Usage: sh scripts/install-image.sh PACKAGE_DIR BIN_DIR
set -eu
pkg=$1
bin=$2
for file in package.json bin/sealcheck.js dist/sealcheck.mjs dist/scan-worker.mjs dist/rules.json; do
  if [ ! -f "$pkg/$file" ]; then
    echo "install-image: $pkg/$file is missing: build from a checkout with the committed dist/ files" >&2
    exit 1
  fi
done
# This script is only the install step: it does not stay in the installed package.
rm -rf "$pkg/scripts"
chmod 0755 "$pkg/bin/sealcheck.js"
mkdir -p "$bin"
ln -sf "$pkg/bin/sealcheck.js" "$bin/sealcheck"
# The bundle starts without node_modules, from PATH, or the install fails here rather than in a Job.
"$bin/sealcheck" --version >/dev/null
