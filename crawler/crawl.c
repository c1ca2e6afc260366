/*
 * crawl.c - request queue, per-host limits and retries on a curl multi handle.
 *
 * Each transfer carries one context struct (CURLOPT_PRIVATE) with its own
 * error buffer. The loop keeps the multi handle filled from the queue while
 * respecting the per-host and total limits, drains finished transfers, and
 * lets should_retry() alone decide what is tried again.
 */
#include "crawler/crawl.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/log.h"
#include "parsers/url.h"

struct host_slot {
	char *host;           /* "host:port" key */
	unsigned active;
};

struct xfer {
	struct xfer *next;            /* queue link */
	struct crawler *owner;
	CURL *easy;
	char *url;
	size_t slot;                  /* index into crawler.hosts */
	enum crawl_kind kind;
	bool head;                    /* CRAWL_CHECK: HEAD phase */
	crawl_done_fn done;
	void *userdata;
	struct buf body;
	bool truncated;
	unsigned attempts;
	long long not_before_ms;      /* backoff: not started before this time */
	char errbuf[CURL_ERROR_SIZE];
};

struct crawler {
	struct crawl_opts opts;
	CURLM *multi;
	struct curl_slist *resolve;
	struct curl_slist *connect_to;
	struct xfer *queue_head, *queue_tail;
	unsigned running;
	struct host_slot *hosts;
	size_t nhosts, hosts_alloc;
	struct crawl_stats stats;
};

/* Transient failures worth another try; everything else is final. */
static const CURLcode retryable_codes[] = {
	CURLE_OPERATION_TIMEDOUT, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
	CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM,
	CURLE_COULDNT_RESOLVE_HOST,
};
static const long retryable_statuses[] = { 429, 500, 502, 503, 504 };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* Longest single wait in the loop, so queued backoffs are noticed. */
#define POLL_MAX_MS 100

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

int crawl_new(struct crawler **out, const struct crawl_opts *opts)
{
	struct crawler *c = calloc(1, sizeof(*c));
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
	c->multi = curl_multi_init();
	c->resolve = slist_from(opts->resolve, &err);
	c->connect_to = slist_from(opts->connect_to, &err);
	if (!c->multi || err) {
		crawl_free(c);
		return -1;
	}
	/* Connection reuse per host is bounded by our own per-host limit. */
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)c->opts.max_transfers * 2);
	*out = c;
	return 0;
}

static void xfer_free(struct xfer *x)
{
	if (!x)
		return;
	if (x->easy)
		curl_easy_cleanup(x->easy);
	buf_free(&x->body);
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
		xfer_free(x);
	}
	for (size_t i = 0; i < c->nhosts; i++)
		free(c->hosts[i].host);
	free(c->hosts);
	curl_slist_free_all(c->resolve);
	curl_slist_free_all(c->connect_to);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	free(c);
}

/*
 * The index of the slot for a URL's site (scheme, host and port: the URL's
 * own host, whatever proxy the request goes through); created on first use.
 */
static int host_slot_for(struct crawler *c, const char *url, size_t *index)
{
	char *root = NULL;
	int rc = -1;

	if (url_root(&root, url))
		return -1;
	for (size_t i = 0; i < c->nhosts; i++) {
		if (strcmp(c->hosts[i].host, root) == 0) {
			*index = i;
			rc = 0;
			goto out;
		}
	}
	if (c->nhosts == c->hosts_alloc) {
		size_t n = c->hosts_alloc ? c->hosts_alloc * 2 : 64;
		struct host_slot *p = realloc(c->hosts, n * sizeof(*p));

		if (!p)
			goto out;
		c->hosts = p;
		c->hosts_alloc = n;
	}
	c->hosts[c->nhosts].host = root;
	c->hosts[c->nhosts].active = 0;
	root = NULL;
	*index = c->nhosts++;
	rc = 0;
out:
	free(root);
	return rc;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct xfer *x = userdata;
	size_t n = size * nmemb;

	if (buf_add(&x->body, data, n)) {
		/* Keep what fits, then stop the transfer: the cap is the answer. */
		size_t room = x->body.cap - x->body.len;

		buf_add(&x->body, data, room);
		x->truncated = true;
		return 0;
	}
	return n;
}

static int setup_easy(struct crawler *c, struct xfer *x)
{
	CURL *e = curl_easy_init();

	if (!e)
		return -1;
	x->easy = e;
	x->errbuf[0] = '\0';
	x->truncated = false;
	buf_free(&x->body);
	buf_init(&x->body, x->kind == CRAWL_PAGE ? CAP_BODY_BYTES : CAP_PROBE_BYTES);
	curl_easy_setopt(e, CURLOPT_URL, x->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, CAP_REDIRECTS);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->opts.timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->opts.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->opts.user_agent);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_NOBODY, x->head ? 1L : 0L);
	if (c->opts.cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->opts.cacert);
	if (c->resolve)
		curl_easy_setopt(e, CURLOPT_RESOLVE, c->resolve);
	if (c->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to);
	return 0;
}

