/*
 * crawl.c - request queue, politeness and retries on a curl multi handle.
 *
 * Each transfer carries one context struct (CURLOPT_PRIVATE) with its own
 * error buffer. The loop keeps the multi handle filled from the queue while
 * respecting robots.txt and the per-host, per-domain and total limits,
 * drains finished transfers, and lets xfer_should_retry() alone decide what is
 * tried again.
 */
#include "crawler/crawl.h"
#include "crawler/xfer.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/budget.h"
#include "core/buf.h"
#include "core/caps.h"
#include "core/log.h"
#include "core/macros.h"
#include "core/pool.h"
#include "crawler/cache.h"
#include "crawler/hosts.h"
#include "crawler/warc.h"
#include "parsers/robots.h"
#include "parsers/url.h"

/* Longest single wait in the loop, so queued backoffs are noticed. */
#define POLL_MAX_MS 100
#define ROBOTS_PATH "robots.txt"

long long crawl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int crawl_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void crawl_global_cleanup(void)
{
	curl_global_cleanup();
}

static struct curl_slist *slist_from(const struct strvec *v, int *err)
{
	struct curl_slist *list = NULL;

	for (size_t i = 0; v && i < v->len; i++) {
		struct curl_slist *n = curl_slist_append(list, v->items[i]);

		if (!n) {
			*err = -1;
			break;
		}
		list = n;
	}
	return list;
}

/* A job of the pool finished, on a worker: the loop wakes to drain it. */
static void wake_loop(void *multi)
{
	curl_multi_wakeup(multi);
}

int crawl_new(struct crawler **out, const struct crawl_opts *opts)
{
	struct crawler *c = calloc(1, sizeof(*c));
	const struct guard_opts guard_opts = {
		.allow_private = opts->allow_private, .own_urls = opts->own_urls,
		.resolve = opts->resolve, .connect_to = opts->connect_to,
	};
	int err = 0;

	*out = NULL;
	if (!c)
		return -1;
	c->opts = *opts;
	if (!c->opts.per_host)
		c->opts.per_host = 1;
	if (!c->opts.max_transfers)
		c->opts.max_transfers = 1;
	if (!c->opts.tries)
		c->opts.tries = 1;
	if (c->opts.delay_ms < 0)
		c->opts.delay_ms = 0;
	c->rng = (unsigned long long)crawl_now_ms() * 6364136223846793005ull + (unsigned long long)getpid();
	c->multi = curl_multi_init();
	c->resolve = slist_from(opts->resolve, &err);
	c->connect_to = slist_from(opts->connect_to, &err);
	if (!err)
		err = guard_new(&c->guard, &guard_opts);
	if (!c->multi || err) {
		crawl_free(c);
		return -1;
	}
	/* Connection reuse per host is bounded by our own per-host limit. */
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)c->opts.max_transfers * 2);
	if (c->opts.pool)
		pool_set_notify(c->opts.pool, wake_loop, c->multi);
	*out = c;
	return 0;
}

void xfer_free(struct crawler *c, struct xfer *x)
{
	if (!x)
		return;
	if (x->has_slot)
		hosts_release(&c->hosts, x->slot, crawl_now_ms());
	if (x->easy)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	cache_entry_free(&x->cached);
	free(x->origin);
	xfer_body_free(c, x, 0);
	buf_free(&x->resp_head);
	free(x->url);
	free(x);
}

void crawl_free(struct crawler *c)
{
	struct xfer *x, *next;

	if (!c)
		return;
	for (x = c->queue_head; x; x = next) {
		next = x->next;
		xfer_free(c, x);
	}
	if (c->opts.pool)
		pool_set_notify(c->opts.pool, NULL, NULL);
	hosts_free(&c->hosts);
	xfer_down_free(&c->down);
	guard_free(c->guard);
	curl_slist_free_all(c->resolve);
	curl_slist_free_all(c->connect_to);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	free(c);
}

static struct xfer *xfer_new(struct crawler *c, const char *url, enum crawl_kind kind)
{
	struct xfer *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->crawler = c;
	x->url = strdup(url);
	x->kind = kind;
	x->head = kind == CRAWL_CHECK;
	buf_init(&x->body, CAP_PROBE_BYTES);
	buf_init(&x->resp_head, CAP_WARC_HEAD_BYTES);
	x->warc_ref.offset = -1;
	if (x->url && hosts_slot_for(&c->hosts, url, c->opts.delay_ms, &x->slot) == 0)
		x->has_slot = true;
	if (!x->has_slot) {
		xfer_free(c, x);
		return NULL;
	}
	return x;
}

