#!/usr/bin/env bash
# Builds the deployment package the Azure Functions host runs (what azure.yaml deploys):
#   <out>/package/host.json                    the host's configuration (customHandler -> app/Fisikal.Sync.Functions)
#   <out>/package/<Function>/function.json     one folder per function, copied from functions/
#   <out>/package/app/                         the app, published self-contained for linux-x64
#   <out>/fisikal-sync.zip                     the same folder as a zip that keeps the executable's mode bits
# Self-contained because the host's worker image decides which .NET runtime is installed (a dotnet-isolated
# Flex Consumption app has the runtime of its configured version, not necessarily the .NET 10 this app needs),
# and a custom handler is just an executable the host starts: self-contained, it runs on any linux-x64 image.
# Usage: scripts/package.sh [out-dir]   (default: artifacts)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
package="$out/package"
rm -rf "$package" "$out/fisikal-sync.zip"
mkdir -p "$package"

dotnet publish "$root/Fisikal.Sync.Functions/Fisikal.Sync.Functions.csproj" -c Release -r linux-x64 --self-contained \
  -p:DebugType=none -p:GenerateDocumentationFile=false -o "$package/app" --nologo -v quiet
cp "$root/host.json" "$package/"
for folder in "$root"/functions/*/; do
  name="$(basename "$folder")"
  mkdir -p "$package/$name"
  cp "$folder/function.json" "$package/$name/"
done
chmod 755 "$package/app/Fisikal.Sync.Functions"

# A zip made here, not by azd: azd's own zip of a folder drops Unix modes, and the host can't start an
# executable without its x bit. .NET's ZipFile keeps them.
dotnet "$root/scripts/zip-folder.cs" "$package" "$out/fisikal-sync.zip"
echo "Package: $package ($(du -sh "$package" | cut -f1)), $out/fisikal-sync.zip ($(du -h "$out/fisikal-sync.zip" | cut -f1))"
