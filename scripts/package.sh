#!/usr/bin/env bash
# Builds the deployment package Azure Functions (Flex Consumption, dotnet-isolated 10.0) runs, the framework-dependent
# `dotnet publish` of the isolated worker, and its zip (what azure.yaml deploys):
#   <out>/package/       host.json, functions.metadata, worker.config.json, .azurefunctions/, Fisikal.Sync.Functions.dll, ...
#   <out>/fisikal-sync.zip
# Usage: scripts/package.sh [out-dir]   (default: artifacts)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
package="$out/package"
rm -rf "$package" "$out/fisikal-sync.zip"

dotnet publish "$root/Fisikal.Sync.Functions/Fisikal.Sync.Functions.csproj" -c Release \
  -p:DebugType=none -p:GenerateDocumentationFile=false -o "$package" --nologo -v quiet
dotnet "$root/scripts/zip-folder.cs" "$package" "$out/fisikal-sync.zip"
echo "Package: $package ($(du -sh "$package" | cut -f1)), $out/fisikal-sync.zip ($(du -h "$out/fisikal-sync.zip" | cut -f1))"
