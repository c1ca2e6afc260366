/*
 * easy.c - one transfer's curl handle: its options (the route the guard
 * gave, hop-by-hop redirects, caps, timeouts, a browser's Accept headers,
 * the cache's conditional headers) and its callbacks (the capped body, the archive's header block,
 * the address check of every socket).
 */
#include "crawler/xfer.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/buf.h"
#include "core/caps.h"
#include "crawler/cache.h"

/* What a browser asks for: pages first, Russian first. */
#define CRAWL_ACCEPT "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#define CRAWL_ACCEPT_LANGUAGE "ru-RU,ru;q=0.9,en;q=0.5"

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct xfer *x = userdata;
	size_t n = size * nmemb;
	int rc;

	/* No room in the run's budget for bodies: curl keeps the data until resumed. */
	if (!xfer_body_may_grow(x->crawler, x, n)) {
		xfer_body_pause(x->crawler, x);
		return CURL_WRITEFUNC_PAUSE;
	}
	rc = buf_add(&x->body, data, n);
	xfer_body_charge(x->crawler, x);
	if (rc == BUF_ERR_CAP) {
		/* Keep what fits, then stop the transfer: the cap is the answer. */
		x->truncated = buf_add(&x->body, data, x->body.cap - x->body.len) == 0;
		return 0;
	}
	/* out of memory: stop with a write error, a failed fetch rather than a short body */
	return rc ? 0 : n;
}


/*
 * The header block of the last response only: redirects, 100 Continue and a
 * proxy's CONNECT answer each start a new one with their status line.
 * Whole lines are kept, up to the cap.
 */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct xfer *x = userdata;
	size_t n = size * nmemb;

	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		buf_reset(&x->resp_head);
		x->head_ended = false;
		x->head_truncated = false;
	} else if (x->head_ended || x->head_truncated) {
		return n;
	}
	if ((n == 2 && data[0] == '\r' && data[1] == '\n') || (n == 1 && data[0] == '\n'))
		x->head_ended = true;
	if (buf_add(&x->resp_head, data, n))
		x->head_truncated = true;
	return n;
}

/*
 * Every socket curl opens, to the address it resolved: refused (no socket,
 * so curl answers CURLE_COULDNT_CONNECT) when the request may not reach it.
 * A proxied request's socket goes to the proxy, and may reach anything.
 */
static curl_socket_t open_socket(void *userdata, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer *x = userdata;
	enum address_kind kind = address_kind_of(&a->addr, a->addrlen);

	(void)purpose;
	if (!guard_allows(x->route.socket, kind)) {
		address_text(x->refused, sizeof(x->refused), &a->addr, a->addrlen);
		x->refused_kind = kind;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* What each kind of request keeps of its answer's body. */
static const struct {
	size_t cap;
	bool kept;        /* handed to the caller (and counted in crawl_opts.bodies) */
} kind_body[] = {
	[CRAWL_PAGE] = { CAP_BODY_BYTES, true },
	[CRAWL_CHECK] = { CAP_PROBE_BYTES, false },
	[CRAWL_DOCUMENT] = { CAP_DOC_BODY_BYTES, true },
};

bool xfer_keeps_body(const struct xfer *x)
{
	return kind_body[x->kind].kept;
}

static size_t body_cap(const struct xfer *x)
{
	return x->is_robots ? CAP_ROBOTS_BYTES : kind_body[x->kind].cap;
}

/* "Name: value" added to x's request headers; nothing when value is "". 0, or -1 when out of memory. */
static int add_header(struct xfer *x, const char *name, const char *value)
{
	char line[CAP_HEADER_VALUE + 32];
	struct curl_slist *n;

	if (!*value)
		return 0;
	snprintf(line, sizeof(line), "%s: %s", name, value);
	n = curl_slist_append(x->headers, line);
	if (!n)
		return -1;
	x->headers = n;
	return 0;
}

/* With --cache: ask only for what changed since the kept copy. */
static int add_validators(struct crawler *c, struct xfer *x)
{
	/* An archive needs every page whole: a 304 would leave nothing to show. */
	if (!c->opts.cache_dir || c->opts.warc || x->is_robots || x->has_cached)
		return 0;
	if (cache_lookup(c->opts.cache_dir, x->url, &x->cached) != 0)
		return 0;
	x->has_cached = true;
	return add_header(x, "If-None-Match", x->cached.etag) ||
	       add_header(x, "If-Modified-Since", x->cached.last_modified) ? -1 : 0;
}

/*
 * The headers a browser sends, besides the honest User-Agent: some school
 * hosts' bot walls answer 403 to a request without them. Then the
 * document's validators (--cache). Made once per request: a retry keeps it.
 */
static int add_request_headers(struct crawler *c, struct xfer *x)
{
	if (x->headers)
		return 0;
	if (add_header(x, "Accept", CRAWL_ACCEPT) || add_header(x, "Accept-Language", CRAWL_ACCEPT_LANGUAGE))
		return -1;
	return add_validators(c, x);
}

int xfer_setup_easy(struct crawler *c, struct xfer *x)
{
	CURL *e = curl_easy_init();

	if (!e)
		return -1;
	x->easy = e;
	x->errbuf[0] = '\0';
	x->truncated = false;
	xfer_body_free(c, x, body_cap(x));
	buf_reset(&x->resp_head);
	x->head_ended = false;
	x->head_truncated = false;
	if (add_request_headers(c, x))
		return -1;
	curl_easy_setopt(e, CURLOPT_URL, x->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/*
	 * Redirects are followed here, hop by hop (xfer_follow_redirect), so
	 * every hop has its own route and address check, and a page's hop passes
	 * its own host's robots.txt and politeness limits.
	 */
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
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
	/* The route decided here, not by curl's own reading of the environment. */
	curl_easy_setopt(e, CURLOPT_PROXY, x->route.proxy ? x->route.proxy : "");
	curl_easy_setopt(e, CURLOPT_NOPROXY, "");
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
	x->refused[0] = '\0';
	if (c->opts.warc) {
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	}
	if (x->headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	if (c->opts.cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->opts.cacert);
	if (c->resolve)
		curl_easy_setopt(e, CURLOPT_RESOLVE, c->resolve);
	if (c->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to);
	return 0;
}
