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
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Iinclude \
            -I/usr/include/iniparser $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -liniparser -lm
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

.PHONY: all test unit asan asan-test clean install bench fuzz stress keydoc

all: tock

tock: $(BUILD)/tock
	cp $< $@

$(BUILD)/tock: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c $(wildcard include/*.h) $(wildcard src/*.h) | $(BUILD)
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c $(wildcard include/*.h) tests/unit/test.h $(BUILD)/unit/registry.h
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(CPPFLAGS) -I$(BUILD)/unit -Itests/unit $(CFLAGS) -c -o $@ $<

# Every TEST(name) in tests/unit/*.c is registered here, so adding a test is one place.
$(BUILD)/unit/registry.h: $(UNITSRC) | $(BUILD)
	mkdir -p $(BUILD)/unit
	grep -ho '^TEST([a-z0-9_]*)' $(UNITSRC) | sed 's/^TEST(\(.*\))/T(\1)/' > $@.tmp && mv $@.tmp $@

$(BUILD)/unit_tests: $(UNITOBJ) $(LIBOBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD):
	mkdir -p $(BUILD)

# The TUI's key list for the man page, generated from the one action table (ui_actions.h).
$(BUILD)/keydoc: tools/keydoc.c src/ui_actions.c include/ui_actions.h | $(BUILD)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ tools/keydoc.c src/ui_actions.c

keydoc: $(BUILD)/keydoc
	$(BUILD)/keydoc man/tock.1

unit: $(BUILD)/unit_tests
	$(BUILD)/unit_tests

test: $(BUILD)/tock $(BUILD)/unit_tests $(BUILD)/zoho_probe $(BUILD)/keydoc
	TOCK_ZOHO_PROBE=$(abspath $(BUILD)/zoho_probe) \
	python3 tests/run.py --bin $(abspath $(BUILD)/tock) --unit $(abspath $(BUILD)/unit_tests)

# The Zoho client on the command line, for tests/test_zoho_client.py (not part of ./tock).
$(BUILD)/zoho_probe: tests/zoho_probe.c $(LIBOBJS) $(wildcard include/*.h)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ tests/zoho_probe.c $(LIBOBJS) $(LDLIBS)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan-test:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" test

install: tock
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 tock $(DESTDIR)$(PREFIX)/bin/tock
	install -m 644 man/tock.1 $(DESTDIR)$(PREFIX)/share/man/man1/tock.1

clean:
	rm -rf build build-asan build-fuzz tock
