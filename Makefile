# tock — see README.md. `make` builds ./tock; `make test` runs every test.
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
PKGS     = ncursesw sqlite3 libcurl libcjson

CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wmissing-prototypes \
           -Wstrict-prototypes -Wwrite-strings -Wundef -Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN    += -Werror
endif
ifeq ($(CI),true)
WARN    += -Werror
endif
# iniparser ships no .pc file on Debian 12; later releases do. Ask pkg-config first, else use the
# folder Debian puts its headers in.
INIPARSER_CFLAGS ?= $(shell pkg-config --cflags iniparser 2>/dev/null || \
                      { test -f /usr/include/iniparser/iniparser.h && echo -I/usr/include/iniparser; })
# libpq's header only: src/store_db_pg.c opens libpq with dlopen when a PostgreSQL database is
# first opened, so a tock on sqlite never loads it.
LIBPQ_CFLAGS ?= $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Iinclude \
            $(INIPARSER_CFLAGS) $(LIBPQ_CFLAGS) $(shell pkg-config --cflags $(PKGS))
# libcurl is not linked: src/zoho_curl_load.c opens it with dlopen when Zoho is first used, so the
# commands that never talk to Zoho do not load it and its ~30 libraries at every start. Nor is
# libcjson (its header only): src/json_cjson_load.c opens it at the first JSON document read.
# sqlite, ncurses and iniparser are linked in from their archives when installed (their -dev
# packages ship them): the shared libraries' ~2,100 symbol relocations, done by the dynamic
# loader at every start (they are built BIND_NOW), were 40 % of what `tock status` cost
# (issue 21). STATIC_LINK=0 links them all shared.
STATIC_LINK ?= 1
LIBDIR  := $(shell pkg-config --variable=libdir sqlite3)
comma   := ,
static   = $(if $(and $(filter 1,$(STATIC_LINK)),$(wildcard $(LIBDIR)/lib$(1).a)),\
               -Wl$(comma)-Bstatic -l$(1) -Wl$(comma)-Bdynamic,-l$(1))
