/*
 * audit_cmd.c - `audit` and `check`: read the rules and the registry (or
 * make a registry of check's one URL), keep the results in the journal
 * (audit) or in memory (check), crawl, then write the reports (audit) or
 * explain the verdicts (check), and choose the exit code.
 */
#include "src/audit_cmd.h"

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
#include "core/hash.h"
#include "core/log.h"
#include "crawler/crawl.h"
#include "crawler/warc.h"
#include "parsers/dates.h"
#include "parsers/registry.h"
#include "parsers/url.h"
#include "reports/snapshot.h"
#include "reports/trend.h"
#include "reports/report.h"
#include "rules/builtin.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "core/macros.h"
#include "src/audit.h"
#include "src/changes_cmd.h"
#include "src/journal.h"
#include "src/shard.h"
#include "src/store.h"

/* s as a quoted CSV field's content ("" doubled); false when it does not fit. */
static bool add_quoted(struct buf *b, const char *s)
{
	bool whole = true;

	for (const char *p = s; whole && *p; p++)
		whole = buf_add(b, p, 1) == 0 && (*p != '"' || buf_addc(b, '"') == 0);
	return whole;
}

/* `check URL`: a registry of one row, made from the URL, named by its host (the notice's addressee). */
static int registry_for_url(struct registry **reg, const char *url, char *err)
{
	struct buf csv;
	char why[ERR_LEN / 2], *host = NULL;
	bool whole;
	int rc = -1;

	buf_init(&csv, CAP_URL_BYTES * 4 + 64);
	whole = buf_addstr(&csv, "id,name,url\n1,\"") == 0 &&
	        add_quoted(&csv, url_host(&host, url) == 0 && host ? host : "check") &&
	        buf_addstr(&csv, "\",\"") == 0 && add_quoted(&csv, url) && buf_addstr(&csv, "\"\n") == 0;
	/* A URL past the cap is no usable URL either. */
	if (whole && registry_parse(reg, buf_str(&csv), csv.len, why, sizeof(why)) == 0 && (*reg)->nrows == 1)
		rc = 0;
	else
		snprintf(err, ERR_LEN, "not a usable URL: %.400s", url);
	buf_free(&csv);
	free(host);
	return rc;
}

