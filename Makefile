# Fisikal Sync: the two set-up commands of the README, and a few more.
#   make run            Azurite + a simulated PerfectGym Next club + the app standalone; initial sync, then schedules until Ctrl-C
#   make run ONCE=1     the same, but one cycle of each schedule, a summary, and exit
#   make test           every test, against a real Azurite
CONFIG ?= Release
CUSTOMERS ?= 250
SOLUTION := Fisikal.Sync.slnx
APP := Fisikal.Sync.Functions/bin/$(CONFIG)/net10.0/Fisikal.Sync.Functions.dll
LOCALRUN := Fisikal.Sync.LocalRun/bin/$(CONFIG)/net10.0/Fisikal.Sync.LocalRun.dll

.PHONY: run test build tools clean

tools:
	@bash scripts/ensure-tools.sh

build: tools
	dotnet build $(SOLUTION) -c $(CONFIG) --nologo -v quiet

run: build
	dotnet $(LOCALRUN) --app $(APP) --customers $(CUSTOMERS) $(if $(ONCE),--once,)

test: tools
	@bash scripts/test.sh $(CONFIG)

clean:
	dotnet clean $(SOLUTION) -c $(CONFIG) --nologo -v quiet
	rm -rf node_modules TestResults