statics  = $(foreach l,$(patsubst -l%,%,$(filter -l%,$(1))),$(call static,$(l)))
LDLIBS  += $(call statics,$(shell pkg-config --libs ncursesw sqlite3)) \
           $(call static,iniparser) -lm -ldl
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRCS     = $(wildcard src/*.c)
OBJS     = $(SRCS:src/%.c=$(BUILD)/%.o)
LIBOBJS  = $(filter-out $(BUILD)/main.o,$(OBJS))
UNITSRC  = $(wildcard tests/unit/*.c)
UNITOBJ  = $(UNITSRC:tests/unit/%.c=$(BUILD)/unit/%.o)

# Quiet rules unless V=1.
ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all test unit asan-test clean install uninstall bench bench-audit bench-import fuzz fuzz-build stress valgrind keydoc man mutate

all: tock

tock: $(BUILD)/tock
	cp $< $@

$(BUILD)/tock: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Each object depends on the headers it includes (-MMD -MP writes build/*.d), not on every header.
DEPFLAGS = -MMD -MP
# gcc's generic x86-64 tuning clears and copies fixed blocks from 64 bytes up with `rep stos`
# and `rep movs`, whose start-up costs tens of cycles. A busy week clears a bill's parts and
# an entry thousands of times, so tock's own code uses vector stores up to 256 bytes and
# glibc's memset and memcpy above that (issue 21: the busy week −0.08 ms of its 4.9). Used only
# where the compiler takes it (gcc on x86-64); TUNE= turns it off.
STRATEGY = vector_loop:256:noalign,libcall:-1:noalign
TUNE    ?= $(shell $(CC) -mmemset-strategy=$(STRATEGY) -mmemcpy-strategy=$(STRATEGY) -x c \
                -c -o /dev/null /dev/null 2>/dev/null && \
                echo -mmemset-strategy=$(STRATEGY) -mmemcpy-strategy=$(STRATEGY))

$(BUILD)/%.o: src/%.c | $(BUILD)
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(DEPFLAGS) $(CPPFLAGS) $(CFLAGS) $(TUNE) -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c $(BUILD)/unit/registry.h
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(DEPFLAGS) $(CPPFLAGS) -I$(BUILD)/unit -Itests/unit $(CFLAGS) -c -o $@ $<

# Every TEST(name) in tests/unit/*.c is registered here, so adding a test is one place.
$(BUILD)/unit/registry.h: $(UNITSRC) | $(BUILD)
	mkdir -p $(BUILD)/unit
	grep -ho '^TEST([A-Za-z_][A-Za-z0-9_]*)' $(UNITSRC) | sed 's/^TEST(\(.*\))/T(\1)/' > $@.tmp && mv $@.tmp $@

$(BUILD)/unit_tests: $(UNITOBJ) $(LIBOBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD):
	mkdir -p $(BUILD)

# The TUI's key list for the man page, generated from the one action table (ui_actions.h).
$(BUILD)/keydoc: tools/keydoc.c src/ui_actions.c include/ui_actions.h | $(BUILD)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ tools/keydoc.c src/ui_actions.c

keydoc: $(BUILD)/keydoc
	$(BUILD)/keydoc man/tock.1

# tock.1's SYNOPSIS and command headings, generated from the command table (src/cli.c);
# tests/test_man.py fails when the page is not current.
man: $(BUILD)/tock
	python3 tools/mansync.py --bin $(BUILD)/tock man/tock.1

unit: $(BUILD)/unit_tests
	$(BUILD)/unit_tests

# STORE=pg runs the suite against PostgreSQL: a throwaway cluster (tests/pgcluster.py) on a
# Unix socket in a temporary folder, a database per test world, removed at the end.
# TEST_ARGS is passed to tests/run.py (e.g. TEST_ARGS="-k test_foundation").
ifeq ($(STORE),pg)
TEST_WRAP = python3 tests/pgcluster.py run --
endif
test: $(BUILD)/tock $(BUILD)/unit_tests $(BUILD)/zoho_probe $(BUILD)/keydoc $(BUILD)/bench/spawn
	TOCK_ZOHO_PROBE=$(abspath $(BUILD)/zoho_probe) TOCK_SPAWN=$(abspath $(BUILD)/bench/spawn) \
	$(TEST_WRAP) python3 tests/run.py --bin $(abspath $(BUILD)/tock) --unit $(abspath $(BUILD)/unit_tests) $(TEST_ARGS)

# The Zoho client on the command line, for tests/test_zoho_client.py (not part of ./tock).
$(BUILD)/zoho_probe: tests/zoho_probe.c $(LIBOBJS)
	$(CC) $(WARN) $(DEPFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ tests/zoho_probe.c $(LIBOBJS) $(LDLIBS)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan-test:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" test

# Benchmarks at scale (not part of `make test`): a generator of synthetic history built from
# the library objects, and a runner that times whole tock processes. Writes only under a
# temporary folder. BENCH_ARGS is passed on (e.g. BENCH_ARGS="--sizes 10000 --runs 5").
$(BUILD)/bench/gen: tests/bench/gen.c $(LIBOBJS)
	@mkdir -p $(BUILD)/bench
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(DEPFLAGS) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDFLAGS) $(LDLIBS)

$(BUILD)/bench/spawn: tests/bench/spawn.c
	@mkdir -p $(BUILD)/bench
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(CFLAGS) -o $@ $<

# The bare-sqlite floor: a bench tool, not part of tock, so it may use sqlite3 directly.
$(BUILD)/bench/floor: tests/bench/floor.c
	@mkdir -p $(BUILD)/bench
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(shell pkg-config --cflags sqlite3) $(CFLAGS) -o $@ $< $(shell pkg-config --libs sqlite3)

# The bare-PostgreSQL floor (pg_bench.py): libpq loaded with dlopen as tock does, one connect
# and one SELECT 1; a bench tool, so it may use libpq directly.
$(BUILD)/bench/pg_floor: tests/bench/pg_floor.c
	@mkdir -p $(BUILD)/bench
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ $< -ldl

# The audit log's price (issue 17): a generator of chained records (sqlite3 directly, with
# tock's own hash) and tock built once more without its audit record, to time `tock add`
# with and without it.
$(BUILD)/bench/audit_gen: tests/bench/audit_gen.c src/audit_chain.c src/sha256.c include/audit_chain.h
	@mkdir -p $(BUILD)/bench
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ tests/bench/audit_gen.c src/audit_chain.c \
	    src/sha256.c $(shell pkg-config --libs sqlite3)

$(BUILD)/bench/store_audit_off.o: src/store_audit.c | $(BUILD)
	@mkdir -p $(BUILD)/bench
	@echo "  CC      $< (no audit)"
	$(Q)$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -DTOCK_BENCH_NO_AUDIT -c -o $@ $<

$(BUILD)/bench/tock-noaudit: $(filter-out $(BUILD)/store_audit.o,$(OBJS)) $(BUILD)/bench/store_audit_off.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bench-audit: $(BUILD)/tock $(BUILD)/bench/tock-noaudit $(BUILD)/bench/audit_gen $(BUILD)/bench/spawn
	python3 tests/bench/audit_bench.py --bin $(abspath $(BUILD)/tock) \
	    --noaudit $(abspath $(BUILD)/bench/tock-noaudit) --gen $(abspath $(BUILD)/bench/audit_gen) \
	    --spawn $(abspath $(BUILD)/bench/spawn) $(AUDIT_BENCH_ARGS)

# Issue 15: a 1M-row import beside a writer (tests/bench/import_bench.py).
bench-import: $(BUILD)/tock $(BUILD)/bench/gen
	python3 tests/bench/import_bench.py --bin $(abspath $(BUILD)/tock) \
	    --gen $(abspath $(BUILD)/bench/gen) $(IMPORT_BENCH_ARGS)

# STORE=pg: the same history on sqlite and PostgreSQL side by side (tests/bench/pg_bench.py).
ifeq ($(STORE),pg)
bench: $(BUILD)/tock $(BUILD)/bench/gen $(BUILD)/bench/spawn $(BUILD)/bench/pg_floor
	python3 tests/bench/pg_bench.py --bin $(abspath $(BUILD)/tock) --gen $(abspath $(BUILD)/bench/gen) \
	    --spawn $(abspath $(BUILD)/bench/spawn) --floor $(abspath $(BUILD)/bench/pg_floor) $(BENCH_ARGS)
else
bench: $(BUILD)/tock $(BUILD)/bench/gen $(BUILD)/bench/spawn $(BUILD)/bench/floor bench-audit bench-import
	python3 tests/bench/bench.py --bin $(abspath $(BUILD)/tock) --gen $(abspath $(BUILD)/bench/gen) \
	    --spawn $(abspath $(BUILD)/bench/spawn) --floor $(abspath $(BUILD)/bench/floor) $(BENCH_ARGS)
endif

# Fuzzing with clang's libFuzzer (+ ASan + UBSan): each harness in tests/fuzz/ runs
# FUZZ_SECONDS, starting from the seeds in tests/fuzz/corpus/<target>/ (read only; what it
# finds goes to build-fuzz/corpus/<target>/). A crash is kept as tests/fuzz/<target>/crash-*
# and fails the target: turn it into a regression test (tests/unit/test_fuzz_regress.c).
# The import harnesses are built once include/import.h (the import readers) is on the branch.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 20
FUZZ_BUILD    = build-fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_LIBOBJS  = $(filter-out $(FUZZ_BUILD)/main.o,$(SRCS:src/%.c=$(FUZZ_BUILD)/%.o))
FUZZ_TARGETS  = duration day money config bizhours json cli zoho row_pack
IMPORT_FORMATS = toggl harvest timew tock
ifneq ($(wildcard include/import.h),)
FUZZ_TARGETS += $(IMPORT_FORMATS:%=import_%)
endif

$(FUZZ_BUILD)/%.o: src/%.c
	@mkdir -p $(FUZZ_BUILD)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(WARN) $(DEPFLAGS) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/fuzz_import_%: tests/fuzz/fuzz_import.c tests/fuzz/fuzz.h $(FUZZ_LIBOBJS)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(WARN) $(CPPFLAGS) -Itests/fuzz -DIMPORT_FORMAT='"$*"' -O1 -g $(FUZZ_SAN) \
	    -fsanitize=fuzzer -o $@ $< $(FUZZ_LIBOBJS) $(LDLIBS)

# Zoho's replies: the harness is the HTTP transport, so zoho_http.o (libcurl) stays out.
$(FUZZ_BUILD)/fuzz_zoho: tests/fuzz/fuzz_zoho.c tests/fuzz/fuzz.h $(FUZZ_LIBOBJS)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(WARN) $(CPPFLAGS) -Itests/fuzz -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer \
	    -o $@ $< $(filter-out $(FUZZ_BUILD)/zoho_http.o,$(FUZZ_LIBOBJS)) $(LDLIBS)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIBOBJS)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(WARN) $(CPPFLAGS) -Itests/fuzz -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer \
	    -o $@ $< $(FUZZ_LIBOBJS) $(LDLIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t tests/fuzz/$$t; \
	    printf '  FUZZ    %-16s %ss ... ' $$t $(FUZZ_SECONDS); \
	    if $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	        -artifact_prefix=tests/fuzz/$$t/ $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t \
	        > $(FUZZ_BUILD)/$$t.log 2>&1; then \
	        grep -o 'cov: [0-9]*' $(FUZZ_BUILD)/$$t.log | tail -1; \
	    else \
	        echo "FAILED"; grep -A30 'ERROR\|invariant\|==ERROR' $(FUZZ_BUILD)/$$t.log | head -40; \
	        ls tests/fuzz/$$t/; exit 1; \
	    fi; \
	    rmdir tests/fuzz/$$t 2>/dev/null || true; \
	done
ifeq ($(wildcard include/import.h),)
	@echo "  TODO    the import readers (toggl, harvest, timew, tock) are not on this branch yet:"
	@echo "          their harnesses (tests/fuzz/fuzz_import.c) build once include/import.h exists"
endif

# Fault injection at scale (hundreds of kill -9, longer concurrent writing; the same tests run
# small in `make test`), the money property at 3000 cases (300 in `make test`), the billing
# against the reference model on 3,300 random entries instead of 335, then the command line
# under valgrind. Under ~8 minutes.
stress: $(BUILD)/tock $(BUILD)/unit_tests valgrind
	TOCK_STRESS=1 python3 tests/run.py --bin $(abspath $(BUILD)/tock) -k test_faults
	TOCK_STRESS=1 $(BUILD)/unit_tests money_every_view_is_the_invoice
	TOCK_MODEL_WORLDS=60 python3 tests/run.py --bin $(abspath $(BUILD)/tock) -k test_money_model
	TOCK_MODEL_WORLDS=60 python3 tests/run.py --bin $(abspath $(BUILD)/tock) -k test_retainer_model

# A mutation campaign over the money core (not part of `make test`; see docs/TESTING.md).
# MUTATE_ARGS is passed on, e.g. MUTATE_ARGS="--log mutate-run.jsonl --resume" (stop and go on),
# "--files rounding.c,money.c" or "--sample 20". Two workers by default, niced.
mutate:
	nice -n 19 python3 tools/mutate.py $(MUTATE_ARGS)

# The command line's typical paths under valgrind --leak-check=full: no errors, no leaks.
valgrind: $(BUILD)/tock
	python3 tests/valgrind_cli.py --bin $(abspath $(BUILD)/tock)

# The standard places a Debian system (and bash-completion, zsh, fish, man) looks in. Debian's
# zsh and fish read only /usr's vendor folders: under /usr/local, point ZSHDIR at
# /usr/local/share/zsh/site-functions and FISHDIR at /etc/fish/completions (or extend fpath).
DOCDIR   = $(PREFIX)/share/doc/tock
BASHDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHDIR  ?= $(PREFIX)/share/zsh/vendor-completions
FISHDIR ?= $(PREFIX)/share/fish/vendor_completions.d
INSTALLED = $(PREFIX)/bin/tock $(PREFIX)/share/man/man1/tock.1 $(PREFIX)/share/man/man5/tock.5 \
            $(BASHDIR)/tock $(ZSHDIR)/_tock $(FISHDIR)/tock.fish \
            $(PREFIX)/share/tock/tmux/tock.tmux $(DOCDIR)/config.example.ini

install: $(BUILD)/tock
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) \
	    $(DESTDIR)$(FISHDIR) $(DESTDIR)$(PREFIX)/share/tock/tmux \
	    $(DESTDIR)$(DOCDIR)
	install -m 755 $(BUILD)/tock $(DESTDIR)$(PREFIX)/bin/tock
	install -m 644 man/tock.1 $(DESTDIR)$(PREFIX)/share/man/man1/tock.1
	install -m 644 man/tock.5 $(DESTDIR)$(PREFIX)/share/man/man5/tock.5
	install -m 644 contrib/completion/tock.bash $(DESTDIR)$(BASHDIR)/tock
	install -m 644 contrib/completion/_tock $(DESTDIR)$(ZSHDIR)/_tock
	install -m 644 contrib/completion/tock.fish $(DESTDIR)$(FISHDIR)/tock.fish
	install -m 755 contrib/tmux/tock.tmux $(DESTDIR)$(PREFIX)/share/tock/tmux/tock.tmux
	install -m 644 config.example.ini $(DESTDIR)$(DOCDIR)/config.example.ini

uninstall:
	rm -f $(INSTALLED:%=$(DESTDIR)%)
	-rmdir $(DESTDIR)$(PREFIX)/share/tock/tmux $(DESTDIR)$(PREFIX)/share/tock $(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf build build-asan build-fuzz tock

-include $(OBJS:.o=.d) $(UNITOBJ:.o=.d) $(FUZZ_LIBOBJS:.o=.d) $(BUILD)/zoho_probe.d \
         $(BUILD)/bench/gen.d
