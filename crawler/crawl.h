/*
 * crawl.h - the HTTP engine: the only code that talks to libcurl transfers.
 *
 * A crawler holds a queue of requests and runs them on one curl multi
 * handle. It knows nothing of schools or documents: callers add URLs with a
 * completion callback, and callbacks may add more. Politeness lives here:
 *  - robots.txt, read once per site host before anything else is fetched
 *    there (RFC 9309; 4xx allows all, 5xx or no answer disallows all);
 *  - at most `per_host` transfers at a time to one site host (counted by
 *    the URL's host, so the limit holds through a proxy too) and
 *    `per_domain` to one parent domain (crawler/hosts.h);
 *  - at least `delay_ms` between two request starts to one host, raised by
 *    the host's Crawl-delay (up to CAP_CRAWL_DELAY_MS);
 *  - retries with exponential backoff and jitter for transient failures,
 *    Retry-After honoured up to CAP_RETRY_AFTER_MS;
 *  - capped bodies and redirects, http and https only;
 *  - no connection to an address that is not public unless the request may
 *    reach it (crawler/guard.h): an IP address in the URL is refused before
 *    anything is sent, a resolved one as curl opens the socket; a refused
 *    request is answered, never sent. The crawler also decides which
 *    requests go through the environment's proxy (crawler/proxy.h);
 *  - with a cache directory, conditional requests (crawler/cache.h);
 *  - with an archive (crawler/warc.h), every response that arrives whole or
 *    cut at its cap (robots.txt, answers later retried, a HEAD refused before
 *    its GET) is written as a WARC record before anything else sees it, and
 *    the result says where; a transfer that failed midway is not archived.
 *    An archive or cache file that cannot be written halts the crawl
 *    (crawl_halt): the archive must hold every response, and a full disk
 *    fails every later write too.
 *    Conditional requests are then off: a 304 is no evidence of a page, so
 *    every answer must carry the full page.
 */
#ifndef MA_CRAWL_H
#define MA_CRAWL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/strvec.h"
#include "rules/verdict.h"

struct budget;
struct crawler;
struct pool;
struct xfer;
struct warc_writer;

struct crawl_opts {
	long timeout_ms;              /* whole transfer */
	long connect_timeout_ms;
	unsigned per_host;            /* transfers at once per site host */
	unsigned per_domain;          /* transfers at once per parent domain; 0: no limit */
	long delay_ms;                /* least gap between request starts to one host */
	bool robots;                  /* obey robots.txt */
	const char *cache_dir;        /* conditional requests across runs, or NULL; with warc
	                                 set, the cache is still filled but never asked */
	unsigned max_transfers;       /* transfers at once in all */
	unsigned tries;               /* attempts for a transient failure */
	long retry_delay_ms;          /* first backoff; doubles per attempt */
	const char *cacert;           /* CA bundle file, or NULL for the system's */
	const char *user_agent;
	const struct strvec *resolve;     /* "HOST:PORT:ADDR" as curl --resolve */
	const struct strvec *connect_to;  /* "HOST:PORT:HOST2:PORT2" as curl --connect-to */
	bool allow_private;           /* connect to any address (--allow-private) */
	const struct strvec *own_urls;    /* the registry's URLs: their hosts may be on a private network */
	/* Set (by a signal handler) to stop: crawl_run answers what is left as skipped. NULL: never. */
	volatile sig_atomic_t *stop;
	struct warc_writer *warc;     /* archive every response here, or NULL; not owned */
	/*
	 * CPU work of the callers (core/pool.h), or NULL; not owned. The loop
	 * wakes when a job finishes, drains the pool on its own thread, runs
	 * until no job is pending either, starts no transfer while the pool's
	 * backlog is full, and cancels what is pending when stopped or halted.
	 */
	struct pool *pool;
	/*
	 * Page bodies held at once, in transfer and handed over with
	 * crawl_take_body() (CAP_RUN_BODY_BYTES; crawler/bodies.c), or NULL:
	 * not counted. Not owned; may be given back to from any thread.
	 */
	struct budget *bodies;
};

enum crawl_kind {
	CRAWL_PAGE,    /* GET, body kept up to CAP_BODY_BYTES */
	CRAWL_CHECK,   /* HEAD; GET of a few KiB where HEAD is refused */
	CRAWL_DOCUMENT, /* GET, body kept up to CAP_DOC_BODY_BYTES (a document to read) */
};

