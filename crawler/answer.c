/*
 * answer.c - what a finished transfer means: whether it is tried again
 * (should_retry decides alone), what robots.txt said for its host, what
 * the --cache keeps or gives back, what the --warc archive records,
 * which redirects are followed, and what a refused address means.
 */
#include "crawler/xfer.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/log.h"
#include "parsers/robots.h"
#include "parsers/url.h"

/* Transient failures worth another try; everything else is final. */
static const CURLcode retryable_codes[] = {
	CURLE_OPERATION_TIMEDOUT, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
	CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM,
	CURLE_COULDNT_RESOLVE_HOST,
};
static const long retryable_statuses[] = { 429, 502, 503, 504 };

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

/* Retry-After in ms (0 when none); longer than the cap means "not in this run". */
static long long retry_after_ms(const struct xfer *x)
{
	curl_off_t after = 0;

	if (curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &after) != CURLE_OK || after <= 0)
		return 0;
	return after > CAP_RETRY_AFTER_MS / 1000 ? CAP_RETRY_AFTER_MS + 1 : (long long)after * 1000;
}

/* The one place that decides whether a finished transfer is tried again. */
bool xfer_should_retry(const struct crawler *c, const struct xfer *x, CURLcode code, long status)
{
	if (x->attempts >= c->opts.tries)
		return false;
	if (code != CURLE_OK)
		return code_in(code, retryable_codes, COUNT(retryable_codes));
	/* A server asking for more patience than the cap will not be ready within this run. */
	return status_in(status, retryable_statuses, COUNT(retryable_statuses)) &&
	       retry_after_ms(x) <= CAP_RETRY_AFTER_MS;
}

/* HEAD refused or answered oddly: servers that mishandle HEAD are common. */
bool xfer_head_needs_get(CURLcode code, long status)
{
	return code != CURLE_OK || status >= 400;
}

/* Exponential backoff, capped, plus up to half again of random jitter. */
static long long backoff_ms(struct crawler *c, unsigned attempt)
{
	long long base = c->opts.retry_delay_ms;

	for (unsigned i = 1; i < attempt && base < CAP_BACKOFF_MS; i++)
		base *= 2;
	if (base > CAP_BACKOFF_MS)
		base = CAP_BACKOFF_MS;
	c->rng = c->rng * 6364136223846793005ull + 1442695040888963407ull;
	return base + (base > 1 ? (long long)((c->rng >> 33) % (unsigned long long)(base / 2 + 1)) : 0);
}

void xfer_requeue(struct crawler *c, struct xfer *x, long long delay_ms)
{
	curl_easy_cleanup(x->easy);
	x->easy = NULL;
	x->not_before_ms = crawl_now_ms() + delay_ms;
	xfer_enqueue(c, x);
}

void xfer_refused(struct crawler *c, struct xfer *x, const char *address, enum address_kind kind)
{
	if (address != x->refused)
		snprintf(x->refused, sizeof(x->refused), "%s", address);
	x->refused_kind = kind;
	snprintf(x->errbuf, sizeof(x->errbuf), "not connected: %s is not a public address (%s)", x->refused,
	         address_kind_name(kind));
	c->stats.address_refused++;
	log_info("%s: %s", x->url, x->errbuf);
}

/*
 * A refused robots.txt request. Refused for the host itself: every request
 * there would be, and is answered so. Refused for where it redirected
 * (hops): robots.txt is unavailable, and RFC 9309 then allows everything,
 * as for a redirect loop.
 */
static void robots_refused(struct crawler *c, struct xfer *x)
{
	struct host *h = xfer_host_of(c, x);

	if (x->hops) {
		/* Out of memory leaves no rules, which allows everything as well. */
		(void)robots_allow_all(&h->robots);
		h->robots_state = ROBOTS_READY;
		return;
	}
	h->robots_state = ROBOTS_FAILED;
	h->robots_curl_code = CURLE_COULDNT_CONNECT;
	h->robots_status = 0;
	snprintf(h->robots_refused, sizeof(h->robots_refused), "%s", x->refused);
	snprintf(h->robots_error, sizeof(h->robots_error), "%s", x->errbuf);
}

/* A finished robots.txt request decides for its host. */
/*
 * Through a proxy, 502 Bad Gateway and 504 Gateway Timeout are the proxy's
 * own words: the site did not answer it. For robots.txt that is no answer
 * of the site's (RFC 9309's "unreachable"), so the host is unreachable as
 * for a failed connection or a timeout, not blocked by a robots.txt that
 * failed. (A page's 502 is a 5xx already: unreachable after its retries.)
 */
