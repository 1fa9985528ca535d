# SPDX-License-Identifier: GPL-2.0-or-later
# kvmboot: plain Makefile. `make`, `make check`, `make demo`, `make bench`,
# `make install PREFIX=/usr/local`, `make fuzz`. Switches: V=1 (show
# commands), SANITIZE=address,undefined (SANITIZE_RECOVER= lets UBSan go on
# after a report), WERROR=1, BUILD=DIR (objects), BIN_DIR=DIR (binaries;
# default bin).

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/kvmboot
MANDIR    ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

CC        ?= cc
PKGS      := libtracefs libtraceevent libtracecmd sqlite3 libdw
CFLAGS    ?= -O2 -g
WARNINGS  := -Wall -Wextra -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes \
             -Wold-style-definition -Wshadow -Wpointer-arith -Wcast-qual \
             -Wwrite-strings -Wvla -Wundef -Wno-missing-field-initializers \
             -Wno-format-truncation
# (messages are cut to their buffers on purpose: truncation is not a bug here)
BUILD     ?= build
BIN_DIR   ?= bin
SANITIZE  ?=
SANITIZE_RECOVER ?= -fno-sanitize-recover=all

ifneq ($(WERROR),)
WARNINGS  += -Werror
endif
ifneq ($(findstring clang,$(CC)),)
WARNINGS  += -Wno-unknown-warning-option
endif
ifneq ($(SANITIZE),)
CFLAGS    += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer $(SANITIZE_RECOVER)
LDFLAGS   += -fsanitize=$(SANITIZE)
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS  = -std=gnu11 -D_GNU_SOURCE -DKVMBOOT_VERSION='"$(VERSION)"' \
              $(WARNINGS) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP

ifeq ($(V),1)
Q :=
else
Q := @
endif

SCHEMA_OBJS    := $(BUILD)/schema/db.o $(BUILD)/schema/caller_vfs.o $(BUILD)/schema/schema-sql.o \
                  $(BUILD)/common/message.o $(BUILD)/common/caller.o $(BUILD)/common/outfile.o \
                  $(BUILD)/common/path.o $(BUILD)/common/text.o
COLLECTOR_PURE := $(addprefix $(BUILD)/collector/, parse.o points.o options.o \
                  console.o textrules.o decode.o summary.o sysinfo.o elfsym.o \
                  import_parse.o import_trace.o pidmap.o wallclock.o \
                  import_input.o vmm_output.o merge.o)
COLLECTOR_OBJS := $(COLLECTOR_PURE) $(addprefix $(BUILD)/collector/, tracing.o event_fields.o \
                  import_tracedat.o launch.o orphans.o signals.o store.o vmm_version.o \
                  uprobes.o instance.o janitor.o collect_setup.o collect_sides.o collect_batch.o \
                  collect_ab.o \
                  collect_boot.o collect_run.o collect_watch.o collect_import.o collect_merge.o main.o)
# The reporter, by concern: analysis (pure statistics and decisions),
# data (reading the database), rendering (tables, text, HTML), charts
# (gnuplot's and SVG's), site (the report page), commands.
REPORTER_PURE  := $(addprefix $(BUILD)/reporter/, \
                  $(addprefix analysis/, stats.o mannwhitney.o bootstrap.o values.o series.o span.o \
                    stages.o ks.o gate_stats.o changepoint.o cp_rank.o cp_test.o cp_effect.o \
                    cp_drift.o cp_place.o) \
                  $(addprefix rendering/, table.o table_spool.o render_text.o render_data.o html.o \
                    time_line.o) \
                  $(addprefix charts/, gnuplot.o palette.o svg.o svg_spark.o svg_trend.o \
                    svg_bars.o svg_dist.o svg_waterfall.o) \
                  data/dates.o site/site_files.o)