void xfer_enqueue(struct crawler *c, struct xfer *x)
{
	x->next = NULL;
	if (c->queue_tail)
		c->queue_tail->next = x;
	else
		c->queue_head = x;
	c->queue_tail = x;
}

int crawl_add(struct crawler *c, const char *url, enum crawl_kind kind, long long deadline_ms,
              crawl_done_fn done, void *userdata)
{
	struct xfer *x = xfer_new(c, url, kind);

	if (!x)
		return -1;
	x->done = done;
	x->userdata = userdata;
	x->deadline_ms = deadline_ms;
	if (deadline_ms && (!c->next_deadline_ms || deadline_ms < c->next_deadline_ms))
		c->next_deadline_ms = deadline_ms;
	xfer_enqueue(c, x);
	return 0;
}

struct host *xfer_host_of(struct crawler *c, const struct xfer *x)
{
	return &c->hosts.hosts[x->slot];
}

/* The host's robots.txt request, placed in the queue before x. */
static struct xfer *robots_request(struct crawler *c, struct host *h)
{
	char *url = malloc(strlen(h->root) + sizeof(ROBOTS_PATH));
	struct xfer *r;

	if (!url)
		return NULL;
	strcpy(url, h->root);
	strcat(url, ROBOTS_PATH);
	r = xfer_new(c, url, CRAWL_PAGE);
	free(url);
	if (r)
		r->is_robots = true;
	return r;
}

enum gate { GATE_GO, GATE_WAIT, GATE_DROP };

/* A request robots.txt refused rests on the robots.txt answer: point to its archive record. */
static void robots_evidence(const struct host *h, struct crawl_result *why)
{
	if (!h->robots_record.record_id[0] || !h->robots_url)
		return;
	why->warc_record_id = h->robots_record.record_id;
	why->warc_offset = h->robots_record.offset;
	why->warc_target = h->robots_url;
	why->warc_status = h->robots_answer;
}

/*
 * Whether robots.txt lets x go: GATE_WAIT while the host's robots.txt is
 * being read, GATE_DROP when x may not be fetched, with why in *why (its
 * robots_rule written into rule).
 */
static enum gate robots_gate(struct crawler *c, struct xfer *x, struct crawl_result *why,
                             char *rule, size_t len)
{
	struct host *h = xfer_host_of(c, x);
	struct robots_verdict v;
	char *target = NULL;

	if (!c->opts.robots || x->is_robots || x->robots_checked)
		return GATE_GO;
	switch (h->robots_state) {
	case ROBOTS_UNKNOWN:
	case ROBOTS_FETCHING:
		return GATE_WAIT;
	case ROBOTS_FAILED:
		if (h->robots_curl_code) {
			/* No answer at all: the host is unreachable, or refused, for the same reason. */
			why->curl_code = h->robots_curl_code;
			why->error = h->robots_error;
			why->address_refused = h->robots_refused[0] != '\0';
			why->refused_address = h->robots_refused;
			return GATE_DROP;
		}
		snprintf(rule, len, "robots.txt answered HTTP %ld (RFC 9309: disallowed while it fails)",
		         h->robots_status);
		why->robots_blocked = true;
		why->robots_rule = rule;
		why->robots_status = h->robots_status;
		robots_evidence(h, why);
		return GATE_DROP;
	case ROBOTS_READY:
		break;
	}
	/* No rules (out of memory reading them) or no target: nothing to forbid. */
	if (!h->robots || url_target(&target, x->url))
		return GATE_GO;
	robots_check(h->robots, c->opts.user_agent, target, &v);
	free(target);
	if (v.allowed) {
		x->robots_checked = true;
		return GATE_GO;
	}
	snprintf(rule, len, "robots.txt line %u: %s (User-agent: %s)", v.line, v.rule, v.group);
	why->robots_blocked = true;
	why->robots_rule = rule;
	robots_evidence(h, why);
	return GATE_DROP;
}

/*
 * Route x (once per hop) and refuse it when its URL's host is an IP address
 * it may not reach: then nothing is sent, not even its host's robots.txt.
 */
