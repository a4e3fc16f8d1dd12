# Dokku's network plugin in C: one small program per subcommand and trigger,
# linked against one static library. POSIX make (Issue 8: != and an included
# file that make writes first; GNU make 4 does both).
.POSIX:
.SUFFIXES:

# ---- What is built -----------------------------------------------------------------
# The only place where files are named: to add, rename or split a file, edit its
# list; the rules (mk/rules.sh, written to $(BUILD)/rules.mk) follow by themselves.
#
# The library, one concern per file: lib/<name>.c (and lib/<name>.h, any header
# in lib/ is a prerequisite of everything), in two layers: the base knows nothing
# of networks and includes no domain header (tests/layers.bats checks it).
LIB_BASE = args buf cidr confirm engine engine_conn engine_stream env events file http \
	json jsonsplit jsonwrite log plugn prop strlist util
LIB_DOMAIN = app appctx attach docker_container docker_json docker_network docker_swarm dockerargs \
	ipaddr lifecycle listener netdoc netexport netprop netspec netspec_json network \
	proxyinfo rebuild report set sweep watch
LIBMODULES = $(LIB_BASE) $(LIB_DOMAIN)
# network:<name>, each its own program: subcommands/<name>.c -> $(PLUGIN)/subcommands/<name>
# (doc/design.md §1.3).
SUBCOMMANDS = create destroy ensure exists export import info list rebuild rebuildall report set watch
# Dokku triggers, each its own program: triggers/<name>.c -> $(PLUGIN)/<name>
# (doc/design.md §8.1 and §13).
TRIGGERS = core-post-deploy docker-args-process-build docker-args-process-deploy \
	docker-args-process-run install network-build-config network-clear-config \
	network-config-exists network-get-ipaddr network-get-listeners network-get-property \
	network-get-static-listeners network-write-ipaddr network-write-port \
	post-app-clone-setup post-app-rename-setup post-container-create post-delete post-deploy report
# C unit tests, run by `make unit` (TAP): tests/unit/<name>.c linked with the
# library -> $(BUILD)/tests/<name>.
UNIT_TESTS = json_test http_test args_test cidr_test events_test names_test prop_test quote_test report_test netdoc_test
# Programs the bats suite uses, built by `make unit`, not run by it:
# tests/tools/<name>.c (no library) -> $(BUILD)/tests/<name>.
TEST_TOOLS = fakedaemon

# ---- How --------------------------------------------------------------------------
# STATIC=auto (the default): programs linked statically against musl (musl-gcc,
# Debian's musl-tools, which tests/setup installs) when it is installed, else
# dynamically with cc (glibc); a sanitizer in CFLAGS/LDFLAGS means cc.
# STATIC=yes: musl-gcc, required. STATIC=no: cc. CC=... on the command line wins.
STATIC = auto
MUSL_CC = musl-gcc
CC != case '$(STATIC)' in no) echo cc ;; yes) echo $(MUSL_CC) ;; *) \
	case '$(CFLAGS) $(LDFLAGS)' in *-fsanitize*) echo cc ;; *) \
	if command -v $(MUSL_CC) >/dev/null 2>&1; then echo $(MUSL_CC); else echo cc; fi ;; esac ;; esac