int crawl_add(struct crawler *c, const char *url, enum crawl_kind kind,
              crawl_done_fn done, void *userdata)
{
	struct xfer *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	x->owner = c;
	x->url = strdup(url);
	x->kind = kind;
	x->head = kind == CRAWL_CHECK;
	x->done = done;
	x->userdata = userdata;
	buf_init(&x->body, CAP_PROBE_BYTES);
	if (!x->url || host_slot_for(c, url, &x->slot)) {
		xfer_free(x);
		return -1;
	}
	if (c->queue_tail)
		c->queue_tail->next = x;
	else
		c->queue_head = x;
	c->queue_tail = x;
	return 0;
}

/* Start what the limits allow, in queue order. */
static void dispatch(struct crawler *c)
{
	struct xfer *x = c->queue_head, *prev = NULL;
	long long now = now_ms();

	while (x && c->running < c->opts.max_transfers) {
		struct xfer *next = x->next;

		struct host_slot *slot = &c->hosts[x->slot];

		if (slot->active >= c->opts.per_host || x->not_before_ms > now) {
			prev = x;
			x = next;
			continue;
		}
		if (prev)
			prev->next = next;
		else
			c->queue_head = next;
		if (c->queue_tail == x)
			c->queue_tail = prev;
		x->next = NULL;
		if (setup_easy(c, x) || curl_multi_add_handle(c->multi, x->easy) != CURLM_OK) {
			log_error("%s: cannot start transfer", x->url);
			xfer_free(x);
		} else {
			x->attempts++;
			slot->active++;
			if (slot->active > c->stats.max_host_active)
				c->stats.max_host_active = slot->active;
			c->running++;
			c->stats.requests++;
		}
		x = next;
	}
}

static bool code_in(CURLcode code, const CURLcode *table, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (table[i] == code)
			return true;
	return false;
}

static bool status_in(long status, const long *table, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (table[i] == status)
			return true;
	return false;
}

/* The one place that decides whether a finished transfer is tried again. */
static bool should_retry(const struct crawler *c, const struct xfer *x, CURLcode code, long status)
{
	if (x->attempts >= c->opts.tries)
		return false;
	if (code != CURLE_OK)
		return code_in(code, retryable_codes, COUNT(retryable_codes));
	return status_in(status, retryable_statuses, COUNT(retryable_statuses));
}

/* HEAD refused or answered oddly: servers that mishandle HEAD are common. */
static bool head_needs_get(CURLcode code, long status)
{
	return code != CURLE_OK || status >= 400;
}

static void requeue(struct crawler *c, struct xfer *x, long long delay_ms)
{
	curl_easy_cleanup(x->easy);
	x->easy = NULL;
	x->not_before_ms = now_ms() + delay_ms;
	x->next = NULL;
	if (c->queue_tail)
		c->queue_tail->next = x;
	else
		c->queue_head = x;
	c->queue_tail = x;
}

static void finish(struct crawler *c, struct xfer *x, CURLcode code)
{
	struct crawl_result r = { 0 };
	long status = 0;
	char *ctype = NULL, *eff = NULL;

	curl_multi_remove_handle(c->multi, x->easy);
	c->running--;
	c->hosts[x->slot].active--;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	/* A body stopped at its cap is a complete answer for our purposes. */
	if (code == CURLE_WRITE_ERROR && x->truncated)
		code = CURLE_OK;
	c->stats.bytes += x->body.len;

	if (should_retry(c, x, code, status)) {
		long long delay = c->opts.retry_delay_ms << (x->attempts - 1);

		c->stats.retries++;
		log_debug("%s: retry %u (%s)", x->url, x->attempts,
		          code ? curl_easy_strerror(code) : "HTTP error");
		requeue(c, x, delay);
		return;
	}
	if (x->kind == CRAWL_CHECK && x->head && head_needs_get(code, status)) {
		x->head = false;
		x->attempts = 0;
		requeue(c, x, 0);
		return;
	}
	curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ctype);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	r.url = x->url;
	r.effective_url = eff ? eff : x->url;
	r.status = code == CURLE_OK ? status : 0;
	r.content_type = ctype ? ctype : "";
	r.body = x->kind == CRAWL_PAGE ? buf_str(&x->body) : "";
	r.body_len = x->kind == CRAWL_PAGE ? x->body.len : 0;
	r.truncated = x->truncated;
	r.curl_code = (int)code;
	r.error = code == CURLE_OK ? "" : (x->errbuf[0] ? x->errbuf : curl_easy_strerror(code));
	r.attempts = x->attempts;
	x->done(x->userdata, &r);
	xfer_free(x);
}

static long long next_wakeup_ms(const struct crawler *c)
{
	long long now = now_ms(), wait = POLL_MAX_MS;

	for (const struct xfer *x = c->queue_head; x; x = x->next)
		if (x->not_before_ms > now && x->not_before_ms - now < wait)
			wait = x->not_before_ms - now;
	return wait;
}

int crawl_run(struct crawler *c)
{
	int still = 0;

	dispatch(c);
	while (c->running || c->queue_head) {
		CURLMsg *msg;
		int left;

		if (curl_multi_perform(c->multi, &still) != CURLM_OK)
			return -1;
		while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
			struct xfer *x = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			finish(c, x, msg->data.result);
		}
		dispatch(c);
		if (c->running || c->queue_head) {
			if (curl_multi_poll(c->multi, NULL, 0, (int)next_wakeup_ms(c), NULL) != CURLM_OK)
				return -1;
		}
	}
	return 0;
}

void crawl_get_stats(const struct crawler *c, struct crawl_stats *out)
{
	*out = c->stats;
}
