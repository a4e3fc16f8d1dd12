# Dokku's network plugin in C: one small program per subcommand and trigger,
# linked against one static library. POSIX make.
.POSIX:
.SUFFIXES:
.SUFFIXES: .c .o

CC = cc
CFLAGS = -O2 -g
LDFLAGS =
STD_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Ilib
DOKKU_LIB_ROOT = /var/lib/dokku

PLUGIN = build/network
LIB = build/libnetwork.a

LIBOBJ = lib/app.o lib/args.o lib/attach.o lib/buf.o lib/confirm.o lib/docker.o \
	lib/dockerargs.o lib/engine.o lib/env.o lib/http.o lib/ipaddr.o lib/json.o \
	lib/lifecycle.o lib/listener.o lib/log.o lib/netprop.o lib/network.o lib/plugn.o \
	lib/prop.o lib/proxyinfo.o lib/rebuild.o lib/report.o lib/strlist.o lib/trigger.o
LIBHDR = lib/app.h lib/args.h lib/attach.h lib/buf.h lib/confirm.h lib/docker.h \
	lib/dockerargs.h lib/engine.h lib/env.h lib/http.h lib/ipaddr.h lib/json.h \
	lib/lifecycle.h lib/listener.h lib/log.h lib/netprop.h lib/network.h lib/plugn.h \
	lib/prop.h lib/proxyinfo.h lib/rebuild.h lib/report.h lib/strlist.h lib/trigger.h

# Every subcommand and trigger of the plugin (contract 1.3, Appendix C, plus
# network-clear-config), each its own program.
SUBCOMMANDS = create destroy exists info list rebuild rebuildall report set
TRIGGERS = core-post-deploy docker-args-process-build docker-args-process-deploy \
	docker-args-process-run install network-build-config network-clear-config \
	network-config-exists network-get-ipaddr network-get-listeners network-get-property \
	network-get-static-listeners network-write-ipaddr network-write-port \
	post-app-clone-setup post-app-rename-setup post-container-create post-delete report

UNIT_TESTS = build/tests/json_test build/tests/http_test

all: $(PLUGIN)/plugin.toml $(PLUGIN)/commands programs

.c.o:
	$(CC) $(STD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBOBJ): $(LIBHDR)

$(LIB): $(LIBOBJ)
	mkdir -p build
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(PLUGIN)/plugin.toml: plugin.toml
	mkdir -p $(PLUGIN)
	cp plugin.toml $@

$(PLUGIN)/commands: commands/commands.c $(LIB)
	mkdir -p $(PLUGIN)
	$(CC) $(STD_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ commands/commands.c $(LIB)

# One program per file; rebuilt when its source or the library is newer.
programs: $(LIB)
	@mkdir -p $(PLUGIN)/subcommands
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

build/tests/json_test: tests/unit/json_test.c lib/json.c lib/buf.c lib/json.h lib/buf.h
	mkdir -p build/tests
	$(CC) $(STD_CFLAGS) $(CFLAGS) -o $@ tests/unit/json_test.c lib/json.c lib/buf.c

build/tests/http_test: tests/unit/http_test.c lib/http.c lib/buf.c lib/http.h lib/buf.h
	mkdir -p build/tests
	$(CC) $(STD_CFLAGS) $(CFLAGS) -o $@ tests/unit/http_test.c lib/http.c lib/buf.c

unit: $(UNIT_TESTS)

# Installs what the tests need (docker.io, bats, ...), starts dockerd, runs bats.
test: all unit
	tests/setup
	tests/run

# The end-to-end walk-through against the real daemon.
demo: all
	tests/setup
	tests/demo

# Replaces Dokku's core network plugin in place, keeping a backup (README).
install: all
	sh install.sh install $(PLUGIN) $(DOKKU_LIB_ROOT)

uninstall:
	sh install.sh uninstall $(PLUGIN) $(DOKKU_LIB_ROOT)

clean:
	rm -rf build lib/*.o

.PHONY: all programs unit test demo install uninstall clean
