/*
 * main.c - parse options, run the audit, write the reports.
 */
#include <libxml/parser.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/file.h"
#include "core/log.h"
#include "crawler/crawl.h"
#include "crawler/warc.h"
#include "parsers/dates.h"
#include "parsers/registry.h"
#include "reports/report.h"
#include "rules/builtin.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "parsers/results.h"
#include "src/audit.h"
#include "src/changes_cmd.h"
#include "src/journal.h"
#include "src/merge.h"
#include "src/shard.h"
#include "src/store.h"
#include "src/cli.h"
#include "src/robots_cmd.h"

#define ERR_LEN 1024

/* `check URL`: a registry of one row, made from the URL. */
static int registry_for_url(struct registry **reg, const char *url, char *err)
{
	struct buf csv;
	char why[ERR_LEN / 2];
	int rc = -1;

	buf_init(&csv, CAP_URL_BYTES * 2 + 64);
	buf_addstr(&csv, "id,name,url\n1,check,\"");
	for (const char *p = url; *p; p++)
		if (buf_add(&csv, p, 1) || (*p == '"' && buf_addc(&csv, '"')))
			break;
	buf_addstr(&csv, "\"\n");
	if (registry_parse(reg, buf_str(&csv), csv.len, why, sizeof(why)) == 0 && (*reg)->nrows == 1)
		rc = 0;
	else
		snprintf(err, ERR_LEN, "not a usable URL: %.400s", url);
	buf_free(&csv);
	return rc;
}

static int load_registry(struct registry **reg, const char *path, char *err)
{
	char *text = NULL;
	size_t len = 0;
	char why[ERR_LEN / 2];
	int rc = -1;

	if (file_read_all(&text, &len, path, CAP_REGISTRY_BYTES, err, ERR_LEN))
		goto out;
	if (registry_parse(reg, text, len, why, sizeof(why))) {
		snprintf(err, ERR_LEN, "%.400s: %s", path, why);
		goto out;
	}
	for (size_t i = 0; i < (*reg)->nissues; i++)
		log_warn("%s:%zu: %s", path, (*reg)->issues[i].line, (*reg)->issues[i].reason);
	if ((*reg)->issues_dropped)
		log_warn("%s: %zu more unreadable records, not listed", path, (*reg)->issues_dropped);
	rc = 0;
out:
	free(text);
	return rc;
}

/* SIGINT / SIGTERM: stop fetching, keep the journal. A second signal ends the process at once. */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	stop_requested = 1;
	signal(sig, SIG_DFL);
}

static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * The run's journal in --out: a new one, or with --resume the interrupted
 * run's, whose finished organisations go to the store (marked restored,
 * summed). as_of (as_of_len bytes) becomes the journal's audit date unless
 * --as-of was given. Returns an exit code (EXIT_OK to go on).
 */
static int start_journal(const struct config *cfg, struct run_store *store, char *as_of,
                         size_t as_of_len, struct journal **journal)
{
	const struct report_input *in = store->in;
	struct journal_key key = {
		.registry_path = cfg->orgs, .registry_digest = journal_registry_digest(in->registry),
		.rows = in->registry->nrows, .as_of = as_of, .rules = cfg->rules ? cfg->rules : "built-in",
	};
	char err[ERR_LEN], was[16] = "";

	*journal = NULL;
	if (file_make_dirs(cfg->out, err, sizeof(err))) {
		log_error("%s", err);
		return EXIT_RUN;
	}
	if (cfg->resume) {
		if (journal_resume(journal, cfg->out, &key, in, store_restored, store, was, sizeof(was),
		                   err, sizeof(err))) {
			log_error("--resume: %s", err);
			return EXIT_INPUT;
		}
		if (!*journal)
			log_warn("--resume: no %s in %s: starting from the beginning", JOURNAL_NAME, cfg->out);
		else if (!cfg->as_of_given)
			snprintf(as_of, as_of_len, "%s", was);
		else if (strcmp(was, as_of) != 0) {
			log_error("--resume: the interrupted run audited as of %s, not %s", was, as_of);
			return EXIT_INPUT;
		}
	}
	if (!*journal && journal_open(journal, cfg->out, &key, err, sizeof(err))) {
		log_error("%s", err);
		return EXIT_RUN;
	}
	store->journal = *journal;
	return EXIT_OK;
}

struct progress {
	FILE *f;
	long long started_ms;
};

static void show_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;

	report_progress(p->f, done, total, crawl_now_ms() - p->started_ms);
}

/*
 * The exit code of an audit whose reports are written. For cron: the
 * reports are there either way; the code says whether to alert, and each
 * reason says so in one line on stderr.
 */