# -static goes with musl only: glibc's static getpwnam, getgrnam and getaddrinfo
# would load the NSS modules of the glibc they were built with.
STATIC_LDFLAGS != case '$(CC)' in *musl-gcc*) echo -static ;; esac
CFLAGS = -O2 -g
LDFLAGS =
WERROR = -Werror
STD_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra $(WERROR) -Ilib
# Each function and object in a section of its own, and the linker keeps only
# those a program uses (a program otherwise gets whole library members), in
# fewer segments: smaller programs, fewer pages to fault in at every exec.
SECTION_CFLAGS = -ffunction-sections -fdata-sections
SECTION_LDFLAGS = -Wl,--gc-sections -Wl,-z,noseparate-code
ALL_CFLAGS = $(STD_CFLAGS) $(SECTION_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(STATIC_LDFLAGS) $(SECTION_LDFLAGS) $(LDFLAGS)
AR = ar
ARFLAGS = rcs

DOKKU_LIB_ROOT = /var/lib/dokku
SYSTEMD_UNIT_DIR = /etc/systemd/system

# Everything built goes under $(BUILD) (objects in $(BUILD)/obj), so that other
# builds (build/sanitize, make BUILD=/tmp/x) live beside the normal one.
BUILD = build
PLUGIN = $(BUILD)/network
LIB = $(BUILD)/libnetwork.a

# The default goal; its prerequisites come with the generated rules below.
all:

# ---- The generated rules ------------------------------------------------------------
# One rule per object, program and test program (mk/rules.sh). Written again when
# the lists (this file) change or a file is added to or removed from lib/.
$(BUILD)/rules.mk: Makefile mk/rules.sh lib
	@+mkdir -p $(BUILD)
	@+sh mk/rules.sh '$(LIBMODULES)' '$(SUBCOMMANDS)' '$(TRIGGERS)' '$(UNIT_TESTS)' '$(TEST_TOOLS)' >$@.new
	@+mv -f $@.new $@

include $(BUILD)/rules.mk

# What the objects and programs were built with; rewritten (and so newer than
# them) only when that changes: another CC, CFLAGS, STATIC, ... rebuilds all.
# Also makes the directories. (+: also under make -n, which then shows only what
# is really out of date.)
$(BUILD)/config: FORCE
	@+mkdir -p $(BUILD)/obj $(PLUGIN)/subcommands $(BUILD)/tests
	@+command -v $(CC) >/dev/null 2>&1 || { echo "make: $(CC) not found$$(case '$(CC)' in *musl-gcc*) \
		echo ' (apt-get install musl-tools, or make STATIC=no)' ;; esac)" >&2; exit 1; }
	@+printf '%s\n' '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(AR) $(ARFLAGS)' >$@.new
	@+if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

all: $(PLUGIN)/plugin.toml $(PROGRAMS)
library: $(LIB)
programs: $(PROGRAMS)

$(LIB): $(OBJS)
	rm -f $@
	$(AR) $(ARFLAGS) $@ $(OBJS)

$(PLUGIN)/plugin.toml: plugin.toml $(BUILD)/config
	cp plugin.toml $@

# Builds the unit tests and the test tools, runs the unit tests: a line per
# program, every failure, then "N passed, N failed".
unit: $(UNIT_PROGRAMS) $(TOOL_PROGRAMS)
	@sh mk/unit.sh $(UNIT_PROGRAMS)

# Installs what the tests need (docker.io, bats, musl-tools, ...) and starts
# dockerd, then builds (musl is there by then), runs the unit tests and bats.
test:
	tests/setup
	$(MAKE) all unit
	tests/run

# The whole suite against programs built with AddressSanitizer (leaks on) and
# UndefinedBehaviorSanitizer, with cc (glibc, dynamic); any report fails the
# program and so the test.
SANITIZE_CC = cc
SANITIZE_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
test-sanitize:
	tests/setup
	$(MAKE) BUILD=build/sanitize STATIC=no CC=$(SANITIZE_CC) CFLAGS="$(SANITIZE_FLAGS)" LDFLAGS="$(SANITIZE_FLAGS)" all unit
	NETWORK_PLUGIN_DIR=$$(pwd)/build/sanitize/network UNIT_TEST_DIR=$$(pwd)/build/sanitize/tests \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98 \
		tests/run

# Benchmarks against floors measured in the same run (bench/README.md); writes
# bench/RESULTS.md. Not part of `make test`.
bench:
	tests/setup
	$(MAKE) all
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
demo:
	tests/setup
	$(MAKE) all
	tests/demo
	@echo "Two Docker hosts in one swarm: make demo-multihost"

# The two-host case: two dockerd in network namespaces, one swarm, an app on
# the second reached by its alias from the first (tests/demo-multihost).
demo-multihost:
	tests/setup
	$(MAKE) all
	tests/demo-multihost

# Replaces Dokku's core network plugin in place, keeping a backup (README); the
# installed programs are stripped (install.sh).
install: all
	sh install.sh install $(PLUGIN) $(DOKKU_LIB_ROOT) $(SYSTEMD_UNIT_DIR)

uninstall:
	sh install.sh uninstall $(PLUGIN) $(DOKKU_LIB_ROOT) $(SYSTEMD_UNIT_DIR)

# The Debian package, $(BUILD)/<package>_<version>_<arch>.deb (mk/deb.sh; name
# and version from debian/changelog): the plugin over dokku's through dpkg
# diversions, the watcher's unit.
deb: all
	sh mk/deb.sh $(PLUGIN) $(BUILD)

clean:
	rm -rf $(BUILD)

FORCE:

.PHONY: all library programs unit test test-sanitize bench fuzz lint demo demo-multihost install uninstall deb clean FORCE