static enum gate address_gate(struct crawler *c, struct xfer *x, struct crawl_result *why)
{
	/* A URL that does not parse stays public and direct; its transfer fails on its own. */
	if (!x->routed)
		(void)guard_route(c->guard, x->url, &x->route);
	x->routed = true;
	if (!x->route.literal_refused)
		return GATE_GO;
	xfer_refused(c, x, x->route.literal, x->route.literal_kind);
	why->curl_code = CURLE_COULDNT_CONNECT;
	why->error = x->errbuf;
	why->address_refused = true;
	why->refused_address = x->refused;
	return GATE_DROP;
}

/* A request refused by address_gate: a robots.txt one decides for its host, any other is answered. */
static void refuse(struct crawler *c, struct xfer *x, struct crawl_result *why)
{
	if (x->is_robots) {
		xfer_robots_done(c, x, CURLE_COULDNT_CONNECT, 0);
		xfer_free(c, x);
		return;
	}
	xfer_answer_unsent(c, x, why);
}

/* The politeness limits: may a request to x's host start now? */
static bool may_start(const struct crawler *c, const struct xfer *x, long long now)
{
	const struct host *h = &c->hosts.hosts[x->slot];
	const struct domain *d = &c->hosts.domains[h->domain];

	/* A host under suspicion is probed by the requests already tried, not by new ones. */
	if (h->suspect && x->attempts == 0)
		return false;
	return h->active < c->opts.per_host &&
	       (!c->opts.per_domain || d->active < c->opts.per_domain) &&
	       now >= hosts_next_start(h) && now >= x->not_before_ms;
}

static void start(struct crawler *c, struct xfer *x, long long now)
{
	struct host *h = xfer_host_of(c, x);
	struct domain *d = &c->hosts.domains[h->domain];

	if (xfer_setup_easy(c, x) || curl_multi_add_handle(c->multi, x->easy) != CURLM_OK) {
		log_error("%s: cannot start transfer", x->url);
		/* The host's requests wait for robots.txt: end the wait, as for no answer. */
		if (x->is_robots) {
			h->robots_state = ROBOTS_FAILED;
			h->robots_curl_code = CURLE_OUT_OF_MEMORY;
			snprintf(h->robots_error, sizeof(h->robots_error), "cannot start transfer");
		}
		/* Answer the caller rather than lose the request. */
		xfer_answer_unsent(c, x, &(struct crawl_result){ .curl_code = CURLE_OUT_OF_MEMORY,
		                                           .error = "cannot start transfer" });
		return;
	}
	x->attempts++;
	h->active++;
	d->active++;
	h->last_start_ms = now;
	if (h->active > c->stats.max_host_active)
		c->stats.max_host_active = h->active;
	if (d->active > c->stats.max_domain_active)
		c->stats.max_domain_active = d->active;
	c->running++;
	x->next = c->active;
	c->active = x;
	c->stats.requests++;
	if (x->is_robots)
		c->stats.robots_fetched++;
}

void xfer_untrack(struct crawler *c, struct xfer *x)
{
	struct xfer **p = &c->active;
	struct host *h = xfer_host_of(c, x);

	while (*p && *p != x)
		p = &(*p)->next;
	if (*p)
		*p = x->next;
	x->next = NULL;
	curl_multi_remove_handle(c->multi, x->easy);
	xfer_body_untrack(c, x);
	c->running--;
	h->active--;
	c->hosts.domains[h->domain].active--;
}

void xfer_unqueue(struct crawler *c, struct xfer *prev, struct xfer *x)
{
	if (prev)
		prev->next = x->next;
	else
		c->queue_head = x->next;
	if (c->queue_tail == x)
		c->queue_tail = prev;
	x->next = NULL;
}

/*
 * Pages waiting for a worker hold their bodies: while the backlog is full
 * no transfer starts, so what waits stays bounded whatever the network's
 * pace.
 */
static bool backlog_full(const struct crawler *c)
{
	unsigned threads;

	if (!c->opts.pool)
		return false;
	threads = pool_threads(c->opts.pool);
	return pool_waiting(c->opts.pool) >= CAP_POOL_BACKLOG_PER_THREAD * (threads ? threads : 1);
}