REPORTER_OBJS  := $(REPORTER_PURE) $(addprefix $(BUILD)/reporter/, main.o cli.o report.o \
                  $(addprefix data/, select.o catalog.o boots.o parallel.o mapping.o grouping.o \
                    group_done.o shard.o windows.o console.o measure.o history.o \
                    history_changes.o) \
                  $(addprefix rendering/, gate_render.o gate_cells.o terminal.o summary_table.o boot_table.o) \
                  $(addprefix charts/, plot.o plot_trend.o plot_timeline.o plot_dist.o) \
                  $(addprefix site/, site_load.o site_read.o site_plan.o site_gate.o \
                    site_changes.o site_draw.o page.o page_index.o page_series.o page_changes.o \
                    page_session.o page_boot.o) \
                  $(addprefix commands/, stage_load.o gate_sides.o gate_judge.o \
                    export_openmetrics.o) \
                  $(addprefix commands/cmd_, sessions.o runs.o show.o summary.o compare.o \
                    export.o sql.o console.o plot.o gate.o time.o changes.o html.o))
UNIT_TESTS     := $(addprefix $(BUILD)/tests/unit/, test_points test_options \
                  test_decode test_summary test_schema test_stats \
                  test_table test_gnuplot test_console test_elfsym \
                  test_import_parse test_import_trace test_import_input test_wallclock test_outfile \
                  test_caller test_vmm_output test_series test_values test_text test_span test_gate_stats \
                  test_changepoint test_dates test_palette test_html test_svg test_time_line \
                  test_site_files)
GUESTS         := $(BUILD)/guest/synth-bios.bin $(BUILD)/guest/stub-bzimage.bin
MAN_PAGES      := $(addprefix $(BUILD)/man/, kvmboot-collect.1 kvmboot-report.1 \
                  kvmboot-stap.1 kvmboot.5)

.PHONY: all binaries guests man unit-tests fuzz-targets fuzz check check-builds demo bench test-patches test-patches-upstream install uninstall deps deb clean
all: binaries guests man

binaries: $(BIN_DIR)/kvmboot-collect $(BIN_DIR)/kvmboot-report

guests: $(GUESTS)

$(BIN_DIR)/kvmboot-collect: $(COLLECTOR_OBJS) $(SCHEMA_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BIN_DIR)/kvmboot-report: $(REPORTER_OBJS) $(SCHEMA_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs sqlite3 2>/dev/null) -lm -pthread

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/schema/schema-sql.o: schema/schema-sql.S schema/schema.sql
	@mkdir -p $(@D)
	@echo "  AS      $@"
	$(Q)$(CC) -c -DSCHEMA_SQL_PATH='"schema/schema.sql"' -o $@ $<

# Manual pages: scdoc sources in man/, with the installed data directory
# filled in (rebuilt when DATADIR changes).
man: $(MAN_PAGES)

$(BUILD)/man/datadir: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

$(BUILD)/man/%: man/%.scd $(BUILD)/man/datadir
	@command -v scdoc >/dev/null || { echo "scdoc is missing: apt-get install scdoc (or make deps)" >&2; exit 1; }
	@echo "  MAN     $@"
	$(Q)sed 's|@DATADIR@|$(DATADIR)|g' $< | scdoc > $@.tmp && mv $@.tmp $@

.PHONY: FORCE
FORCE:

# Test guests: real-mode code, assembled and linked flat at offset 0.
$(BUILD)/guest/%.bin: tests/guest/%.S
	@mkdir -p $(@D)
	@echo "  GUEST   $@"
	$(Q)$(CC) -c -o $(BUILD)/guest/$*.o $<
	$(Q)ld -Ttext=0 --oformat binary -o $@ $(BUILD)/guest/$*.o

$(BUILD)/bench/bare-boot: bench/bare-boot.c $(BUILD)/collector/launch.o \
			$(BUILD)/collector/orphans.o
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

$(BUILD)/bench/mono-exec: bench/mono-exec.c
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

$(BUILD)/bench/gen-history: bench/gen-history.c $(SCHEMA_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench/gen-changes: bench/gen-changes.c $(SCHEMA_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# Unit tests link the pure modules only: no kernel, no tracefs.
UNIT_LINK := $(COLLECTOR_PURE) $(REPORTER_PURE) $(SCHEMA_OBJS)
$(BUILD)/tests/unit/test_%: tests/unit/test_%.c tests/unit/unit.h $(UNIT_LINK)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -I. -o $@ $< $(UNIT_LINK) $(PKG_LIBS) -lm

unit-tests: $(UNIT_TESTS)

# Fuzz harnesses (tests/fuzz, one per target): clang's libFuzzer with
# ASan/UBSan, built into build/fuzz; each links the pure modules it needs.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_LINK    := $(addprefix $(BUILD)/collector/, parse.o points.o console.o textrules.o \
                decode.o elfsym.o import_parse.o) $(BUILD)/common/text.o
FUZZ_MAKE     = $(MAKE) --no-print-directory CC=clang BUILD=build/fuzz \
                SANITIZE=address,undefined,fuzzer-no-link fuzz-targets

$(BUILD)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LINK)
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -I. -o $@ $< $(FUZZ_LINK) $(PKG_LIBS)

