# mentor-audit - plain Makefile.
#
#   make            build build/mentor-audit
#   make deps       install the missing Debian packages that make and make demo need
#   make deps-test  the same plus what make test needs (cmocka, Node.js, Chromium,
#                   LibreOffice, mandoc, the tests/js tools)
#   make demo       deps, build, serve the bundled fixture sites, audit them
#   make test       deps-test, then unit (cmocka) and integration tests, built with
#                   ASan and UBSan into build-asan/
#   make check      the same tests on the plain build/
#   make check-valgrind   the integration tests under valgrind memcheck
#   make check-hostile    tests/integration/disk.sh with its slower cases (a full disk, --org-time)
#   make install, make uninstall   PREFIX=/usr/local, DESTDIR: binary, man page, rule file, examples
#   make deb        the Debian package into build/deb/; make deb-check installs it and audits with it
#   make fuzz-build, make fuzz [FUZZ_SECONDS=600], make fuzz-merge, make fuzz-regress
#                   libFuzzer targets of the parsers (fuzz/README.md); fuzz-regress runs in check
#   make bench      mentor-audit against wget2 on a generated corpus (bench/README.md);
#                   make bench-rss, make bench-parse, make bench-threads, make bench-latency

CC      ?= cc
PKGS    := libcurl libxml-2.0 libpcre2-8 libpsl zlib jansson poppler-glib libzip tesseract lept libgsf-1 uchardet libidn2 xlsxwriter
BUILD   ?= build
OBJ      = $(BUILD)/obj
VERSION := 0.1.0

OPTFLAGS ?= -O2 -g
# `make V=1` shows the full compiler command lines.
ifeq ($(V),1)
Q :=
else
Q := @
endif
WARNINGS := -std=c11 -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wvla -Wundef -Werror
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DMA_VERSION='"$(VERSION)"' -I.
ifneq ($(SANITIZE),)
SANFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm
ALL_CFLAGS  = $(WARNINGS) $(OPTFLAGS) $(SANFLAGS) -pthread $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) -pthread $(LDFLAGS)

