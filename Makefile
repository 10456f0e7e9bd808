# The two set-up commands of README.md: `make run` and `make test`.
RELEASE_DIR := build/release
TEST_DIR    := build/asan
FUZZ_DIR    := build/fuzz
JOBS        ?= $(shell nproc)
# Relative paths in ccache's keys: a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR := $(CURDIR)
# Debug builds embed the build directory in debug info, which would make
# ccache key every object by it; a clean clone elsewhere should still hit.
export CCACHE_NOHASHDIR := 1

.PHONY: run test deps release format clean

deps:
	@scripts/install-deps

release: deps
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DPETREL_TESTS=OFF
	cmake --build $(RELEASE_DIR) -j $(JOBS)

run: release
	@echo
	@echo "Petrel starts on its embedded default (data in ./petrel-data):"
	@echo "  IMAP with STARTTLS  127.0.0.1:1143"
	@echo "  IMAP over TLS       127.0.0.1:1993 (self-signed certificate in petrel-data/tls/)"
	@echo "Add a user from another terminal:  $(RELEASE_DIR)/petrel user add alice"
	@echo "Stop with Ctrl-C."
	@echo
	$(RELEASE_DIR)/petrel serve

test: deps
	cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPETREL_SANITIZE=ON
	cmake --build $(TEST_DIR) -j $(JOBS)
	CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPETREL_FUZZ_ONLY=ON
	cmake --build $(FUZZ_DIR) -j $(JOBS)
	ctest --test-dir $(TEST_DIR) --output-on-failure -j $(JOBS)
	ctest --test-dir $(FUZZ_DIR) --output-on-failure

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf build