fuzz-targets: $(addprefix $(BUILD)/tests/fuzz/fuzz_,$(FUZZ_TARGETS))

# Each target for FUZZ_SECONDS (default 60); FUZZ_MERGE=1 keeps what it
# found in tests/fuzz/corpus (see tests/fuzz/README.md).
fuzz: deps
	$(Q)$(FUZZ_MAKE)
	$(Q)tests/fuzz/run build/fuzz/tests/fuzz

deps:
	@scripts/install-deps

# The README's test command: installs what is missing, builds with -Werror,
# unit tests and fuzz harnesses (over their corpus) under ASan/UBSan, then
# the bats suite against real QEMU/KVM, with bin/ and again with binaries
# built with ASan/UBSan. Those are clang's: gcc 12's UBSan writes to
# stderr whatever log_path says, and tests compare stderr. UBSan goes on
# after a report there, so that a collector still removes its tracefs
# instance (the report fails the test all the same: tests/bats/helpers.bash).
SAN_BIN := build/clang-san/bin
# The files of that second run: every command of both binaries (the
# collector's launch, --ab, --watch, --import, --merge, --started-at, console
# text and point tables; every reporter command, gate and html included, in
# report.bats's and hostile-text.bats's sweeps, dates as typed, every export
# format), hostile text and the error paths. Left out, for time (each file
# takes about as long sanitized as not; make check must stay under 10
# minutes): collect.bats (30 s), gate.bats (20 s), changes.bats and
# html.bats (72 and 81 boots in setup_file), uprobes.bats (its ELF
# reading is fuzzed instead), and sudo, kill, namespace and
# crosscheck (the collector's surroundings more than its parsing, 25 s);
# manpages and completion (--help text only); the files that never run
# KVMBOOT_BIN (patches, install, debian). SANITIZED_BATS=all: every file. In the files
# run, tests tagged sanitized-elsewhere are not: another test of the file
# runs each of their commands on the same data (tests/run-tests).
SANITIZED_BATS ?= ab.bats bad-input.bats console.bats conventions.bats export.bats \
                  fleet.bats hostile-text.bats import.bats plot.bats report-input.bats \
                  report.bats spans.bats started-at.bats watch.bats

# make check builds four ways: on every core, which halves its build time.
CHECK_JOBS := -j$(shell nproc 2>/dev/null || echo 1)

# bin/ first; the other three builds (check-builds) run beside the suite
# against bin/, at the lowest priority: that suite mostly waits for QEMU
# (tests/run-tests --build-meanwhile). Named through a variable: a recipe
# line that says $(MAKE) itself would run even under make -n.
CHECK_BUILDS = $(MAKE) --no-print-directory check-builds

check: deps
	$(Q)$(MAKE) --no-print-directory $(CHECK_JOBS) WERROR=1 all
	$(Q)SANITIZED_BATS="$(SANITIZED_BATS)" tests/run-tests build/san/tests/unit \
		--fuzz build/fuzz/tests/fuzz --sanitized-bin $(SAN_BIN) \
		--build-meanwhile "$(CHECK_BUILDS)"