/* Start what robots.txt and the limits allow, in queue order. */
static void dispatch(struct crawler *c)
{
	struct xfer *x = c->queue_head, *prev = NULL;
	long long now = crawl_now_ms();
	char rule[CAP_ROBOTS_PATTERN + CAP_ROBOTS_AGENT + 64];

	while (x && c->running < c->opts.max_transfers && !c->halted && !backlog_full(c)) {
		struct host *h = xfer_host_of(c, x);
		struct xfer *next = x->next;
		struct crawl_result why = { 0 };
		bool expired = x->done && x->deadline_ms && now >= x->deadline_ms;
		enum gate g;

		if (!expired && address_gate(c, x, &why) == GATE_DROP) {
			xfer_unqueue(c, prev, x);
			refuse(c, x, &why);
			x = next;
			continue;
		}
		if (!expired && xfer_drop_if_down(c, prev, x)) {
			x = next;
			continue;
		}
		if (!expired && c->opts.robots && !x->is_robots && h->robots_state == ROBOTS_UNKNOWN) {
			struct xfer *r = robots_request(c, h);

			if (r) {
				/* Read the host's robots.txt first, in x's place in the queue. */
				h->robots_state = ROBOTS_FETCHING;
				r->next = x;
				if (prev)
					prev->next = r;
				else
					c->queue_head = r;
				x = r;
				continue;
			}
			h->robots_state = ROBOTS_READY;    /* out of memory: no rules rather than no crawl */
		}
		if (expired) {
			g = GATE_DROP;
			why.skipped = true;
			why.error = XFER_DEADLINE_ERROR;
		} else {
			g = robots_gate(c, x, &why, rule, sizeof(rule));
		}
		if (g == GATE_WAIT || (g == GATE_GO && !may_start(c, x, now))) {
			prev = x;
			x = next;
			continue;
		}
		xfer_unqueue(c, prev, x);
		if (g == GATE_GO) {
			start(c, x, now);
		} else {
			if (why.robots_blocked)
				c->stats.robots_blocked++;
			xfer_answer_unsent(c, x, &why);
		}
		x = next;
	}
}


/* Hand the caller the answer of a finished transfer (after retries, redirects and HEAD). */
static void answer(struct crawler *c, struct xfer *x, CURLcode code, long status)
{
	struct crawl_result r = { 0 };
	char *ctype = NULL, *eff = NULL;

	curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ctype);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	r.url = x->origin ? x->origin : x->url;
	r.effective_url = eff ? eff : x->url;
	r.status = code == CURLE_OK ? status : 0;
	r.content_type = ctype ? ctype : "";
	if (code == CURLE_OK && status == 304 && x->has_cached && xfer_use_cached(c, x)) {
		r.from_cache = true;
		r.status = x->cached.status;
		r.content_type = x->cached.content_type;
		if (*x->cached.effective_url)
			r.effective_url = x->cached.effective_url;
	} else if (code == CURLE_OK) {
		xfer_store_cached(c, x, status, r.content_type, r.effective_url);
	}
	r.body = xfer_keeps_body(x) ? buf_str(&x->body) : "";
	r.body_len = xfer_keeps_body(x) ? x->body.len : 0;
	r.truncated = x->truncated;
	r.curl_code = (int)code;
	r.error = code == CURLE_OK ? "" : (x->errbuf[0] ? x->errbuf : curl_easy_strerror(code));
	r.robots_rule = "";
	r.attempts = x->attempts;
	r.redirect_refused = x->redirect_refused;
	r.address_refused = x->refused[0] != '\0';
	r.refused_address = x->refused;
	r.warc_record_id = x->warc_ref.record_id;
	r.warc_offset = x->warc_ref.offset;
	r.warc_target = r.effective_url;
	r.warc_status = r.status;
	r.xfer = x;
	x->done(x->userdata, &r);
	xfer_free(c, x);
}