static int finished_code(const struct config *cfg, const struct registry *reg,
                         const struct run_summary *summary)
{
	size_t unread = registry_unread(reg);
	int code = EXIT_OK;

	/* Compared as the reports show it, rounded half-up to one decimal. */
	if (cfg->fail_under >= 0.0 &&
	    (double)report_share_tenths(summary->compliant_share) / 10.0 < cfg->fail_under) {
		log_error("compliant share %.1f%% is below --fail-under %g%%", summary->compliant_share,
		          cfg->fail_under);
		code = EXIT_BELOW;
	}
	/* A record not read makes every share wrong, whatever it is: this outranks --fail-under. */
	if (unread) {
		log_error("%s: %zu registry record%s could not be read and %s not audited; "
		          "listed in %s/summary.md and under registry_issues in %s/results.json",
		          cfg->orgs, unread, unread == 1 ? "" : "s", unread == 1 ? "is" : "are", cfg->out,
		          cfg->out);
		code = EXIT_UNREAD;
	}
	return code;
}

static int run(const struct config *cfg)
{
	struct ruleset *rs = NULL;
	struct registry *reg = NULL, *whole = NULL;
	struct org_result *orgs = NULL;
	struct run_summary summary;
	size_t *stand_in = NULL;
	struct audit_opts ao = { 0 };
	struct progress progress = { 0 };
	struct crawl_stats stats = { 0 };
	struct report_input in = { 0 };
	struct results_snapshot *before = NULL, *after = NULL;
	struct run_changes changes = { 0 };
	struct warc_writer *warc = NULL;
	struct journal *journal = NULL;
	struct run_store store = { 0 };
	char as_of[16];
	char err[ERR_LEN] = "";
	char generated[32];
	time_t now;
	int code = EXIT_RUN;

	if (rules_load_or_builtin(&rs, cfg->rules, err, sizeof(err)) ||
	    (cfg->check_url ? registry_for_url(&reg, cfg->check_url, err)
	                    : load_registry(&reg, cfg->orgs, err))) {
		log_error("%s", err);
		code = EXIT_INPUT;
		goto out;
	}
	/* --shard K/N: from here on the registry is the slice (registry issues stay whole). */
	if (cfg->shard_count) {
		whole = reg;
		if (!(reg = shard_select(whole, cfg->shard_index, cfg->shard_count))) {
			reg = whole;
			whole = NULL;
			log_error("out of memory selecting shard %u/%u", cfg->shard_index, cfg->shard_count);
			goto out;
		}
		log_info("shard %u/%u: %zu of %zu organisations", cfg->shard_index, cfg->shard_count,
		         reg->nrows, whole->nrows);
	}
	/* Read the previous run before fetching anything: a wrong --previous fails at once. */
	if (cfg->previous && changes_load(&before, cfg->previous, err, sizeof(err))) {
		log_error("--previous: %s", err);
		code = EXIT_INPUT;
		goto out;
	}
	in.rules = rs;
	in.registry = reg;
	in.norgs = reg->nrows;
	in.warc_path = cfg->warc;
	in.shard_index = cfg->shard_index;
	in.shard_count = cfg->shard_count;

	/* A resumed run keeps the interrupted run's audit date unless told otherwise (start_journal). */
	snprintf(as_of, sizeof(as_of), "%s", cfg->as_of);
	if (cfg->check_url) {
		/* `check`: one organisation, kept in memory for the explanation. */
		if (!(orgs = calloc(reg->nrows, sizeof(*orgs)))) {
			log_error("out of memory");
			goto out;
		}
		for (size_t i = 0; i < reg->nrows; i++)
			verdict_org_init(&orgs[i], &reg->rows[i]);
		in.orgs = orgs;
	} else {
		/* An audit keeps its organisations in the journal and reads them back for the reports. */
		if (store_init(&store, &in)) {
			log_error("out of memory for %zu organisations", reg->nrows);
			goto out;
		}
		code = start_journal(cfg, &store, as_of, sizeof(as_of), &journal);
		if (code != EXIT_OK)
			goto out;
		code = EXIT_RUN;
		in.org_at = store_org_at;
		in.org_ctx = &store;
		ao.finished = store_finished;
		ao.finished_ctx = &store;
		ao.restored = store.restored;
		ao.crawl.stop = &stop_requested;
		catch_stop_signals();
	}
	if (dates_parse_iso(as_of, &ao.as_of)) {
		log_error("--as-of: not a date: %s", as_of);
		code = EXIT_INPUT;
		goto out;
	}
	ao.jobs = cfg->jobs;
	ao.depth = cfg->depth;
	ao.max_pages = cfg->max_pages;
	ao.crawl.timeout_ms = cfg->timeout_ms;
	ao.crawl.connect_timeout_ms = cfg->connect_timeout_ms;
	ao.org_time_ms = cfg->org_time_ms;
	ao.crawl.per_host = cfg->per_host;
	ao.crawl.per_domain = cfg->per_domain;
	ao.crawl.delay_ms = cfg->delay_ms;
	ao.crawl.robots = !cfg->ignore_robots;
	ao.crawl.cache_dir = cfg->cache;
	ao.crawl.max_transfers = cfg->jobs * cfg->per_host;
	ao.crawl.tries = cfg->tries;
	ao.crawl.retry_delay_ms = 500;
	ao.crawl.cacert = cfg->cacert;
	ao.crawl.user_agent = cfg->user_agent;
	ao.crawl.resolve = &cfg->resolve;
	ao.crawl.connect_to = &cfg->connect_to;
	if (cfg->cache && file_make_dirs(cfg->cache, err, sizeof(err))) {
		log_error("--cache: %s", err);
		code = EXIT_INPUT;
		goto out;
	}
	if (cfg->warc) {
		if (warc_open(&warc, cfg->warc, "mentor-audit/" MA_VERSION, err, sizeof(err))) {
			log_error("--warc: %s", err);
			goto out;
		}
		ao.crawl.warc = warc;
		if (cfg->cache)
			log_info("--warc: conditional requests are off, so every record holds the whole page");
	}
	/* A progress line only for a person watching: never under cron or with --quiet. */
	if (!cfg->quiet && !cfg->check_url && isatty(STDERR_FILENO)) {
		progress.f = stderr;
		progress.started_ms = crawl_now_ms();
		ao.progress = show_progress;
		ao.progress_ctx = &progress;
	}
	switch (audit_run(&ao, rs, reg, orgs, &stats)) {
	case 0:
		break;
	case 1:
		if (ao.progress)
			fputc('\n', stderr);
		log_error("interrupted: the finished organisations are in %s/%s; "
		          "run the same command with --resume to continue", cfg->out, JOURNAL_NAME);
		code = EXIT_INTERRUPTED;
		goto out;
	default:
		log_error("the audit could not complete (out of memory or network set-up failed)");
		goto out;
	}
	if (ao.progress)
		fputc('\n', stderr);
	log_info("%zu requests (%zu retries, %zu robots.txt, %zu not modified), %zu bytes received",
	         stats.requests, stats.retries, stats.robots_fetched, stats.not_modified, stats.bytes);
	if (warc) {
		int rc = warc_close(warc, err, sizeof(err));

		warc = NULL;
		if (rc) {
			log_error("--warc: %s", err);
			goto out;
		}
		if (stats.warc_errors)
			log_warn("--warc: %zu responses could not be archived (see above)", stats.warc_errors);
	}
	if (store.lost) {
		log_error("%s/%s: results could not be kept (see above); no reports written",
		          cfg->out, JOURNAL_NAME);
		goto out;
	}
	if (report_summarize(&in, &summary, &stand_in)) {
		log_error("%s/%s: the results could not be read back (see above)", cfg->out, JOURNAL_NAME);
		goto out;
	}

	now = time(NULL);
	strftime(generated, sizeof(generated), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	in.as_of = as_of;
	in.generated_at = generated;
	in.registry_path = cfg->orgs;
	in.csv_dialect = cfg->csv_dialect;
	if (cfg->check_url) {
		code = report_explain(stdout, &in) ? EXIT_RUN : EXIT_OK;
		goto out;
	}
	if (before) {
		if (changes_snapshot_of(&after, &in, err, sizeof(err)) ||
		    report_changes_compute(&changes, before, after)) {
			log_error("%s", *err ? err : "out of memory comparing with the previous run");
			goto out;
		}
		in.changes = &changes;
	}
	if (report_write_all(cfg->out, &in, err, sizeof(err))) {
		log_error("%s", err);
		goto out;
	}
	/* The reports are in place: the journal has served. */
	if (journal_close(journal, true))
		log_warn("%s/%s: could not remove the journal", cfg->out, JOURNAL_NAME);
	journal = NULL;
	if (!cfg->quiet)
		report_console(stdout, &in, cfg->out);
	code = finished_code(cfg, reg, &summary);
out:
	free(stand_in);
	if (journal_close(journal, false))
		log_error("%s/%s: could not be made durable", cfg->out, JOURNAL_NAME);
	store_free(&store);
	warc_discard(warc);
	report_changes_free(&changes);
	results_free(before);
	results_free(after);
	for (size_t i = 0; orgs && i < reg->nrows; i++)
		verdict_org_clear(&orgs[i]);
	free(orgs);
	if (whole) {
		shard_free(reg);
		reg = whole;
	}
	registry_free(reg);
	rules_free(rs);
	return code;
}

int main(int argc, char **argv)
{
	struct config cfg;
	int code = cli_parse(&cfg, argc, argv);

	if (code != EXIT_OK) {
		cli_free(&cfg);
		return code < 0 ? EXIT_OK : code;
	}
	log_set_level(cfg.verbose ? LOG_INFO : LOG_WARN);
	/* MENTOR_AUDIT_PCRE_JIT=0: interpret the patterns (for valgrind, which cannot follow JIT code). */
	if (getenv("MENTOR_AUDIT_PCRE_JIT") && strcmp(getenv("MENTOR_AUDIT_PCRE_JIT"), "0") == 0)
		rules_use_jit(false);
	if (crawl_global_init()) {
		log_error("cannot initialise libcurl");
		cli_free(&cfg);
		return EXIT_RUN;
	}
	xmlInitParser();
	if (strcmp(cfg.command, "robots") == 0)
		code = robots_command(&cfg);
	else if (strcmp(cfg.command, "diff") == 0)
		code = diff_command(&cfg);
	else if (strcmp(cfg.command, "merge") == 0)
		code = merge_command(&cfg);
	else
		code = run(&cfg);
	xmlCleanupParser();
	crawl_global_cleanup();
	cli_free(&cfg);
	return code;
}
