/*
 * xfer.h - the crawler's transfer and engine state, shared by crawl.c (the
 * queue, politeness and the loop), easy.c (a transfer's curl handle and
 * callbacks) and answer.c (what a finished transfer means: retries,
 * robots.txt, the cache, the archive, redirects, refused addresses).
 * Private to crawler/; only they talk to libcurl.
 */
#ifndef MA_XFER_H
#define MA_XFER_H

#include <curl/curl.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/macros.h"
#include "crawler/cache.h"
#include "crawler/crawl.h"
#include "crawler/guard.h"
#include "crawler/hosts.h"
#include "crawler/warc.h"

struct xfer {
	struct xfer *next;            /* queue link, or active link while in flight */
	struct crawler *crawler;      /* the one it belongs to */
	CURL *easy;
	char *url;                    /* this hop's URL */
	char *origin;                 /* the URL asked for, once a redirect was followed; else NULL */
	unsigned hops;                /* redirects followed */
	bool redirect_refused;        /* a redirect to another scheme ended it */
	size_t slot;                  /* index into crawler.hosts.hosts (this hop's host) */
	bool has_slot;                /* slot is held (hosts_release when done) */
	enum crawl_kind kind;
	bool head;                    /* CRAWL_CHECK: HEAD phase */
	bool is_robots;               /* the crawler's own robots.txt request */
	bool robots_checked;          /* allowed by the host's robots.txt */
	crawl_done_fn done;
	void *userdata;
	struct buf body;
	size_t charged;               /* of the body's bytes, taken from opts.bodies (bodies.c) */
	bool paused;                  /* waiting for room in opts.bodies */
	bool truncated;
	unsigned attempts;
	long long not_before_ms;      /* backoff: not started before this time */
	long long deadline_ms;        /* 0: none */
	struct cache_entry cached;    /* with --cache: what an earlier run kept */
	bool has_cached;
	struct curl_slist *headers;   /* Accept, Accept-Language, the conditional request headers */
	struct buf resp_head;         /* with an archive: the last response's status and header lines */
	bool head_ended;              /* its empty line came: what follows are trailers */
	bool head_truncated;          /* lines past CAP_WARC_HEAD_BYTES were left out */
	struct warc_ref warc_ref;     /* the last archived response */
	bool routed;                  /* route holds this hop's */
	struct guard_route route;     /* its proxy and what it may reach */
	char refused[ADDRESS_TEXT_LEN];   /* the address it was refused, or "" */
	enum address_kind refused_kind;
	char errbuf[CURL_ERROR_SIZE];
};

/* A host that did not answer at all, remembered for the run (down.c). */
struct down_host {
	char *root;                   /* "scheme://host[:port]/" */
	int curl_code;
	char error[CAP_ERROR_TEXT];   /* curl's message the first time */
};

struct down_hosts {
	struct down_host *items;
	size_t n, alloc;
	struct strindex ix;           /* root -> items[] position */
	size_t dropped;               /* past CAP_DOWN_HOSTS: not remembered */
};

struct crawler {
	struct crawl_opts opts;
	CURLM *multi;
	struct curl_slist *resolve;
	struct curl_slist *connect_to;
	struct xfer *queue_head, *queue_tail;
	struct xfer *active;          /* in flight (linked by next) */
	unsigned running;
	struct host_table hosts;
	struct guard *guard;
	unsigned long long rng;       /* jitter only: not for anything secret */
	struct crawl_stats stats;
	long long next_deadline_ms;   /* no request's deadline comes before this; 0: none is set */
	bool halted;                  /* crawl_halt(): nothing starts any more */
	struct down_hosts down;       /* hosts that did not answer, for the whole run */
	size_t bodies_in_transfer;    /* of opts.bodies, what transfers hold (bodies.c) */
	unsigned bodies_paused;       /* transfers paused for room */
	struct xfer *overdraft;       /* the one transfer that may go past the cap, or NULL */
	char halt_reason[CAP_ERROR_TEXT * 2];
};


