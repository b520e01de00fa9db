#!/usr/bin/env bash
# Builds the CLI from this checkout's src/ with its target framework set to the newest .NET runtime
# installed here (net8.0 in src/ rolls forward to it), ReadyToRun-compiled as usual, into
# bench/results/cli-net<N>/. Used to show what ReadyToRun code that matches the runtime buys:
#   bash bench/run.sh --alt-cli "$(bash bench/build-alt-cli.sh)"
# src/ is copied to a scratch folder and retargeted there; nothing in the checkout changes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { split($2, v, "."); if (v[1] + 0 > m) m = v[1] + 0 } END { print m }')"
tfm="net${major}.0"
rid="$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')"
out="$root/bench/results/cli-$tfm"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json" "$scratch/"
rm -rf "$scratch"/src/*/bin "$scratch"/src/*/obj
sed -i "s#<TargetFramework>net8.0</TargetFramework>#<TargetFramework>$tfm</TargetFramework>#" \
    "$scratch/src/MemoryBank.Core/MemoryBank.Core.csproj" "$scratch/src/MemoryBank.Cli/MemoryBank.Cli.csproj"

echo "build-alt-cli.sh: publishing the CLI for $tfm ($rid) to $out..." >&2
rm -rf "$out"
dotnet publish "$scratch/src/MemoryBank.Cli/MemoryBank.Cli.csproj" -c Release -r "$rid" --self-contained false \
    -p:MemoryBankSkipModule=true -o "$out" -nologo -v quiet >&2
echo "$out/memory-bank"
