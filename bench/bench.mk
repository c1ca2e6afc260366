# bench/bench.mk - the benchmark (issue 7), included by the Makefile.
#
#   make bench          corpus of BENCH_N organisations (1000), served by nginx on
#                       127.0.0.1; mentor-audit and wget2 over it; one table, saved
#                       under bench/results/
#   make bench-rss      mentor-audit alone at 1 000 and 10 000 organisations: peak RSS
#   make bench-parse    CPU per page: libxml2's parse against mentor-audit's page work
#   make bench-threads  mentor-audit alone over the BENCH_N corpus with --threads 1 and 2:
#                       wall time, CPU, peak RSS, the network loop's longest stall
#   make bench-docs     CPU and memory per document (doc_extract against pdftotext and
#                       tesseract) and a whole run over BENCH_DOCS_N organisations (200)
#                       linking the fixture sites' real documents, --threads 1 and 2
#   make bench-latency  BENCH_LATENCY_N organisations (500), BENCH_LATENCY_MS (100) added
#                       to every response, mentor-audit with its politeness defaults:
#                       wall time against the lower bound the defaults imply
#
# Everything generated goes to $(BUILD)/bench/; only the tables are kept, in
# bench/results/. Needs the Debian packages nginx, wget2, time and python3
# (make deps-extra; bench-latency also libnginx-mod-http-echo). See bench/README.md.

BENCH_N      ?= 1000
BENCH_RUNS   ?= 3
BENCH_JOBS   ?= 16
BENCH_PER_HOST ?= 2
# mentor-audit's --threads; empty: its default (the online CPUs).
BENCH_THREADS ?=
# bench-threads: the --threads values, each run BENCH_RUNS times.
BENCH_THREADS_LIST ?= 1 2
# bench-latency: what the server adds to every response, over how many organisations.
BENCH_LATENCY_MS   ?= 100
BENCH_LATENCY_N    ?= 500
BENCH_LATENCY_RUNS ?= 1
# bench-threads and bench-latency: seconds each run waits for the cores to be idle.
BENCH_QUIET_WAIT   ?= 120
# bench-docs: organisations of the whole run, runs of each setting, files of each class,
# reads of each file (OCR'd ones), pdftotext runs of each PDF; 1: also with OMP_THREAD_LIMIT=1.
BENCH_DOCS_N       ?= 200
BENCH_DOCS_RUNS    ?= 1
BENCH_DOCS_PER_CLASS ?= 6
BENCH_DOCS_ITERATIONS ?= 100
BENCH_DOCS_OCR_ITERATIONS ?= 2
BENCH_DOCS_TOOL_RUNS ?= 20
BENCH_DOCS_OMP1    ?= 1
BENCH_PARSE  := $(BUILD)/bench/parse_bench
BENCH_DOC    := $(BUILD)/bench/doc_bench
BENCH_ENV     = BIN=$(BIN) BUILD=$(BUILD) BENCH_N=$(BENCH_N) BENCH_RUNS=$(BENCH_RUNS) \
                BENCH_JOBS=$(BENCH_JOBS) BENCH_PER_HOST=$(BENCH_PER_HOST) BENCH_THREADS=$(BENCH_THREADS) \
                BENCH_THREADS_LIST="$(BENCH_THREADS_LIST)" BENCH_LATENCY_MS=$(BENCH_LATENCY_MS) \
                BENCH_LATENCY_N=$(BENCH_LATENCY_N) BENCH_LATENCY_RUNS=$(BENCH_LATENCY_RUNS) \
                BENCH_QUIET_WAIT=$(BENCH_QUIET_WAIT) BENCH_DOCS_N=$(BENCH_DOCS_N) \
                BENCH_DOCS_RUNS=$(BENCH_DOCS_RUNS) BENCH_DOCS_PER_CLASS=$(BENCH_DOCS_PER_CLASS) \
                BENCH_DOCS_ITERATIONS=$(BENCH_DOCS_ITERATIONS) BENCH_DOCS_OCR_ITERATIONS=$(BENCH_DOCS_OCR_ITERATIONS) \
                BENCH_DOCS_TOOL_RUNS=$(BENCH_DOCS_TOOL_RUNS) BENCH_DOCS_OMP1=$(BENCH_DOCS_OMP1)

.PHONY: bench bench-rss bench-parse bench-threads bench-latency bench-docs

# As `make demo`: packages first, then a fresh make builds with them.
bench: deps-extra
	@$(MAKE) --no-print-directory $(BIN)
	@$(BENCH_ENV) sh bench/run.sh

bench-rss: deps-extra
	@$(MAKE) --no-print-directory $(BIN)
	@$(BENCH_ENV) sh bench/rss.sh

bench-threads: deps-extra
	@$(MAKE) --no-print-directory $(BIN)
	@$(BENCH_ENV) sh bench/threads.sh

bench-latency: deps-extra
	@$(MAKE) --no-print-directory $(BIN)
	@$(BENCH_ENV) sh bench/latency.sh

bench-docs: deps-extra
	@$(MAKE) --no-print-directory $(BIN) $(BENCH_DOC)
	@$(BENCH_ENV) DOC_BENCH=$(BENCH_DOC) sh bench/docs.sh

bench-parse: deps-extra
	@$(MAKE) --no-print-directory $(BENCH_PARSE)
	@$(BENCH_ENV) PARSE_BENCH=$(BENCH_PARSE) sh bench/parse.sh

# Linked as the unit tests are: the library, then the packages' libraries.
$(BENCH_PARSE): bench/parse_bench.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)
-include $(wildcard $(BENCH_PARSE).d)

$(BENCH_DOC): bench/doc_bench.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)
-include $(wildcard $(BENCH_DOC).d)
