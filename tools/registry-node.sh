#!/usr/bin/env bash
# Prints the bin directory of Node <major> taken from the npm registry (the node-linux-<arch>
# package ships the official binary), installing it into ~/.cache/safenet-node<major> once.
# Nothing is downloaded from anywhere but the npm registry.  Usage: tools/registry-node.sh 24
set -euo pipefail
major=${1:?usage: tools/registry-node.sh MAJOR}
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "no registry Node for $(uname -m)" >&2; exit 1 ;;
esac
prefix="$HOME/.cache/safenet-node$major"
bin="$prefix/node_modules/node-linux-$arch/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  npm install --no-save --no-audit --no-fund --silent --prefix "$prefix" "node-linux-$arch@$major" >&2
fi
echo "$bin"
