# fuzz/fuzz.mk - fuzz targets for the parsers and their corpora as
# regression tests; included by the Makefile (see fuzz/README.md).
#
#   make fuzz-build               the libFuzzer targets (clang) in $(BUILD)/fuzz/
#   make fuzz [FUZZ_SECONDS=600]  run each target on fuzz/corpus/<target>/;
#                                 new inputs go to $(BUILD)/fuzz/new-corpus/<target>/
#   make fuzz-merge               add the new inputs that add coverage to fuzz/corpus/
#   make fuzz-cmin                minimise fuzz/corpus/ (keeps crash-* reproducers)
#   make fuzz-regress             every committed corpus file through its target
#                                 once, with the normal compiler (no clang needed)
#   make fuzz-regress-libfuzzer   the same through the libFuzzer binaries
#
# The library is compiled again for each build: libFuzzer needs clang's
# coverage instrumentation in every object, and sanitizer runtimes of two
# compilers do not mix, so neither build can use $(LIB).

FUZZ_TARGETS := registry html rules robots dates results doc rtf wire content sitemap xlsx
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
# Seconds one input may take before libFuzzer reports it as a hang.
FUZZ_TIMEOUT ?= 25
FUZZ_RSS_MB  ?= 2048
# Extra libFuzzer options for `make fuzz`, e.g. FUZZ_FLAGS=-only_ascii=1.
FUZZ_FLAGS   ?=
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_CORPUS  := fuzz/corpus

# Longest input per target: enough to pass the caps in core/caps.h that the
# parser enforces (a registry field, a rule line, a robots pattern, a link
# text and its context), small enough for mutations to stay fast.
FUZZ_MAXLEN_registry := 131072
FUZZ_MAXLEN_html     := 65536
FUZZ_MAXLEN_rules    := 16384
FUZZ_MAXLEN_robots   := 16384
FUZZ_MAXLEN_dates    := 8192
FUZZ_MAXLEN_results  := 65536
# Documents: the fixtures' PDFs and scans are up to 150 KiB; RTF nests past
# CAP_DOC_RTF_DEPTH and passes CAP_DOC_PAGES well within 64 KiB.
FUZZ_MAXLEN_doc      := 262144
FUZZ_MAXLEN_rtf      := 65536
FUZZ_MAXLEN_wire     := 16384
FUZZ_MAXLEN_content  := 32768
FUZZ_MAXLEN_sitemap  := 65536
FUZZ_MAXLEN_xlsx     := 65536

# What counts as new coverage when inputs enter fuzz/corpus/. HTML inputs are
# large and libxml2 makes hit counts vary without end: edges only keep that
# corpus small. The runs keep their fuller corpus in $(BUILD)/fuzz/new-corpus/.
FUZZ_MERGE_FLAGS_html := -use_counters=0
FUZZ_MERGE_FLAGS_doc  := -use_counters=0
FUZZ_MERGE_FLAGS_rtf  := -use_counters=0

