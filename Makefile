# canon: top-level entry points. `make demo` and `make test` do all set-up
# (dependencies, configure, build) on a fresh Debian 12 machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CANON := $(BUILD)/canon
EXAMPLE := examples/defenders.canon

.PHONY: all deps configure build demo test golden-update bench format format-check tidy clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	@$(MAKE) --no-print-directory deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: $(BUILD)/build.ninja

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@echo "== Jessica and Luke, for a viewer who has seen only Jessica Jones season 1 =="
	$(CANON) history jessica luke --seen jj.s1 -i $(EXAMPLE)
	@echo
	@echo "== the same, for a viewer who has seen everything =="
	$(CANON) history netflix:jessica netflix:luke --seen all -i $(EXAMPLE)
	@echo
	@echo "== a spoiler-safe recap before The Defenders, for a season-1-only viewer =="
	$(CANON) recap --seen jj.s1 --before defenders --length short -i $(EXAMPLE)
	@echo
	@echo "== comics versus Netflix =="
	$(CANON) compare jessica luke --continuities earth616,netflix --seen all -i $(EXAMPLE)
	@echo
	@echo "== who knows that Jessica killed Reva, after Jessica Jones S1E1 only (not revealed yet) =="
	$(CANON) who-knows reva_death --seen jj.s1e1 -i $(EXAMPLE) || true
	@echo
	@echo "== ... and after the whole season =="
	$(CANON) who-knows reva_death --seen jj.s1 -i $(EXAMPLE)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Rewrites every golden file's expected output from the current binary.
# Review the diff before committing it.
golden-update: build
	python3 tests/golden/run_golden.py --canon $(CANON) --update

# Side-by-side benchmark against SQLite and PostgreSQL (bench/run.sh, see
# docs/performance.md): the scaled-down run (100k entities, 2M facts) writes
# bench/RESULTS.md; `make bench BENCH_MODE=--full` runs 1M entities / 20M facts.
BENCH_MODE ?=
bench: deps configure
	cmake -S . -B $(BUILD) -DCANON_BUILD_BENCH=ON
	cmake --build $(BUILD) -j $(JOBS) --target canon_harness canon_micro
	bench/run.sh --build $(BUILD) $(BENCH_MODE)

format:
	find src include tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

format-check:
	find src include tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format --dry-run --Werror

tidy: configure
	find src -name '*.cpp' ! -name '*_test.cpp' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD)