static void finish(struct crawler *c, struct xfer *x, CURLcode code)
{
	long status = 0;
	bool retry;

	xfer_untrack(c, x);
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	/* A body stopped at its cap is a complete answer for our purposes. */
	if (code == CURLE_WRITE_ERROR && x->truncated)
		code = CURLE_OK;
	xfer_count_bytes(c, x->easy);
	xfer_archive(c, x, code, status);
	if (c->halted) {
		/* Nothing comes of an answer the run cannot keep. */
		xfer_answer_unsent(c, x, &(struct crawl_result){ .skipped = true });
		return;
	}
	/* No connection because open_socket refused one; another address may have answered instead. */
	if (code == CURLE_COULDNT_CONNECT && x->refused[0])
		xfer_refused(c, x, x->refused, x->refused_kind);
	else
		x->refused[0] = '\0';

	retry = xfer_should_retry(c, x, code, status);
	/* Any answer clears a suspicion; no connection or no answer raises one until decided. */
	xfer_host_of(c, x)->suspect = retry && xfer_code_means_down((int)code);
	if (retry) {
		long long wait = xfer_retry_wait(c, x);

		c->stats.retries++;
		log_debug("%s: retry %u in %lld ms (%s)", x->url, x->attempts, wait,
		          code ? curl_easy_strerror(code) : "HTTP error");
		xfer_requeue(c, x, wait);
		return;
	}
	if (code == CURLE_OK && xfer_is_redirect(status) && xfer_follow_redirect(c, x, &code))
		return;
	/* No connection or no answer after every try: the host is down for the run. */
	if (xfer_code_means_down((int)code) && !x->refused[0])
		xfer_host_down(c, xfer_host_of(c, x)->root, (int)code,
		               x->errbuf[0] ? x->errbuf : curl_easy_strerror(code));
	if (x->is_robots) {
		xfer_robots_done(c, x, code, status);
		xfer_free(c, x);
		return;
	}
	if (x->kind == CRAWL_CHECK && x->head && !x->refused[0] && xfer_head_needs_get(code, status)) {
		x->head = false;
		x->attempts = 0;
		xfer_requeue(c, x, 0);
		return;
	}
	answer(c, x, code, status);
}

/* How long the loop may sleep: until the next queued request could start. */
static long long next_wakeup_ms(const struct crawler *c)
{
	long long now = crawl_now_ms(), wait = POLL_MAX_MS;

	for (const struct xfer *x = c->queue_head; x; x = x->next) {
		long long at = x->not_before_ms;
		long long host_at = hosts_next_start(&c->hosts.hosts[x->slot]);

		if (host_at > at)
			at = host_at;
		if (at > now && at - now < wait)
			wait = at - now;
	}
	if (c->next_deadline_ms > now && c->next_deadline_ms - now < wait)
		wait = c->next_deadline_ms - now;
	return wait;
}

static bool stopped(const struct crawler *c)
{
	return c->opts.stop && *c->opts.stop;
}

void crawl_halt(struct crawler *c, const char *why)
{
	if (c->halted)
		return;
	c->halted = true;
	snprintf(c->halt_reason, sizeof(c->halt_reason), "%s", why && *why ? why : "the crawl was halted");
}

const char *crawl_halt_reason(const struct crawler *c)
{
	return c->halted ? c->halt_reason : NULL;
}

/* Hand every finished transfer to finish(); after a halt the rest are answered by xfer_drain. */
static void read_finished(struct crawler *c)
{
	CURLMsg *msg;
	int left;

	while (!c->halted && (msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		struct xfer *x = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		finish(c, x, msg->data.result);
	}
}

/* Jobs of the pool not drained yet: the run is not over. */
static bool pool_busy(const struct crawler *c)
{
	return c->opts.pool && pool_pending(c->opts.pool);
}

/* Stopped or halted: pending jobs are dropped, then every request is answered as skipped. */
static void end_early(struct crawler *c)
{
	if (c->opts.pool)
		pool_cancel(c->opts.pool);
	xfer_drain(c);
}

/* A turn of the loop took from since until now outside curl_multi_poll. */
static void note_stall(struct crawler *c, long long since)
{
	long long took = now_us() - since;

	if (took > c->stats.longest_stall_us)
		c->stats.longest_stall_us = took;
}

int crawl_run(struct crawler *c)
{
	int still = 0;
	long long turn = now_us();

	dispatch(c);
	while (c->running || c->queue_head || pool_busy(c)) {
		if (stopped(c) || c->halted) {
			end_early(c);
			return c->halted ? CRAWL_HALTED : CRAWL_STOPPED;
		}
		xfer_expire(c, crawl_now_ms());
		if (curl_multi_perform(c->multi, &still) != CURLM_OK)
			return -1;
		read_finished(c);
		if (c->opts.pool)
			pool_drain(c->opts.pool);
		xfer_body_resume(c);
		dispatch(c);
		if (!c->halted && (c->running || c->queue_head || pool_busy(c))) {
			note_stall(c, turn);
			if (curl_multi_poll(c->multi, NULL, 0, (int)next_wakeup_ms(c), NULL) != CURLM_OK)
				return -1;
			turn = now_us();
		}
	}
	note_stall(c, turn);
	return c->halted ? CRAWL_HALTED : 0;
}

void crawl_get_stats(const struct crawler *c, struct crawl_stats *out)
{
	*out = c->stats;
	if (c->opts.bodies)
		out->bodies_peak = budget_peak(c->opts.bodies);
}
