# Dokku's network plugin in C: one small program per subcommand and trigger,
# linked against one static library. POSIX make.
.POSIX:
.SUFFIXES:

CC = cc
CFLAGS = -O2 -g
LDFLAGS =
STD_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Ilib
DOKKU_LIB_ROOT = /var/lib/dokku
SYSTEMD_UNIT_DIR = /etc/systemd/system

BUILD = build
PLUGIN = $(BUILD)/network
LIB = $(BUILD)/libnetwork.a

# The library, one concern per file (lib/<name>.c and lib/<name>.h).
LIBMODULES = app args attach buf cidr confirm docker_container docker_json docker_network dockerargs engine env events http ipaddr json \
	file lifecycle listener log netprop network plugn prop proxyinfo rebuild report set strlist util watch
# Every subcommand and trigger of the plugin (contract 1.3, Appendix C, plus
# network-clear-config), each its own program.
SUBCOMMANDS = create destroy exists info list rebuild rebuildall report set watch
TRIGGERS = core-post-deploy docker-args-process-build docker-args-process-deploy \
	docker-args-process-run install network-build-config network-clear-config \
	network-config-exists network-get-ipaddr network-get-listeners network-get-property \
	network-get-static-listeners network-write-ipaddr network-write-port \
	post-app-clone-setup post-app-rename-setup post-container-create post-delete post-deploy report

UNIT_TESTS = $(BUILD)/tests/json_test $(BUILD)/tests/http_test $(BUILD)/tests/fakedaemon

all: $(PLUGIN)/plugin.toml library programs

# Objects go to $(BUILD)/obj, so that sanitizer builds live beside the normal one.
# A module is rebuilt when its source or any library header is newer.
library:
	@mkdir -p $(BUILD)/obj
	@newest_h=$$(ls -t lib/*.h | head -n 1); objs=; changed=; \
	for m in $(LIBMODULES); do \
		o=$(BUILD)/obj/$$m.o; objs="$$objs $$o"; \
		if [ ! -e $$o ] || [ lib/$$m.c -nt $$o ] || [ $$newest_h -nt $$o ]; then \
			echo "$(CC) -c -o $$o lib/$$m.c"; \
			$(CC) $(STD_CFLAGS) $(CFLAGS) -c -o $$o lib/$$m.c || exit 1; \
			changed=1; \
		fi; \
	done; \
	if [ -n "$$changed" ] || [ ! -e $(LIB) ]; then rm -f $(LIB); ar rcs $(LIB) $$objs; fi

$(PLUGIN)/plugin.toml: plugin.toml
	mkdir -p $(PLUGIN)
	cp plugin.toml $@

# One program per file; rebuilt when its source or the library is newer.
programs: library
	@mkdir -p $(PLUGIN)/subcommands
	@out=$(PLUGIN)/commands; \
	if [ ! -e $$out ] || [ commands/commands.c -nt $$out ] || [ $(LIB) -nt $$out ]; then \
		echo "$(CC) -o $$out commands/commands.c"; \
		$(CC) $(STD_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $$out commands/commands.c $(LIB) || exit 1; \
	fi
	@for s in $(SUBCOMMANDS); do \
		out=$(PLUGIN)/subcommands/$$s; \
		if [ ! -e $$out ] || [ subcommands/$$s.c -nt $$out ] || [ $(LIB) -nt $$out ]; then \
			echo "$(CC) -o $$out subcommands/$$s.c"; \
			$(CC) $(STD_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $$out subcommands/$$s.c $(LIB) || exit 1; \
		fi; \
	done
	@for t in $(TRIGGERS); do \
		out=$(PLUGIN)/$$t; \
		if [ ! -e $$out ] || [ triggers/$$t.c -nt $$out ] || [ $(LIB) -nt $$out ]; then \
			echo "$(CC) -o $$out triggers/$$t.c"; \
			$(CC) $(STD_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $$out triggers/$$t.c $(LIB) || exit 1; \
		fi; \
	done

$(BUILD)/tests/json_test: tests/unit/json_test.c lib/json.c lib/buf.c lib/util.c lib/json.h lib/buf.h
	mkdir -p $(BUILD)/tests
	$(CC) $(STD_CFLAGS) $(CFLAGS) -o $@ tests/unit/json_test.c lib/json.c lib/buf.c lib/util.c

$(BUILD)/tests/http_test: tests/unit/http_test.c lib/http.c lib/buf.c lib/util.c lib/http.h lib/buf.h
	mkdir -p $(BUILD)/tests
	$(CC) $(STD_CFLAGS) $(CFLAGS) -o $@ tests/unit/http_test.c lib/http.c lib/buf.c lib/util.c

# A scripted stand-in for the Docker daemon's socket, for the fault tests.
$(BUILD)/tests/fakedaemon: tests/tools/fakedaemon.c
	mkdir -p $(BUILD)/tests
	$(CC) $(STD_CFLAGS) $(CFLAGS) -o $@ tests/tools/fakedaemon.c

unit: $(UNIT_TESTS)

# Installs what the tests need (docker.io, bats, ...), starts dockerd, runs bats.
test: all unit
	tests/setup
	tests/run

# The whole suite against programs built with AddressSanitizer (leaks on) and
# UndefinedBehaviorSanitizer; any report fails the program and so the test.
SANITIZE_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
test-sanitize:
	$(MAKE) BUILD=build/sanitize CFLAGS="$(SANITIZE_FLAGS)" LDFLAGS="$(SANITIZE_FLAGS)" all unit
	tests/setup
	NETWORK_PLUGIN_DIR=$$(pwd)/build/sanitize/network UNIT_TEST_DIR=$$(pwd)/build/sanitize/tests \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98 \
		tests/run

# Benchmarks against a floor measured in the same run (bench/README.md);
# writes bench/RESULTS.md. Not part of `make test`.
bench: all
	tests/setup
	bench/run

# libFuzzer targets (clang, ASan+UBSan), each for FUZZ_SECONDS (fuzz/README.md).
FUZZ_SECONDS = 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run

# Static analysis: cppcheck and clang-tidy, both must be clean (tests/setup lint
# installs them).
lint:
	tests/setup lint
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --inline-suppr -D_POSIX_C_SOURCE=200809L -Ilib lib commands subcommands triggers
	@mkdir -p $(BUILD)
	status=0; clang-tidy --quiet --warnings-as-errors='*' lib/*.c commands/*.c subcommands/*.c triggers/*.c -- \
		$(STD_CFLAGS) >$(BUILD)/clang-tidy.log 2>&1 || status=$$?; \
		grep -v '^[0-9]* warnings\{0,1\} generated\.$$' $(BUILD)/clang-tidy.log || true; exit $$status

# The end-to-end walk-through against the real daemon.
demo: all
	tests/setup
	tests/demo

# Replaces Dokku's core network plugin in place, keeping a backup (README).
install: all
	sh install.sh install $(PLUGIN) $(DOKKU_LIB_ROOT) $(SYSTEMD_UNIT_DIR)

uninstall:
	sh install.sh uninstall $(PLUGIN) $(DOKKU_LIB_ROOT) $(SYSTEMD_UNIT_DIR)

clean:
	rm -rf build

.PHONY: all library programs unit test test-sanitize bench fuzz lint demo install uninstall clean