# What make check tests besides bin/: the unit tests under gcc's ASan and
# UBSan, the binaries under clang's, the fuzz harnesses.
check-builds:
	$(Q)$(MAKE) --no-print-directory $(CHECK_JOBS) WERROR=1 BUILD=build/san \
		SANITIZE=address,undefined unit-tests
	$(Q)$(MAKE) --no-print-directory $(CHECK_JOBS) WERROR=1 CC=clang BUILD=build/clang-san \
		BIN_DIR=$(SAN_BIN) SANITIZE=address,undefined SANITIZE_RECOVER= binaries
	$(Q)$(FUZZ_MAKE) $(CHECK_JOBS) WERROR=1

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/bench/bare-boot $(BUILD)/bench/mono-exec \
		$(BUILD)/bench/gen-history $(BUILD)/bench/gen-changes
	$(Q)bench/collector-overhead
	$(Q)bench/collector-session
	$(Q)bench/report-speed
	$(Q)bench/report-memory
	$(Q)bench/changes-accuracy
	$(Q)bench/html-speed
	$(Q)bench/import-speed
	$(Q)bench/merge-speed

# The patches of patches/, proven on Debian 12's sources (about a minute;
# seabios and qemu also run in make check).
PATCH_CHECKS = tests/patches/seabios tests/patches/qemu-optionrom tests/patches/linux

# patches/ on Debian 12's sources; -upstream: on the newest upstream releases.
test-patches test-patches-upstream: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)for check in $(PATCH_CHECKS); do \
		KVMBOOT_PATCH_SOURCE=$(if $(findstring upstream,$@),upstream,debian) $$check || exit 1; \
	done

INSTALLED_BINS    := kvmboot-collect kvmboot-report kvmboot-stap
PATCH_COMPONENTS  := seabios qemu linux qboot

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN_DIR)/kvmboot-collect $(BIN_DIR)/kvmboot-report stap/kvmboot-stap $(DESTDIR)$(BINDIR)/
	install -m 644 schema/schema.sql $(DESTDIR)$(DATADIR)/
	install -m 755 stap/kvmboot.stp $(DESTDIR)$(DATADIR)/
	install -m 644 -D -t $(DESTDIR)$(DATADIR)/patches patches/README.md
	for c in $(PATCH_COMPONENTS); do \
		install -m 644 -D -t $(DESTDIR)$(DATADIR)/patches/$$c patches/$$c/* || exit 1; \
	done
	install -m 644 -D -t $(DESTDIR)$(MANDIR)/man1 $(filter %.1,$(MAN_PAGES))
	install -m 644 -D -t $(DESTDIR)$(MANDIR)/man5 $(filter %.5,$(MAN_PAGES))
	install -m 644 -D completion/kvmboot $(DESTDIR)$(BASHCOMPDIR)/kvmboot-report
	ln -sf kvmboot-report $(DESTDIR)$(BASHCOMPDIR)/kvmboot-collect

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(INSTALLED_BINS))
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/,$(patsubst $(BUILD)/man/%,man1/%,$(filter %.1,$(MAN_PAGES))) \
		$(patsubst $(BUILD)/man/%,man5/%,$(filter %.5,$(MAN_PAGES))))
	rm -f $(DESTDIR)$(BASHCOMPDIR)/kvmboot-report $(DESTDIR)$(BASHCOMPDIR)/kvmboot-collect

# A Debian package (debian/), built from a copy of the source tree in
# DEB_DIR, where dpkg-buildpackage leaves kvmboot_VERSION_ARCH.deb (and not
# in the directory above the checkout).
DEB_DIR ?= build/deb

deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || \
		{ echo "make deb needs dpkg-dev and debhelper: apt-get install dpkg-dev debhelper (or make deps)" >&2; exit 1; }
	rm -rf $(DEB_DIR)/kvmboot $(DEB_DIR)/kvmboot_* $(DEB_DIR)/kvmboot-dbgsym_*
	mkdir -p $(DEB_DIR)/kvmboot
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			tar --null --ignore-failed-read -T - -cf - | tar -xf - -C $(DEB_DIR)/kvmboot; \
	else \
		tar --exclude=./build --exclude=./bin --exclude=./demo -cf - . | tar -xf - -C $(DEB_DIR)/kvmboot; \
	fi
	cd $(DEB_DIR)/kvmboot && dpkg-buildpackage -b -us -uc --jobs-try=auto
	@ls $(DEB_DIR)/*.deb

clean:
	rm -rf build bin

# Dependency files of our objects (build/patches holds others' source trees).
-include $(shell find $(BUILD) -path $(BUILD)/patches -prune -o -name '*.d' -type f -print 2>/dev/null)