# Layers, lowest first; each may use only the ones before it.
LIB_SRCS := $(wildcard core/*.c) $(wildcard parsers/*.c) $(wildcard rules/*.c) \
            $(wildcard crawler/*.c) $(wildcard reports/*.c) $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(OBJ)/%.o) $(OBJ)/gen/rules_builtin.o
LIB      := $(BUILD)/libmentor.a
BIN      := $(BUILD)/mentor-audit

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# Shared test code (tests/unit/support/), linked into every unit test binary.
UNIT_SUPPORT_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard tests/unit/support/*.c))
UNIT_SUPPORT_HDRS := $(wildcard tests/unit/support/*.h)
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka)
CMOCKA_LIBS   = $(shell pkg-config --libs cmocka)
SERVER    := $(BUILD)/fixture-server
SERVER_SRCS := $(wildcard fixtures/server/*.c)

.PHONY: checksrc
.PHONY: all deps deps-test deps-extra demo test unit integration corpus check check-valgrind check-hostile \
        clean fixture-server install uninstall deb deb-check

all: $(BIN)

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The default rule file is compiled in, so the binary runs without --rules.
$(BUILD)/gen/rules_builtin.c: rules/mentor.rules scripts/embed.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed.sh $< rules_builtin > $@.tmp && mv $@.tmp $@

$(OBJ)/gen/rules_builtin.o: $(BUILD)/gen/rules_builtin.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(OBJ)/src/main.o $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(UNIT_SUPPORT_OBJS): ALL_CFLAGS += $(CMOCKA_CFLAGS)

# test_crawl, test_warc and test_audit start $(SERVER) (tests/unit/support/fixture_site.c):
# order-only, so a clean build dir has it and a new server relinks no test.
$(BUILD)/tests/%: tests/unit/%.c $(UNIT_SUPPORT_OBJS) $(UNIT_SUPPORT_HDRS) $(LIB) | $(SERVER)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(UNIT_SUPPORT_OBJS) $(LIB) \
		$(PKG_LIBS) $(CMOCKA_LIBS)

# A full disk for one process, by LD_PRELOAD (tests/shim/enospc.c; tests/integration/disk.sh).
# Never sanitized: it runs inside the binary under test, whichever build that is.
SHIM := $(BUILD)/tests/enospc.so
$(SHIM): tests/shim/enospc.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  SHIM    $@")
	$(Q)$(CC) $(WARNINGS) $(OPTFLAGS) -fPIC -shared -o $@ $< -ldl

fixture-server: $(SERVER)
$(SERVER): $(SERVER_SRCS) $(wildcard fixtures/server/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  SERVER  $@")
	$(Q)$(CC) $(WARNINGS) $(OPTFLAGS) $(SANFLAGS) -D_GNU_SOURCE -I. $(shell pkg-config --cflags libmicrohttpd zlib) \
		$(ALL_LDFLAGS) -o $@ $(SERVER_SRCS) $(shell pkg-config --libs libmicrohttpd zlib) -lpthread

# What make and make demo need: nothing of the tests'.
deps:
	@sh scripts/deps.sh

# What make test needs besides.
deps-test:
	@sh scripts/deps.sh --test

# What make bench, make fuzz and make check-valgrind need besides (and deps-test's).
deps-extra:
	@sh scripts/deps.sh --extra

# The main job and the tests install what they need first, then build in a
# fresh make so that pkg-config sees the packages just installed.
demo: deps
	@$(MAKE) --no-print-directory $(BIN) fixture-server
	@sh scripts/demo.sh

# CI's `make test`: the unit and integration tests of a build with
# AddressSanitizer and UndefinedBehaviorSanitizer (any report fails the run).
# The plain build is made too: the memory bounds of faults.sh are measured on it.
test: deps-test
	@$(MAKE) --no-print-directory build/mentor-audit
	@$(MAKE) --no-print-directory SANITIZE=address,undefined BUILD=build-asan \
		RSS_BIN=build/mentor-audit check

# The integration scripts, tests/integration/NAME.sh, in the order make check and
# make integration run them (the first to fail stops the run). Each gets BIN and
# FIXTURE_SERVER but demo_deps.sh, which builds a fresh clone of its own; faults.sh
# and hostile.sh also get RSS_BIN, the build their memory bounds are measured on;
# threads.sh and jit.sh get it as FAST_BIN: they audit the whole corpus several
# times to compare verdicts, which the plain build does in a fraction of the time
# (corpus.sh audits it once with BIN, under the sanitizers: the tuning set it gates;
# make corpus audits and measures the held-out sites too).
INTEGRATION_SCRIPTS := run features crawl faults private reports trend resume disk shards safety office docs hostile threads \
                       corpus jit indicators demo_deps
integration_env = $(if $(filter demo_deps,$(1)),,BIN=$(BIN) FIXTURE_SERVER=$(SERVER) SHIM=$(SHIM))$(if \
                  $(filter faults hostile,$(1)), RSS_BIN=$(RSS_BIN))$(if \
                  $(filter threads jit,$(1)), FAST_BIN=$(RSS_BIN))$(if \
                  $(filter corpus,$(1)), CORPUS_SET=tune)
define run_integration
@t0=$$(date +%s); $(call integration_env,$(1)) sh tests/integration/$(1).sh; rc=$$?; \
	echo "$(1): took $$(($$(date +%s) - t0)) s"; exit $$rc

endef

check: checksrc $(BIN) $(UNIT_BINS) $(SERVER) $(SHIM) fuzz-regress
	@sh tests/run-unit.sh $(UNIT_BINS)
	$(foreach t,$(INTEGRATION_SCRIPTS),$(call run_integration,$(t)))

# disk.sh with its slower cases at the testers' scale (HOSTILE=1): --org-time with the
# default --timeout against sites that never answer, and 80 organisations whose --warc
# archive fills the disk midway. Not in make check.
check-hostile: $(BIN) $(SERVER) $(SHIM)
	@HOSTILE=1 $(call integration_env,disk) sh tests/integration/disk.sh

# The source style (scripts/checksrc.sh): cleanup label, no assignment in an if,
# functions and files under their limits, Russian words only where people read them.
checksrc:
	@sh scripts/checksrc.sh

unit: $(UNIT_BINS)
	@sh tests/run-unit.sh $(UNIT_BINS)

integration: $(BIN) $(SERVER) $(SHIM)
	$(foreach t,$(INTEGRATION_SCRIPTS),$(call run_integration,$(t)))

# The integration suite with every mentor-audit run under valgrind memcheck (slow: minutes).
check-valgrind: deps-extra
	@$(MAKE) --no-print-directory $(BIN) $(SERVER)
	@sh tests/valgrind/run.sh $(BIN)

corpus: $(BIN) $(SERVER)
	@BIN=$(BIN) FIXTURE_SERVER=$(SERVER) sh tests/integration/corpus.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, its manual page
# (gzipped, as Debian keeps them), the default rule file (a copy to edit:
# the binary has it built in) and the cron and systemd examples, their
# paths made the installed ones (/usr/local/ read as PREFIX). make
# uninstall removes exactly those files.
PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
MAN1DIR  = $(PREFIX)/share/man/man1
DATADIR  = $(PREFIX)/share/mentor-audit
EXDIR    = $(PREFIX)/share/doc/mentor-audit/examples
EXAMPLES := mentor-audit.service mentor-audit.timer mentor-audit.cron README.md

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(EXDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/mentor-audit
	gzip -9n < docs/mentor-audit.1 > $(DESTDIR)$(MAN1DIR)/mentor-audit.1.gz
	chmod 644 $(DESTDIR)$(MAN1DIR)/mentor-audit.1.gz
	install -m 644 rules/mentor.rules $(DESTDIR)$(DATADIR)/mentor.rules
	$(foreach f,$(EXAMPLES),sed 's|/usr/local/|$(PREFIX)/|g' examples/$(f) \
		> $(DESTDIR)$(EXDIR)/$(f) && chmod 644 $(DESTDIR)$(EXDIR)/$(f) &&) true

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mentor-audit $(DESTDIR)$(MAN1DIR)/mentor-audit.1.gz \
		$(DESTDIR)$(DATADIR)/mentor.rules $(addprefix $(DESTDIR)$(EXDIR)/,$(EXAMPLES))
	-rmdir $(DESTDIR)$(EXDIR) $(DESTDIR)$(PREFIX)/share/doc/mentor-audit $(DESTDIR)$(DATADIR) 2>/dev/null

# make deb: the Debian package (debian/), built by dpkg-buildpackage from a
# copy of the sources in build/deb/, so the tree gets none of the build's
# files (dpkg-buildpackage writes beside the source directory and into
# debian/); the .deb lands in build/deb/. It installs the packages it needs
# first (scripts/deps.sh --deb: debhelper, dpkg-dev, lintian). make
# deb-check builds it, installs it with dpkg, audits the demo's sites with
# it and removes it (tests/integration/deb.sh, not in make test: it installs a
# system package; root or sudo).
DEB_DIR  := build/deb
DEB_SRCS := Makefile LICENSE README.md core parsers rules crawler reports src docs examples debian \
            scripts/embed.sh bench/bench.mk fuzz/fuzz.mk

deb:
	@sh scripts/deps.sh --deb
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/mentor-audit-$(VERSION)
	tar -cf - $(DEB_SRCS) | tar -xf - -C $(DEB_DIR)/mentor-audit-$(VERSION)
	test "$$(dpkg-parsechangelog -l debian/changelog -S Version)" = "$(VERSION)"
	cd $(DEB_DIR)/mentor-audit-$(VERSION) && dpkg-buildpackage -b -us -uc
	@ls -l $(DEB_DIR)/*.deb

deb-check: $(BIN) $(SERVER)
	@BIN=$(BIN) FIXTURE_SERVER=$(SERVER) sh tests/integration/deb.sh

clean:
	rm -rf $(BUILD)

include bench/bench.mk
include fuzz/fuzz.mk

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