static int load_registry(struct registry **reg, const char *path, const char *sheet, char *err)
{
	char *text = NULL;
	size_t len = 0;
	char why[ERR_LEN / 2];
	int rc = -1;

	if (file_read_all(&text, &len, path, CAP_REGISTRY_BYTES, err, ERR_LEN))
		goto out;
	if (registry_parse_sheet(reg, text, len, sheet, why, sizeof(why))) {
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
		.registry_path = cfg->orgs, .registry_digest = registry_digest(in->registry),
		.rows = in->registry->nrows, .as_of = as_of, .rules = cfg->rules ? cfg->rules : "built-in",
	};
	char err[ERR_LEN], was[16] = "";

	*journal = NULL;
	if (file_make_dirs(cfg->out, err, sizeof(err))) {
		log_error("%s", err);
		return EXIT_RUN;
	}
	/* A killed run's temporary files go (and a set of reports it wrote whole is put in place). */
	(void)report_recover(cfg->out);
	if (cfg->resume) {
		if (journal_resume(journal, cfg->out, &key, in, store_restored, store, was, sizeof(was),
		                   err, sizeof(err))) {
			log_error("--resume: %s", err);
			return EXIT_INPUT;
		}
		if (!*journal)
			log_warn("--resume: %s: starting from the beginning", err);
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

/* One `audit` or `check`, from its inputs to its reports. */
struct audit_job {
	const struct config *cfg;
	struct ruleset *rs;
	struct registry *reg;         /* with --shard, the slice of whole */
	struct registry *whole;       /* with --shard: the whole registry; else NULL */
	struct org_result *orgs;      /* check: its organisation, in memory; audit: NULL */
	struct results_snapshot *before, *after;  /* --previous, and this run as diff reads it */
	struct run_changes changes;
	struct report_trend *trend;   /* with --previous: the earlier runs beside it */
	const char **trend_ids;       /* the registry's ids, which the trend borrows */
	struct warc_writer *warc;
	struct journal *journal;
	struct run_store store;
	struct report_input in;
	struct audit_opts ao;
	struct progress progress;
	struct crawl_stats stats;
	struct run_summary summary;
	size_t *stand_in;
	struct report_groups groups;  /* --group-by's */
	char as_of[16];
	char generated[32];
	char registry_digest[HASH_DIGEST_LEN];   /* of the whole registry, a shard's too */
	char rules_digest[HASH_DIGEST_LEN];
};

/* The rules, the registry (the shard of it) and --previous: all read before anything is fetched. */
static int load_inputs(struct audit_job *j)
{
	const struct config *cfg = j->cfg;
	char err[ERR_LEN] = "";

	if (rules_load_or_builtin(&j->rs, cfg->rules, err, sizeof(err)) ||
	    (cfg->check_url ? registry_for_url(&j->reg, cfg->check_url, err)
	                    : load_registry(&j->reg, cfg->orgs, cfg->sheet, err))) {
		log_error("%s", err);
		return EXIT_INPUT;
	}
	/* A --group-by column the registry does not have fails before anything is fetched. */
	if (cfg->group_by && report_group_column(j->reg, cfg->group_by) < 0) {
		log_error("--group-by: the registry %s has no column \"%s\" (its columns past id, name and url "
		          "are its header's)", cfg->orgs, cfg->group_by);
		return EXIT_INPUT;
	}
	/* --shard K/N: from here on the registry is the slice (registry issues stay whole). */
	if (cfg->shard_count) {
		j->whole = j->reg;
		j->reg = shard_select(j->whole, cfg->shard_index, cfg->shard_count);
		if (!j->reg) {
			j->reg = j->whole;
			j->whole = NULL;
			log_error("out of memory selecting shard %u/%u", cfg->shard_index, cfg->shard_count);
			return EXIT_RUN;
		}
		log_info("shard %u/%u: %zu of %zu organisations", cfg->shard_index, cfg->shard_count,
		         j->reg->nrows, j->whole->nrows);
	}
	/* Read the previous run before fetching anything: a wrong --previous fails at once. */
	if (cfg->previous && changes_load(&j->before, cfg->previous, err, sizeof(err))) {
		log_error("--previous: %s", err);
		return EXIT_INPUT;
	}
	j->in.rules = j->rs;
	j->in.registry = j->reg;
	j->in.norgs = j->reg->nrows;
	j->in.warc_path = cfg->warc;
	j->in.shard_index = cfg->shard_index;
	j->in.shard_count = cfg->shard_count;
	/* What merge checks: the shards read one registry and were judged by one rule file. */
	hash_digest_text(j->registry_digest, registry_digest(j->whole ? j->whole : j->reg));
	hash_digest_text(j->rules_digest, rules_digest(j->rs));
	j->in.registry_digest = j->registry_digest;
	j->in.rules_digest = j->rules_digest;
	/* A resumed run keeps the interrupted run's audit date unless told otherwise (start_journal). */
	snprintf(j->as_of, sizeof(j->as_of), "%s", cfg->as_of);
	return EXIT_OK;
}

/*
 * Where the results go: `check` keeps its one organisation in memory for
 * the explanation; an audit keeps its organisations in the journal and
 * reads them back for the reports.
 */
static int keep_results(struct audit_job *j)
{
	int code;

	if (j->cfg->check_url) {
		j->orgs = calloc(j->reg->nrows, sizeof(*j->orgs));
		if (!j->orgs) {
			log_error("out of memory");
			return EXIT_RUN;
		}
		for (size_t i = 0; i < j->reg->nrows; i++)
			verdict_org_init(&j->orgs[i], &j->reg->rows[i]);
		j->in.orgs = j->orgs;
		return EXIT_OK;
	}
	if (store_init(&j->store, &j->in)) {
		log_error("out of memory for %zu organisations", j->reg->nrows);
		return EXIT_RUN;
	}
	code = start_journal(j->cfg, &j->store, j->as_of, sizeof(j->as_of), &j->journal);
	if (code != EXIT_OK)
		return code;
	j->in.org_at = store_org_at;
	j->in.org_ctx = &j->store;
	j->ao.finished = store_finished;
	j->ao.finished_ctx = &j->store;
	j->ao.restored = j->store.restored;
	j->ao.crawl.stop = &stop_requested;
	catch_stop_signals();
	return EXIT_OK;
}

/*
 * N shards run at once send N times as much to one parent domain: without
 * --per-domain, each takes its share of the default (at least 1).
 */
static unsigned shard_per_domain(const struct config *cfg)
{
	unsigned share;

	if (!cfg->shard_count || cfg->per_domain_given)
		return cfg->per_domain;
	share = cfg->per_domain / cfg->shard_count;
	if (share < 1)
		share = 1;
	log_info("shard %u/%u: %u at once per parent domain (--per-domain %u shared by %u shards)",
	         cfg->shard_index, cfg->shard_count, share, cfg->per_domain, cfg->shard_count);
	return share;
}

/* This program, to start the documents' reader from (src/sandbox.c); NULL when it cannot be told. */
static const char *self_program(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0 || (size_t)n >= sizeof(path) - 1)
		return NULL;
	path[n] = '\0';
	return path;
}

/* The crawl's settings, as the command line gave them. */
static void crawl_settings(struct audit_opts *ao, const struct config *cfg)
{
	ao->jobs = cfg->jobs;
	ao->threads = cfg->threads;
	ao->depth = cfg->depth;
	ao->max_pages = cfg->max_pages;
	ao->crawl.timeout_ms = cfg->timeout_ms;
	ao->crawl.connect_timeout_ms = cfg->connect_timeout_ms;
	ao->org_time_ms = cfg->org_time_ms;
	ao->doc_time_ms = cfg->doc_time_ms;
	ao->doc_reader = self_program();
	ao->crawl.per_host = cfg->per_host;
	ao->crawl.per_domain = shard_per_domain(cfg);
	ao->crawl.delay_ms = cfg->delay_ms;
	ao->crawl.robots = !cfg->ignore_robots;
	ao->crawl.cache_dir = cfg->cache;
	ao->crawl.max_transfers = cfg->jobs * cfg->per_host;
	ao->crawl.tries = cfg->tries;
	ao->crawl.retry_delay_ms = 500;
	ao->crawl.cacert = cfg->cacert;
	ao->crawl.user_agent = cfg->user_agent;
	ao->crawl.resolve = &cfg->resolve;
	ao->crawl.connect_to = &cfg->connect_to;
	ao->crawl.allow_private = cfg->allow_private;
}

/* The audit date, the crawl's settings, and what the crawl writes besides the results: cache, WARC, progress. */
static int prepare_crawl(struct audit_job *j)
{
	const struct config *cfg = j->cfg;
	char err[ERR_LEN] = "";

	if (dates_parse_iso(j->as_of, &j->ao.as_of)) {
		log_error("--as-of: not a date: %s", j->as_of);
		return EXIT_INPUT;
	}
	crawl_settings(&j->ao, cfg);
	j->ao.own = j->whole;
	if (cfg->cache && file_make_dirs(cfg->cache, err, sizeof(err))) {
		log_error("--cache: %s", err);
		return EXIT_INPUT;
	}
	if (cfg->warc) {
		if (warc_open(&j->warc, cfg->warc, "mentor-audit/" MA_VERSION, err, sizeof(err))) {
			log_error("--warc: %s", err);
			return EXIT_RUN;
		}
		j->ao.crawl.warc = j->warc;
		if (cfg->cache)
			log_info("--warc: conditional requests are off, so every record holds the whole page");
	}
	/* A progress line only for a person watching: never under cron or with --quiet. */
	if (!cfg->quiet && !cfg->check_url && isatty(STDERR_FILENO)) {
		j->progress.f = stderr;
		j->progress.started_ms = crawl_now_ms();
		j->ao.progress = show_progress;
		j->ao.progress_ctx = &j->progress;
	}
	return EXIT_OK;
}

/* What to do after a write failed, for the end of its one line. */
static const char *halted_advice(const struct config *cfg)
{
	if (cfg->check_url)
		return "";
	if (cfg->warc)
		return " (the archive is removed: it lacks responses); free space and run the same command";
	return "; free space and run the same command with --resume to continue";
}

/* Audit every organisation, then close the WARC: its records are complete only now. */
static int crawl(struct audit_job *j)
{
	const struct config *cfg = j->cfg;
	char err[ERR_LEN] = "";
	int rc;

	switch (audit_run(&j->ao, j->rs, j->reg, j->orgs, &j->stats, err, sizeof(err))) {
	case 0:
		break;
	case AUDIT_STOPPED:
		if (j->ao.progress)
			fputc('\n', stderr);
		log_error("interrupted: the finished organisations are in %s/%s; "
		          "run the same command with --resume to continue", cfg->out, JOURNAL_NAME);
		return EXIT_INTERRUPTED;
	case AUDIT_HALTED:
		if (j->ao.progress)
			fputc('\n', stderr);
		log_error("%s; the audit stopped there, no reports written%s", err, halted_advice(cfg));
		return EXIT_RUN;
	default:
		log_error("the audit could not complete (out of memory or network set-up failed)");
		return EXIT_RUN;
	}
	if (j->ao.progress)
		fputc('\n', stderr);
	log_info("%zu requests (%zu retries, %zu robots.txt, %zu not modified), %zu bytes received, "
	         "%zu refused for an address that is not public, %zu hosts down (%zu requests not sent "
	         "to them)", j->stats.requests, j->stats.retries, j->stats.robots_fetched,
	         j->stats.not_modified, j->stats.bytes, j->stats.address_refused, j->stats.hosts_down,
	         j->stats.down_skipped);
	log_info("longest stall of the network loop: %.1f ms (--threads %u)",
	         (double)j->stats.longest_stall_us / 1000.0, cfg->threads);
	log_info("page bodies held at once: at most %.1f MiB (cap %u MiB); %zu waits for room",
	         (double)j->stats.bodies_peak / (1024.0 * 1024.0), CAP_RUN_BODY_BYTES / (1024u * 1024u),
	         j->stats.bodies_paused);
	if (j->warc) {
		rc = warc_close(j->warc, err, sizeof(err));
		j->warc = NULL;
		if (rc) {
			log_error("--warc: %s", err);
			return EXIT_RUN;
		}
		if (j->stats.warc_errors)
			log_warn("--warc: %zu responses could not be archived (see above)", j->stats.warc_errors);
	}
	if (j->store.lost) {
		log_error("%s/%s: results could not be kept (see above); no reports written",
		          cfg->out, JOURNAL_NAME);
		return EXIT_RUN;
	}
	return EXIT_OK;
}

static int write_notice(FILE *f, const void *in)
{
	return report_notice(f, in, 0);
}

/* check: the explanation on stdout, and with --notice the director's notice. */
static int check_outputs(struct audit_job *j)
{
	char err[ERR_LEN];

	if (report_explain(stdout, &j->in))
		return EXIT_RUN;
	if (j->cfg->notice && file_write_atomic(j->cfg->notice, write_notice, &j->in, false, err, sizeof(err))) {
		log_error("%s", err);
		return EXIT_RUN;
	}
	return EXIT_OK;
}

/* The earlier runs for report.html's trend, now that this run's date is final. 0, or -1 (memory). */
static int load_trend(struct audit_job *j)
{
	int rc = -1;

	j->trend_ids = calloc(j->reg->nrows ? j->reg->nrows : 1, sizeof(*j->trend_ids));
	if (!j->trend_ids)
		goto out;
	for (size_t i = 0; i < j->reg->nrows; i++)
		j->trend_ids[i] = j->reg->rows[i].id;
	if (report_trend_new(&j->trend, j->trend_ids, j->reg->nrows, j->in.as_of, j->rules_digest,
	                     j->registry_digest))
		goto out;
	changes_load_trend(j->trend, j->cfg->previous, j->cfg->out);
	j->in.trend = j->trend;
	log_info("trend: %zu earlier runs", report_trend_count(j->trend));
	rc = 0;
out:
	if (rc)
		log_error("out of memory reading the earlier runs");
	return rc;
}

/* check: the explanation on stdout; audit: the reports in --out, then the exit code. */
static int write_reports(struct audit_job *j)
{
	const struct config *cfg = j->cfg;
	char err[ERR_LEN] = "";
	time_t now;

	if (report_summarize(&j->in, &j->summary, &j->stand_in)) {
		log_error("%s/%s: the results could not be read back (see above)", cfg->out, JOURNAL_NAME);
		return EXIT_RUN;
	}
	if (cfg->group_by && report_groups_compute(&j->in, cfg->group_by, &j->groups, err, sizeof(err))) {
		log_error("%s", err);
		return EXIT_RUN;
	}
	now = time(NULL);
	strftime(j->generated, sizeof(j->generated), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	j->in.as_of = j->as_of;
	j->in.generated_at = j->generated;
	j->in.registry_path = cfg->orgs;
	j->in.csv_dialect = cfg->csv_dialect;
	j->in.contact = cfg->contact;
	if (cfg->check_url)
		return check_outputs(j);
	if (j->before) {
		if (results_of_run(&j->after, &j->in, err, sizeof(err)) ||
		    report_changes_compute(&j->changes, j->before, j->after)) {
			log_error("%s", *err ? err : "out of memory comparing with the previous run");
			return EXIT_RUN;
		}
		j->in.changes = &j->changes;
		if (load_trend(j))
			return EXIT_RUN;
	}
	if (report_write_all(cfg->out, &j->in, err, sizeof(err))) {
		log_error("%s; no report in %s was replaced, the results are kept in %s: "
		          "free space and run the same command with --resume to write them",
		          err, cfg->out, JOURNAL_NAME);
		return EXIT_RUN;
	}
	/* The reports are in place: the journal has served. */
	if (journal_close(j->journal, true))
		log_warn("%s/%s: could not remove the journal", cfg->out, JOURNAL_NAME);
	j->journal = NULL;
	if (!cfg->quiet)
		report_console(stdout, &j->in, cfg->out);
	return finished_code(cfg, j->reg, &j->summary);
}

static void audit_job_free(struct audit_job *j)
{
	free(j->stand_in);
	report_groups_free(&j->groups);
	if (journal_close(j->journal, false))
		log_error("%s/%s: could not be made durable", j->cfg->out, JOURNAL_NAME);
	store_free(&j->store);
	warc_discard(j->warc);
	report_changes_free(&j->changes);
	report_trend_free(j->trend);
	free(j->trend_ids);
	results_free(j->before);
	results_free(j->after);
	for (size_t i = 0; j->orgs && i < j->reg->nrows; i++)
		verdict_org_clear(&j->orgs[i]);
	free(j->orgs);
	if (j->whole) {
		shard_free(j->reg);
		j->reg = j->whole;
	}
	registry_free(j->reg);
	rules_free(j->rs);
}

/* The run in order; each step returns an exit code, EXIT_OK to go on. */
static int (*const audit_steps[])(struct audit_job *j) = {
	load_inputs, keep_results, prepare_crawl, crawl, write_reports,
};

int audit_command(const struct config *cfg)
{
	struct audit_job j = { .cfg = cfg };
	int code = EXIT_OK;

	for (size_t i = 0; i < COUNT(audit_steps) && code == EXIT_OK; i++)
		code = audit_steps[i](&j);
	audit_job_free(&j);
	return code;
}
