#!/usr/bin/env bash
# The fleet benchmark in one command: publishes the portal and the sandbox host (Release), builds the harness and runs it. Arguments go to the
# harness (bash benchmarks/run-fleet.sh --help); the defaults are the fleet of the performance targets.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/BootstrapPortal.Web -c Release -o benchmarks/.portal -nologo -v quiet
dotnet publish benchmarks/BootstrapPortal.SandboxHost -c Release -o benchmarks/.sandbox -nologo -v quiet
dotnet build benchmarks/BootstrapPortal.FleetHarness -c Release -nologo -v quiet
exec dotnet benchmarks/BootstrapPortal.FleetHarness/bin/Release/net10.0/BootstrapPortal.FleetHarness.dll --portal benchmarks/.portal --sandbox benchmarks/.sandbox --output benchmarks/results "$@"