struct crawl_result {
	const char *url;             /* as requested */
	const char *effective_url;   /* after redirects */
	long status;                 /* HTTP status; 0 when no response */
	const char *content_type;    /* "" when none */
	const char *body;            /* CRAWL_PAGE, CRAWL_DOCUMENT: the body (NUL-terminated); else "" */
	size_t body_len;
	bool truncated;              /* body stopped at its cap */
	int curl_code;               /* CURLcode; 0 when a response arrived */
	const char *error;           /* curl's message when curl_code != 0, else "" */
	unsigned attempts;
	bool robots_blocked;         /* not fetched: robots.txt forbids it, or could not be read */
	const char *robots_rule;     /* robots_blocked: why, for people ("" otherwise) */
	long robots_status;          /* robots_blocked because robots.txt answered this 5xx; else 0 */
	bool skipped;                /* not fetched: its deadline passed while it waited */
	bool from_cache;             /* 304 Not Modified: status, type and body from the cache */
	bool redirect_refused;       /* redirected to another scheme (file:, ftp: ...): not followed;
	                                curl_code and error say so */
	bool address_refused;        /* not sent: the URL, or a redirect, leads to an address that is
	                                not public (crawler/guard.h); curl_code and error say so */
	const char *refused_address; /* address_refused: that address ("10.0.0.5"); "" otherwise */
	bool host_down;              /* not sent: its host did not answer earlier in this run;
	                                curl_code and error are that first failure's */
	const char *warc_record_id;  /* the archived response's WARC-Record-ID; "" when none */
	long long warc_offset;       /* where its gzip member starts in the archive; -1 when none */
	/*
	 * The URI and HTTP status of that archived response: the effective URL
	 * and status, or, for a request robots.txt refused, the robots.txt
	 * answer that decided (its URL and status).
	 */
	const char *warc_target;
	long warc_status;
	struct xfer *xfer;           /* the crawler's: for crawl_take_body() only */
};

/* What a transfer error (crawl_result.curl_code) means: DNS, connect, timeout, TLS, other. */
enum unchecked_cause crawl_error_cause(int curl_code);

/* The error of a request skipped because its deadline passed (crawl_result.error). */
#define CRAWL_DEADLINE_ERROR "time budget exhausted"

/*
 * From a CRAWL_PAGE's done callback: its body, the caller's to free, instead
 * of a copy. *charge is what it holds of crawl_opts.bodies: the caller
 * gives that back (budget_give) once the body is freed. NULL (and 0) when
 * there is none, or out of memory.
 */
char *crawl_take_body(const struct crawl_result *r, size_t *charge);

/* Valid only during the call; the callback may call crawl_add(). */
typedef void (*crawl_done_fn)(void *userdata, const struct crawl_result *res);

int crawl_global_init(void);
void crawl_global_cleanup(void);

int crawl_new(struct crawler **out, const struct crawl_opts *opts);
void crawl_free(struct crawler *c);

/*
 * Queue a request. url must be absolute and normalised (parsers/url.h).
 * deadline_ms (monotonic, crawl_now_ms()) is when the caller stops
 * caring: a request still waiting then completes at once as skipped. 0
 * means none.
 */
int crawl_add(struct crawler *c, const char *url, enum crawl_kind kind, long long deadline_ms,
              crawl_done_fn done, void *userdata);

/* The monotonic clock the deadlines are on, in milliseconds. */
long long crawl_now_ms(void);

/* What crawl_run ended with, besides 0 (every request answered) and -1 (the multi handle failed). */
#define CRAWL_STOPPED 1   /* opts.stop was set */
#define CRAWL_HALTED  2   /* crawl_halt(), or the archive or the cache could not be written */

/*
 * Run until no request is queued or in flight: 0. When opts.stop is set,
 * every request still queued or in flight is answered as skipped (within
 * about 100 ms, or once the parses running on opts.pool's workers end:
 * pending jobs are dropped) and CRAWL_STOPPED is returned; after crawl_halt() the same
 * at once, and CRAWL_HALTED. -1 when the multi handle fails.
 */
int crawl_run(struct crawler *c);

/*
 * A failure the run cannot go past, such as a write that failed: from now
 * no request starts, and crawl_run answers every one in flight or queued
 * as skipped and returns CRAWL_HALTED. The crawler halts itself so when a
 * response cannot be written to the archive or the cache. why is one line
 * naming the file; the first one is kept. Callable from a callback.
 */
void crawl_halt(struct crawler *c, const char *why);

/* Why the crawler halted, one line naming the file; NULL while it has not. */
const char *crawl_halt_reason(const struct crawler *c);

/* Totals for logs and benchmarks. */
struct crawl_stats {
	size_t requests;
	size_t retries;
	size_t bytes;                /* received, headers and bodies */
	size_t not_modified;         /* 304 answers reused from the cache */
	size_t robots_fetched;       /* robots.txt requests */
	size_t robots_blocked;       /* requests robots.txt did not allow */
	size_t address_refused;      /* requests refused for an address that is not public */
	size_t hosts_down;           /* hosts that did not answer, remembered for the run */
	size_t down_skipped;         /* requests not sent because their host was down */
	unsigned max_host_active;    /* highest per-host concurrency seen */
	unsigned max_domain_active;  /* highest per-domain concurrency seen */
	size_t bodies_paused;        /* times a transfer waited for room among the page bodies */
	size_t bodies_peak;          /* the most bytes of crawl_opts.bodies held at once */
	size_t warc_records;         /* responses archived */
	size_t warc_errors;          /* responses that cannot be a record (their URI or head): not archived */
	/*
	 * The loop's longest stall: the most time one turn spent outside
	 * curl_multi_poll (transfers, callbacks, and whatever CPU work runs on
	 * the loop), in microseconds. Transfers and deadlines wait that long.
	 */
	long long longest_stall_us;
};
void crawl_get_stats(const struct crawler *c, struct crawl_stats *out);

#endif
