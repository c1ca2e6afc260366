/*
 * crawl.h - the HTTP engine: the only code that talks to libcurl transfers.
 *
 * A crawler holds a queue of requests and runs them on one curl multi
 * handle. It knows nothing of schools or documents: callers add URLs with a
 * completion callback, and callbacks may add more. Politeness lives here:
 * at most `per_host` transfers at a time to one site host (counted by the
 * URL's host, so the limit holds through a proxy too), retries with
 * backoff for transient failures, capped bodies and redirects.
 */
#ifndef MA_CRAWL_H
#define MA_CRAWL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strvec.h"

struct crawler;

struct crawl_opts {
	long timeout_ms;              /* whole transfer */
	long connect_timeout_ms;
	unsigned per_host;            /* transfers at once per site host */
	unsigned max_transfers;       /* transfers at once in all */
	unsigned tries;               /* attempts for a transient failure */
	long retry_delay_ms;          /* first backoff; doubles per attempt */
	const char *cacert;           /* CA bundle file, or NULL for the system's */
	const char *user_agent;
	const struct strvec *resolve;     /* "HOST:PORT:ADDR" as curl --resolve */
	const struct strvec *connect_to;  /* "HOST:PORT:HOST2:PORT2" as curl --connect-to */
};

enum crawl_kind {
	CRAWL_PAGE,    /* GET, body kept up to CAP_BODY_BYTES */
	CRAWL_CHECK,   /* HEAD; GET of a few KiB where HEAD is refused */
};

struct crawl_result {
	const char *url;             /* as requested */
	const char *effective_url;   /* after redirects */
	long status;                 /* HTTP status; 0 when no response */
	const char *content_type;    /* "" when none */
	const char *body;            /* CRAWL_PAGE: the body (NUL-terminated); else "" */
	size_t body_len;
	bool truncated;              /* body stopped at its cap */
	int curl_code;               /* CURLcode; 0 when a response arrived */
	const char *error;           /* curl's message when curl_code != 0, else "" */
	unsigned attempts;
};

/* Valid only during the call; the callback may call crawl_add(). */
typedef void (*crawl_done_fn)(void *userdata, const struct crawl_result *res);

int crawl_global_init(void);
void crawl_global_cleanup(void);

int crawl_new(struct crawler **out, const struct crawl_opts *opts);
void crawl_free(struct crawler *c);

/* Queue a request. url must be absolute and normalised (parsers/url.h). */
int crawl_add(struct crawler *c, const char *url, enum crawl_kind kind,
              crawl_done_fn done, void *userdata);

/* Run until no request is queued or in flight. */
int crawl_run(struct crawler *c);

/* Totals for logs and benchmarks. */
struct crawl_stats {
	size_t requests;
	size_t retries;
	size_t bytes;
	unsigned max_host_active;    /* highest per-host concurrency seen */
};
void crawl_get_stats(const struct crawler *c, struct crawl_stats *out);

#endif