/* easy.c: the body of x's answer is kept and handed over (a page, a document), not only probed. */
bool xfer_keeps_body(const struct xfer *x);
/* easy.c: a fresh curl handle for x's next attempt, set up. 0, or -1 when out of memory. */
int xfer_setup_easy(struct crawler *c, struct xfer *x);

/* crawl.c: put x in the queue; the host x's request goes to. */
void xfer_enqueue(struct crawler *c, struct xfer *x);
struct host *xfer_host_of(struct crawler *c, const struct xfer *x);
/* crawl.c: take x, in flight, off the active list, the multi handle and its host's count. */
void xfer_untrack(struct crawler *c, struct xfer *x);
/* crawl.c: take x, queued after prev (NULL: x is the head), out of the queue. */
void xfer_unqueue(struct crawler *c, struct xfer *prev, struct xfer *x);
/* crawl.c: free x, out of every list, with its slot and transfer. */
void xfer_free(struct crawler *c, struct xfer *x);

/* bodies.c: page bodies against the run's budget, crawl_opts.bodies. */
/* x's body may grow by n bytes now; false: pause x (xfer_body_pause). */
bool xfer_body_may_grow(struct crawler *c, struct xfer *x, size_t n);
void xfer_body_pause(struct crawler *c, struct xfer *x);
void xfer_body_charge(struct crawler *c, struct xfer *x);
/* Free x's body, give its bytes back, and start an empty one of cap bytes. */
void xfer_body_free(struct crawler *c, struct xfer *x, size_t cap);
/* x leaves the transfers in flight: no longer counted as paused. */
void xfer_body_untrack(struct crawler *c, struct xfer *x);
/* Paused transfers that have room now go on. */
void xfer_body_resume(struct crawler *c);

/* ending.c: requests that end without their answer. */
#define XFER_DEADLINE_ERROR CRAWL_DEADLINE_ERROR
/* Hand the caller a result for a request that was never answered (r says why), and free x. */
void xfer_answer_unsent(struct crawler *c, struct xfer *x, struct crawl_result *r);
/* Stopped from outside: everything in flight or queued is answered as skipped. */
void xfer_drain(struct crawler *c);
/* Requests whose deadline has passed by now are answered as skipped, in flight or queued. */
void xfer_expire(struct crawler *c, long long now);

/* down.c: no connection, no answer in time, no such name: the host is down for the run. */
bool xfer_code_means_down(int code);
/* Remember root's host as down with its first failure (once; past CAP_DOWN_HOSTS, not at all). */
void xfer_host_down(struct crawler *c, const char *root, int code, const char *error);
/* The remembered failure of root's host, or NULL when it is not known to be down. */
const struct down_host *xfer_down_host(const struct crawler *c, const char *root);
/* x (queued after prev) is answered at once when its host is down: true, x gone. */
bool xfer_drop_if_down(struct crawler *c, struct xfer *prev, struct xfer *x);
void xfer_down_free(struct down_hosts *d);

/* answer.c: what a finished transfer means, and what comes of it. */
void xfer_refused(struct crawler *c, struct xfer *x, const char *address, enum address_kind kind);
void xfer_count_bytes(struct crawler *c, CURL *e);
void xfer_archive(struct crawler *c, struct xfer *x, CURLcode code, long status);
bool xfer_should_retry(const struct crawler *c, const struct xfer *x, CURLcode code, long status);
long long xfer_retry_wait(struct crawler *c, struct xfer *x);
void xfer_requeue(struct crawler *c, struct xfer *x, long long delay_ms);
void xfer_robots_done(struct crawler *c, struct xfer *x, CURLcode code, long status);
bool xfer_is_redirect(long status);
int xfer_follow_redirect(struct crawler *c, struct xfer *x, CURLcode *code);
bool xfer_head_needs_get(CURLcode code, long status);
bool xfer_use_cached(struct crawler *c, struct xfer *x);
void xfer_store_cached(struct crawler *c, struct xfer *x, long status, const char *ctype,
                       const char *effective_url);

#endif
