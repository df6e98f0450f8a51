#!/usr/bin/env bash
# Publishes the node agent self-contained (no .NET needed on the node) for one Linux architecture
# into dist/node-agent-RID/, with the systemd unit and the example configuration beside it.
# `make agent` runs it for every architecture and packs each folder into a tarball.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."

rid=${1:-}
case $rid in
  linux-x64 | linux-arm64) ;;
  *) echo "usage: publish-agent.sh linux-x64|linux-arm64" >&2; exit 1 ;;
esac

out=dist/node-agent-$rid
rm -rf -- "$out"
# No symbol files: the folder is what goes onto every node.
dotnet publish services/NodeAgent --nologo -v quiet -c Release -r "$rid" --self-contained -p:DebugType=none -o "$out"
cp infra/agent/node-agent.service infra/agent/agent.json "$out/"
# make judges the folder by this file's age; publish may leave an unchanged one untouched.
touch "$out/NodeAgent"
echo "publish-agent.sh: $out"
