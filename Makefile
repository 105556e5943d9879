# Fisikal Sync: the two set-up commands of the README, and a few more.
#   make run            Azurite + a simulated PerfectGym Next club + the app standalone; initial sync, then schedules until Ctrl-C
#   make run ONCE=1     the same, but one cycle of each schedule, a summary, and exit
#   make test           every test, against a real Azurite
#   make bench          benchmarks; they print their figures and settings (BENCH_ARGS to change them)
#   make package        the deployment package the Functions host runs (artifacts/package, artifacts/fisikal-sync.zip)
CONFIG ?= Release
CUSTOMERS ?= 250
SOLUTION := Fisikal.Sync.slnx
APP := Fisikal.Sync.Functions/bin/$(CONFIG)/net10.0
LOCALRUN := Fisikal.Sync.LocalRun/bin/$(CONFIG)/net10.0/Fisikal.Sync.LocalRun.dll
BENCH := Fisikal.Sync.Bench/bin/$(CONFIG)/net10.0/Fisikal.Sync.Bench.dll
BENCH_ARGS ?= all

.PHONY: run test bench build tools clean package

tools:
	@bash scripts/ensure-tools.sh

build: tools
	dotnet build $(SOLUTION) -c $(CONFIG) --nologo -v quiet

run: build
	dotnet $(LOCALRUN) --app $(APP) --customers $(CUSTOMERS) $(if $(ONCE),--once,)

bench: build
	dotnet $(BENCH) $(BENCH_ARGS) --app $(APP)

test:
	@bash scripts/ensure-tools.sh --browser
	@bash scripts/test.sh $(CONFIG)

package:
	bash scripts/package.sh

clean:
	dotnet clean $(SOLUTION) -c $(CONFIG) --nologo -v quiet
	rm -rf node_modules TestResults artifacts