static CURLcode proxy_gateway_failure(const struct xfer *x, CURLcode code, long status)
{
	if (code != CURLE_OK || !x->route.proxy)
		return CURLE_OK;
	if (status == 502)
		return CURLE_COULDNT_CONNECT;
	if (status == 504)
		return CURLE_OPERATION_TIMEDOUT;
	return CURLE_OK;
}

void xfer_robots_done(struct crawler *c, struct xfer *x, CURLcode code, long status)
{
	struct host *h = xfer_host_of(c, x);
	CURLcode gateway = proxy_gateway_failure(x, code, status);
	int rc = 0;

	if (gateway != CURLE_OK) {
		snprintf(x->errbuf, sizeof(x->errbuf), "the proxy answered HTTP %ld for robots.txt: the site did not answer it",
		         status);
		code = gateway;
	}

	if (x->refused[0]) {
		robots_refused(c, x);
		return;
	}
	h->robots_record = x->warc_ref;
	h->robots_answer = code == CURLE_OK ? status : 0;
	free(h->robots_url);
	h->robots_url = strdup(x->url);     /* NULL (out of memory): no evidence link, nothing else */
	if (code == CURLE_OK && status >= 200 && status < 300) {
		rc = robots_parse(&h->robots, x->body.data ? x->body.data : "", x->body.len);
	} else if ((code == CURLE_OK && status >= 400 && status < 500) ||
	           code == CURLE_TOO_MANY_REDIRECTS) {
		/* RFC 9309 2.3.1.3: unavailable, so no restrictions. */
		rc = robots_allow_all(&h->robots);
	} else {
		h->robots_state = ROBOTS_FAILED;
		h->robots_curl_code = (int)code;
		h->robots_status = code == CURLE_OK ? status : 0;
		snprintf(h->robots_error, sizeof(h->robots_error), "%s",
		         x->errbuf[0] ? x->errbuf : curl_easy_strerror(code));
		log_debug("%srobots.txt: %s", h->root, code ? h->robots_error : "server error");
		return;
	}
	if (rc) {
		h->robots_state = ROBOTS_READY;    /* out of memory: fetch as if none */
		return;
	}
	h->robots_state = ROBOTS_READY;
	{
		long cd = robots_crawl_delay_ms(h->robots, c->opts.user_agent);

		if (cd > CAP_CRAWL_DELAY_MS)
			cd = CAP_CRAWL_DELAY_MS;
		if (cd > h->delay_ms)
			h->delay_ms = cd;
	}
}

/* Fill in from the cache what a 304 left out; false when the cache let us down. */
bool xfer_use_cached(struct crawler *c, struct xfer *x)
{
	if (xfer_keeps_body(x) &&
	    cache_read_body(c->opts.cache_dir, x->url, &x->cached, &x->body))
		return false;
	c->stats.not_modified++;
	return true;
}

/*
 * A response header of the last request (after redirects) copied into out;
 * false when absent or longer than out. curl reuses the struct it hands
 * back, so the value is copied at once.
 */
static bool header_value(CURL *e, const char *name, char *out, size_t len)
{
	struct curl_header *h = NULL;

	out[0] = '\0';
	if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || strlen(h->value) >= len)
		return false;
	memcpy(out, h->value, strlen(h->value) + 1);
	return true;
}

/* Keep a fresh 2xx answer with a validator for the next run. */
void xfer_store_cached(struct crawler *c, struct xfer *x, long status, const char *ctype,
                         const char *eff)
{
	struct cache_entry e = { 0 };
	char etag[CAP_HEADER_VALUE], lm[CAP_HEADER_VALUE], why[CAP_ERROR_TEXT * 2];
	bool has_etag, has_lm;
	int rc;

	if (!c->opts.cache_dir || x->is_robots || x->truncated || status < 200 || status >= 300)
		return;
	has_etag = header_value(x->easy, "ETag", etag, sizeof(etag));
	has_lm = header_value(x->easy, "Last-Modified", lm, sizeof(lm));
	if (!has_etag && !has_lm)
		return;
	e.etag = etag;
	e.last_modified = lm;
	e.content_type = (char *)ctype;
	e.effective_url = (char *)eff;
	e.status = status;
	rc = cache_store(c->opts.cache_dir, x->url, &e, xfer_keeps_body(x) ? buf_str(&x->body) : "",
	                 xfer_keeps_body(x) ? x->body.len : 0, why, sizeof(why));
	if (rc == CACHE_ERR_WRITE)
		crawl_halt(c, why);
	else if (rc)
		log_debug("%s: not kept in the cache: %s", x->url, why);
}