FUZZ_LIB_SRCS := $(wildcard core/*.c) $(wildcard parsers/*.c) $(wildcard rules/*.c) $(wildcard reports/*.c)
FUZZ_SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS    = $(WARNINGS) -g -O1 $(FUZZ_SANFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP

# lf/: clang with libFuzzer's coverage hooks; rp/: $(CC) for the replay driver.
FUZZ_LF_LIB  := $(FUZZ_DIR)/lf/libmentor.a
FUZZ_RP_LIB  := $(FUZZ_DIR)/rp/libmentor.a
FUZZ_LF_OBJS := $(FUZZ_LIB_SRCS:%.c=$(FUZZ_DIR)/lf/obj/%.o) $(FUZZ_DIR)/lf/obj/gen/rules_builtin.o
FUZZ_RP_OBJS := $(FUZZ_LIB_SRCS:%.c=$(FUZZ_DIR)/rp/obj/%.o) $(FUZZ_DIR)/rp/obj/gen/rules_builtin.o
FUZZ_BINS        := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_REPLAY_BINS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/replay_%)
# Reached only through pattern rules; kept so that a second build links nothing.
.SECONDARY: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/lf/obj/fuzz/fuzz_%.o) \
            $(FUZZ_TARGETS:%=$(FUZZ_DIR)/rp/obj/fuzz/fuzz_%.o) $(FUZZ_DIR)/rp/obj/fuzz/replay_main.o
FUZZ_RUNS   := $(FUZZ_TARGETS:%=fuzz-run-%)
FUZZ_MERGES := $(FUZZ_TARGETS:%=fuzz-merge-%)
FUZZ_CMINS  := $(FUZZ_TARGETS:%=fuzz-cmin-%)

.PHONY: fuzz fuzz-build fuzz-merge fuzz-cmin fuzz-regress fuzz-regress-libfuzzer fuzz-replay-build \
        $(FUZZ_RUNS) $(FUZZ_MERGES) $(FUZZ_CMINS)

fuzz-build: $(FUZZ_BINS)

# clang and its libFuzzer runtime come with make deps-extra.
$(FUZZ_BINS): | deps-extra
fuzz-replay-build: $(FUZZ_REPLAY_BINS)

# Fail early, and say what to install, when clang or its libFuzzer runtime is missing.
$(FUZZ_DIR)/lf/cc-ok:
	@mkdir -p $(dir $@)
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "fuzz: no $(FUZZ_CC); install clang and libclang-rt-dev (make fuzz-regress needs neither)" >&2; exit 1; }
	@printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > $(dir $@)probe.c
	@$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $(dir $@)probe $(dir $@)probe.c || { echo "fuzz: $(FUZZ_CC) cannot link -fsanitize=fuzzer; install libclang-rt-dev" >&2; exit 1; }
	@touch $@

$(FUZZ_DIR)/lf/obj/%.o: %.c | $(FUZZ_DIR)/lf/cc-ok
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/lf/obj/gen/rules_builtin.o: $(BUILD)/gen/rules_builtin.c | $(FUZZ_DIR)/lf/cc-ok
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/rp/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (replay)")
	$(Q)$(CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/rp/obj/gen/rules_builtin.o: $(BUILD)/gen/rules_builtin.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (replay)")
	$(Q)$(CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_LF_LIB): $(FUZZ_LF_OBJS)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_RP_LIB): $(FUZZ_RP_OBJS)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/lf/obj/fuzz/fuzz_%.o $(FUZZ_LF_LIB)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) -g -O1 -fsanitize=fuzzer $(FUZZ_SANFLAGS) -o $@ $^ $(PKG_LIBS)

$(FUZZ_DIR)/replay_%: $(FUZZ_DIR)/rp/obj/fuzz/fuzz_%.o $(FUZZ_DIR)/rp/obj/fuzz/replay_main.o $(FUZZ_RP_LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -g $(FUZZ_SANFLAGS) -o $@ $^ $(PKG_LIBS)

# Each target writes what it finds to its own new-corpus/, artifacts/ and
# log, so `make -j2 fuzz` runs two at a time.
fuzz: $(FUZZ_RUNS)

$(FUZZ_RUNS): fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@mkdir -p $(FUZZ_DIR)/new-corpus/$* $(FUZZ_DIR)/artifacts/$* $(FUZZ_DIR)/logs
	@echo "  FUZZ    $* for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/logs/$*.log)"
	$(Q)$(FUZZ_DIR)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAXLEN_$*) \
		-rss_limit_mb=$(FUZZ_RSS_MB) -timeout=$(FUZZ_TIMEOUT) -detect_leaks=1 -print_final_stats=1 \
		$(if $(wildcard fuzz/$*.dict),-dict=fuzz/$*.dict) -artifact_prefix=$(FUZZ_DIR)/artifacts/$*/ \
		$(FUZZ_FLAGS) $(FUZZ_DIR)/new-corpus/$* $(FUZZ_CORPUS)/$* >$(FUZZ_DIR)/logs/$*.log 2>&1 || \
		{ tail -n 60 $(FUZZ_DIR)/logs/$*.log; \
		  echo "fuzz: $* failed; reproducer in $(FUZZ_DIR)/artifacts/$*/" >&2; exit 1; }
	@grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
		$(FUZZ_DIR)/logs/$*.log | sed 's/^/  $*: /'

# Only inputs that add coverage to the committed corpus are copied in.
fuzz-merge: $(FUZZ_MERGES)

$(FUZZ_MERGES): fuzz-merge-%: $(FUZZ_DIR)/fuzz_%
	@mkdir -p $(FUZZ_DIR)/new-corpus/$* $(FUZZ_CORPUS)/$* $(FUZZ_DIR)/artifacts/$*
	$(Q)$(FUZZ_DIR)/fuzz_$* -merge=1 $(FUZZ_MERGE_FLAGS_$*) -max_len=$(FUZZ_MAXLEN_$*) \
		-rss_limit_mb=$(FUZZ_RSS_MB) -timeout=$(FUZZ_TIMEOUT) -artifact_prefix=$(FUZZ_DIR)/artifacts/$*/ \
		$(FUZZ_CORPUS)/$* $(FUZZ_DIR)/new-corpus/$* 2>$(FUZZ_DIR)/merge-$*.log || \
		{ tail -n 30 $(FUZZ_DIR)/merge-$*.log; exit 1; }
	@echo "  MERGE   $*: $$(ls $(FUZZ_CORPUS)/$* | wc -l) files, $$(cat $(FUZZ_CORPUS)/$*/* | wc -c) bytes"

# The smallest set with the same coverage replaces the committed corpus;
# crash-* and regress-* files (reproducers of fixed bugs) are always kept.
fuzz-cmin: $(FUZZ_CMINS)

$(FUZZ_CMINS): fuzz-cmin-%: $(FUZZ_DIR)/fuzz_%
	@rm -rf $(FUZZ_DIR)/cmin/$* && mkdir -p $(FUZZ_DIR)/cmin/$* $(FUZZ_DIR)/new-corpus/$* $(FUZZ_DIR)/artifacts/$*
	$(Q)$(FUZZ_DIR)/fuzz_$* -merge=1 $(FUZZ_MERGE_FLAGS_$*) -max_len=$(FUZZ_MAXLEN_$*) \
		-rss_limit_mb=$(FUZZ_RSS_MB) -timeout=$(FUZZ_TIMEOUT) -artifact_prefix=$(FUZZ_DIR)/artifacts/$*/ \
		$(FUZZ_DIR)/cmin/$* $(FUZZ_CORPUS)/$* $(FUZZ_DIR)/new-corpus/$* \
		2>$(FUZZ_DIR)/cmin-$*.log || { tail -n 30 $(FUZZ_DIR)/cmin-$*.log; exit 1; }
	$(Q)for f in $(FUZZ_CORPUS)/$*/crash-* $(FUZZ_CORPUS)/$*/regress-*; do \
		if [ -f "$$f" ]; then cp "$$f" $(FUZZ_DIR)/cmin/$*/; fi; done
	$(Q)rm -f $(FUZZ_CORPUS)/$*/* && cp $(FUZZ_DIR)/cmin/$*/* $(FUZZ_CORPUS)/$*/
	@echo "  CMIN    $*: $$(ls $(FUZZ_CORPUS)/$* | wc -l) files, $$(cat $(FUZZ_CORPUS)/$*/* | wc -c) bytes"

# `make test` runs this one: gcc and its sanitizer runtimes are enough.
fuzz-regress: $(FUZZ_REPLAY_BINS)
	@sh fuzz/regress.sh $(FUZZ_DIR)/replay_ $(FUZZ_TARGETS)

fuzz-regress-libfuzzer: $(FUZZ_BINS)
	@sh fuzz/regress.sh $(FUZZ_DIR)/fuzz_ $(FUZZ_TARGETS)

-include $(shell find $(FUZZ_DIR)/lf $(FUZZ_DIR)/rp -name '*.d' 2>/dev/null)