void xfer_count_bytes(struct crawler *c, CURL *e)
{
	curl_off_t body = 0;
	long headers = 0;

	curl_easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &body);
	curl_easy_getinfo(e, CURLINFO_HEADER_SIZE, &headers);
	c->stats.bytes += (size_t)body + (size_t)headers;
}

/*
 * With an archive: keep the response as it arrived, whatever happens to it
 * next. A file that cannot be written halts the crawl: an archive without
 * every response is no evidence. A response that cannot be a record (its
 * URI or head) costs that record only; the first is logged as an error,
 * later ones as debug.
 */
void xfer_archive(struct crawler *c, struct xfer *x, CURLcode code, long status)
{
	char *eff = NULL;
	int rc;

	x->warc_ref.record_id[0] = '\0';
	x->warc_ref.offset = -1;
	if (!c->opts.warc || code != CURLE_OK || status <= 0)
		return;
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	rc = warc_write_response(c->opts.warc, eff ? eff : x->url, buf_str(&x->resp_head),
	                         x->resp_head.len, buf_str(&x->body), x->body.len,
	                         x->truncated || x->head_truncated, &x->warc_ref);
	if (rc == 0) {
		c->stats.warc_records++;
		return;
	}
	if (rc == WARC_ERR_FILE) {
		crawl_halt(c, warc_last_error(c->opts.warc));
		return;
	}
	log_msg(c->stats.warc_errors ? LOG_DEBUG : LOG_ERROR, "%s: not archived: %s",
	        eff ? eff : x->url, warc_last_error(c->opts.warc));
	c->stats.warc_errors++;
}

/* Wait before a retry: the backoff, or longer when the server said so (capped). */
long long xfer_retry_wait(struct crawler *c, struct xfer *x)
{
	long long wait = backoff_ms(c, x->attempts);
	long long asked = retry_after_ms(x);

	if (asked > 0) {
		struct host *h = xfer_host_of(c, x);

		/* Retry-After speaks for the whole host, not just this URL. */
		if (crawl_now_ms() + asked > h->hold_until_ms)
			h->hold_until_ms = crawl_now_ms() + asked;
		if (asked > wait)
			wait = asked;
	}
	return wait;
}

bool xfer_is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/*
 * A redirect answer: queue its target as the next hop of x, on the
 * target's host (1), or say why it is not followed, as the transfer's
 * error (0: *code and x->errbuf set).
 */
int xfer_follow_redirect(struct crawler *c, struct xfer *x, CURLcode *code)
{
	char *target = NULL, *next = NULL;
	size_t slot;

	curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &target);
	if (!target)
		return 0;                /* no usable Location: the 3xx is the answer */
	if (x->hops >= CAP_REDIRECTS) {
		*code = CURLE_TOO_MANY_REDIRECTS;
		snprintf(x->errbuf, sizeof(x->errbuf), "Maximum (%ld) redirects followed", CAP_REDIRECTS);
		return 0;
	}
	if (strncasecmp(target, "http://", 7) != 0 && strncasecmp(target, "https://", 8) != 0) {
		size_t n = strcspn(target, ":");

		*code = CURLE_UNSUPPORTED_PROTOCOL;
		x->redirect_refused = true;
		snprintf(x->errbuf, sizeof(x->errbuf),
		         "Protocol \"%.*s\" not supported: a redirect only to http or https is followed",
		         (int)(n < 16 ? n : 16), target);
		return 0;
	}
	next = strdup(target);
	if (next && !x->origin)
		x->origin = strdup(x->url);
	/* robots.txt stays its host's request, wherever it redirects: the answer is that host's. */
	if (!next || !x->origin ||
	    (!x->is_robots && hosts_slot_for(&c->hosts, target, c->opts.delay_ms, &slot))) {
		free(next);
		*code = CURLE_OUT_OF_MEMORY;
		snprintf(x->errbuf, sizeof(x->errbuf), "out of memory following a redirect");
		return 0;
	}
	free(x->url);
	x->url = next;
	log_debug("%s: redirect %u to %s", x->origin, x->hops + 1, x->url);
	x->hops++;
	if (!x->is_robots) {
		hosts_release(&c->hosts, x->slot, crawl_now_ms());
		x->slot = slot;
	}
	x->routed = false;
	x->attempts = 0;
	x->robots_checked = false;
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	cache_entry_free(&x->cached);
	x->has_cached = false;
	xfer_requeue(c, x, 0);
	return 1;
}
