/*
 * url.c - URL parsing, resolution and normalisation with curl's URL API.
 * No transfers happen here; CURLU is only a parser.
 */
#include "parsers/url.h"

#include <curl/curl.h>
#include <curl/mprintf.h>
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/caps.h"
#include "core/macros.h"

static const char *const accepted_schemes[] = { "http", "https" };

static bool scheme_accepted(const char *scheme)
{
	for (size_t i = 0; i < COUNT(accepted_schemes); i++)
		if (strcasecmp(scheme, accepted_schemes[i]) == 0)
			return true;
	return false;
}

/* Does the text carry a scheme ("xxx:" before any '/', '?' or '#')? */
static bool has_scheme(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

	return n > 0 && s[n] == ':' && !(s[n + 1] >= '0' && s[n + 1] <= '9');
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static bool has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/*
 * A host in Cyrillic (школа61.екатеринбург.рф) in its ASCII form
 * (xn--61-...), as it goes over DNS and HTTP: libidn2, IDNA 2008 with
 * Unicode's transitional rules off, as curl uses it. *host, curl's, is
 * replaced. 0, or -1 when it is no valid name (or out of memory).
 */
static int host_to_ascii(char **host)
{
	char *ascii = NULL, *copy;

	if (!has_non_ascii(*host))
		return 0;
	if (idn2_to_ascii_8z(*host, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK)
		return -1;
	copy = curl_maprintf("%s", ascii);
	idn2_free(ascii);
	if (!copy)
		return -1;
	curl_free(*host);
	*host = copy;
	return 0;
}

char *url_for_people(char *out, size_t cap, const char *url)
{
	const char *host = strstr(url, "://");
	size_t hlen;
	char *ascii, *uni = NULL;

	snprintf(out, cap, "%s", url);
	if (!host || !strstr(url, "xn--"))
		return out;
	host += 3;
	hlen = strcspn(host, "/?#:");
	ascii = strndup(host, hlen);
	if (ascii && strstr(ascii, "xn--") && !strchr(ascii, '@') &&
	    idn2_to_unicode_8z8z(ascii, &uni, 0) == IDN2_OK)
		snprintf(out, cap, "%.*s%s%s", (int)(host - url), url, uni, host + hlen);
	idn2_free(uni);
	free(ascii);
	return out;
}

/* Finish a parsed handle: check scheme and host, drop the fragment, render. */
static int finish(char **out, CURLU *u, const char **why)
{
	char *scheme = NULL, *host = NULL, *full = NULL;
	const char *reason = NULL;
	int rc = -1;

	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		reason = "no scheme";
		goto out;
	}
	if (!scheme_accepted(scheme)) {
		reason = "not an http or https URL";
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		reason = "no host name";
		goto out;
	}
	if (!strchr(host, '.') && strcmp(host, "localhost") != 0 && host[0] != '[') {
		reason = "host name has no domain";
		goto out;
	}
	if (host_to_ascii(&host)) {
		reason = "host name is not a valid internationalised domain name";
		goto out;
	}
	lower_ascii(host);
	if (curl_url_set(u, CURLUPART_HOST, host, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK) {
		reason = "cannot normalise host";
		goto out;
	}
	if (curl_url_get(u, CURLUPART_URL, &full, 0) != CURLUE_OK) {
		reason = "cannot render URL";
		goto out;
	}
	if (strlen(full) > CAP_URL_BYTES) {
		reason = "URL too long";
		goto out;
	}
	*out = strdup(full);
	rc = *out ? 0 : -1;
out:
	if (why)
		*why = reason;
	curl_free(scheme);
	curl_free(host);
	curl_free(full);
	return rc;
}

int url_normalize(char **out, const char *in, const char **why)
{
	CURLU *u = NULL;
	CURLUcode uc;
	int rc = -1;

	*out = NULL;
	if (why)
		*why = NULL;
	while (*in == ' ' || *in == '\t')
		in++;
	if (!*in) {
		if (why)
			*why = "empty URL";
		return -1;
	}
	if (strlen(in) > CAP_URL_BYTES) {
		if (why)
			*why = "URL too long";
		return -1;
	}
	/* javascript:, mailto:, ftp: ... say so, rather than what curl finds odd in them. */
	if (has_scheme(in)) {
		char scheme[16];
		size_t n = strcspn(in, ":");

		snprintf(scheme, sizeof(scheme), "%.*s", (int)(n < sizeof(scheme) ? n : sizeof(scheme) - 1), in);
		lower_ascii(scheme);
		if (n >= sizeof(scheme) || !scheme_accepted(scheme)) {
			if (why)
				*why = "not an http or https URL";
			return -1;
		}
	}
	u = curl_url();
	if (!u)
		goto out;
	/* A registry often omits the scheme; then the site is taken as https. */
	uc = curl_url_set(u, CURLUPART_URL, in,
	                  CURLU_URLENCODE | CURLU_ALLOW_SPACE |
	                  (has_scheme(in) ? 0 : CURLU_DEFAULT_SCHEME) |
	                  CURLU_NON_SUPPORT_SCHEME);
	if (uc != CURLUE_OK) {
		if (why)
			*why = curl_url_strerror(uc);
		goto out;
	}
	rc = finish(out, u, why);
out:
	curl_url_cleanup(u);
	return rc;
}

struct url_base {
	CURLU *u;
};

int url_base_new(struct url_base **out, const char *base)
{
	struct url_base *b = calloc(1, sizeof(*b));

	*out = NULL;
	if (!b)
		return -1;
	b->u = curl_url();
	if (!b->u || curl_url_set(b->u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
		url_base_free(b);
		return -1;
	}
	*out = b;
	return 0;
}

void url_base_free(struct url_base *b)
{
	if (!b)
		return;
	curl_url_cleanup(b->u);
	free(b);
}

/* The last segment of a parsed URL's decoded path, as url_filename() takes it. */
static int handle_filename(char **out, CURLU *u)
{
	char *path = NULL;
	const char *slash;

	*out = NULL;
	if (curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) != CURLUE_OK) {
		curl_free(path);
		return -1;
	}
	slash = strrchr(path, '/');
	*out = strdup(slash ? slash + 1 : path);
	curl_free(path);
	return *out ? 0 : -1;
}

int url_base_resolve(char **out, char **filename, const struct url_base *b, const char *ref)
{
	CURLU *u;
	int rc = -1;

	*out = NULL;
	if (filename)
		*filename = NULL;
	if (strlen(ref) > CAP_URL_BYTES)
		return -1;
	/* a copy of the parsed base: what parsing the base again would give */
	u = curl_url_dup(b->u);
	if (!u)
		return -1;
	/* RFC 3986: "#frag" names the base document itself; curl 7.88 drops its file name. */
	if (ref[0] == '#') {
		rc = finish(out, u, NULL);
		goto out;
	}
	/* Setting a relative URL on a handle that holds the base resolves it. */
	if (curl_url_set(u, CURLUPART_URL, ref,
	                 CURLU_URLENCODE | CURLU_ALLOW_SPACE | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	rc = finish(out, u, NULL);
out:
	/*
	 * The file name from the handle that made the URL: parsing the URL
	 * again gives the same path, except when it does not parse again. That
	 * happens with a space left in the user name (the reference is read
	 * with CURLU_ALLOW_SPACE, which the path and query escape): then, as
	 * whenever in doubt, url_filename() is asked.
	 */
	if (rc == 0 && filename && (strchr(*out, ' ') ? url_filename(filename, *out) : handle_filename(filename, u)))
		*filename = NULL;
	curl_url_cleanup(u);
	return rc;
}

int url_resolve(char **out, const char *base, const char *ref)
{
	struct url_base *b = NULL;
	int rc;

	*out = NULL;
	if (url_base_new(&b, base))
		return -1;
	rc = url_base_resolve(out, NULL, b, ref);
	url_base_free(b);
	return rc;
}

/* A copy of one part of a parsed URL, owned by the caller. */
static int dup_part(char **out, CURLU *u, CURLUPart part, unsigned int flags)
{
	char *p = NULL;
	int rc = -1;

	if (curl_url_get(u, part, &p, flags) == CURLUE_OK) {
		*out = strdup(p);
		rc = *out ? 0 : -1;
	}
	curl_free(p);
	return rc;
}

static int get_part(char **out, const char *url, CURLUPart part, unsigned int flags)
{
	CURLU *u = curl_url();
	int rc = -1;

	*out = NULL;
	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK)
		rc = dup_part(out, u, part, flags);
	curl_url_cleanup(u);
	return rc;
}

int url_host(char **out, const char *url)
{
	int rc = get_part(out, url, CURLUPART_HOST, 0);

	if (rc == 0)
		lower_ascii(*out);
	return rc;
}

int url_origin(struct url_origin *out, const char *url)
{
	CURLU *u = curl_url();
	char *port = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    dup_part(&out->scheme, u, CURLUPART_SCHEME, 0) ||
	    dup_part(&out->host, u, CURLUPART_HOST, 0) ||
	    dup_part(&port, u, CURLUPART_PORT, CURLU_DEFAULT_PORT))
		goto out;
	lower_ascii(out->scheme);
	lower_ascii(out->host);
	out->port = (unsigned)strtoul(port, NULL, 10);
	rc = 0;
out:
	free(port);
	curl_url_cleanup(u);
	if (rc)
		url_origin_clear(out);
	return rc;
}

void url_origin_clear(struct url_origin *o)
{
	free(o->scheme);
	free(o->host);
	o->scheme = NULL;
	o->host = NULL;
}

int url_path_decoded(char **out, const char *url)
{
	return get_part(out, url, CURLUPART_PATH, CURLU_URLDECODE);
}

int url_root(char **out, const char *url)
{
	CURLU *u = curl_url();
	int rc = -1;

	*out = NULL;
	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_PATH, "/", 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_QUERY, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK)
		rc = dup_part(out, u, CURLUPART_URL, 0);
	curl_url_cleanup(u);
	return rc;
}

int url_target(char **out, const char *url)
{
	CURLU *u = curl_url();
	char *path = NULL, *query = NULL;
	int rc = -1;

	*out = NULL;
	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
		query = NULL;
	*out = malloc(strlen(path) + (query ? strlen(query) + 1 : 0) + 1);
	if (!*out)
		goto out;
	strcpy(*out, path);
	if (query) {
		strcat(*out, "?");
		strcat(*out, query);
	}
	rc = 0;
out:
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return rc;
}

int url_filename(char **out, const char *url)
{
	char *path = NULL;
	const char *slash;
	int rc;

	*out = NULL;
	rc = url_path_decoded(&path, url);
	if (rc)
		return rc;
	slash = strrchr(path, '/');
	*out = strdup(slash ? slash + 1 : path);
	free(path);
	return *out ? 0 : -1;
}

/* Does the path end in a file name with an extension ("/p30aa1.html")? */
static bool url_path_is_page(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && strchr(slash, '.') != NULL;
}

bool url_names_page(const char *url)
{
	char *path = NULL;
	bool page;

	if (get_part(&path, url, CURLUPART_PATH, 0))
		return false;
	page = url_path_is_page(path);
	free(path);
	return page;
}

/*
 * A section parsed once: its host, port and the path prefix it covers.
 * "/a/b" and "/a/b/" both cover "/a/b" and "/a/b/..."; a page
 * "/a/p30.html" covers its directory "/a/", as a flat CMS (edusite) keeps
 * its subpages there.
 */
struct url_scope {
	char *host, *port, *path;
	size_t n;          /* the covering prefix of path */
};

void url_scope_free(struct url_scope *s)
{
	if (!s)
		return;
	curl_free(s->host);
	curl_free(s->port);
	curl_free(s->path);
	free(s);
}

/* Host and port (defaulted by scheme) of a parsed URL; both freed with curl_free(). */
static bool origin_parts(CURLU *u, char **host, char **port)
{
	*host = *port = NULL;
	return curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK &&
	       curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT) == CURLUE_OK;
}

int url_scope_new(struct url_scope **out, const char *section)
{
	struct url_scope *s = calloc(1, sizeof(*s));
	CURLU *u = curl_url();
	int rc = -1;

	*out = NULL;
	if (!s || !u || curl_url_set(u, CURLUPART_URL, section, 0) != CURLUE_OK ||
	    !origin_parts(u, &s->host, &s->port))
		goto out;
	/* without a path the scope still knows its host (url_same_host) */
	if (curl_url_get(u, CURLUPART_PATH, &s->path, 0) != CURLUE_OK) {
		curl_free(s->path);
		s->path = NULL;
	} else {
		s->n = strlen(s->path);
		if (url_path_is_page(s->path))
			s->n = (size_t)(strrchr(s->path, '/') - s->path);
		else if (s->n && s->path[s->n - 1] == '/')
			s->n--;
	}
	*out = s;
	s = NULL;
	rc = 0;
out:
	url_scope_free(s);
	curl_url_cleanup(u);
	return rc;
}

/* Same host and port as the scope's; below its path too when below is set. */
static bool scope_has(const struct url_scope *s, const char *url, bool below)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *path = NULL;
	bool result = false;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (!origin_parts(u, &host, &port) || strcasecmp(s->host, host) != 0 || strcmp(s->port, port) != 0)
		goto out;
	if (!below) {
		result = true;
		goto out;
	}
	if (!s->path || curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		goto out;
	result = strncmp(s->path, path, s->n) == 0 && (path[s->n] == '\0' || path[s->n] == '/');
out:
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
	return result;
}

bool url_scope_covers(const struct url_scope *s, const char *url)
{
	return s && scope_has(s, url, true);
}

static bool compare(const char *section, const char *url, bool below)
{
	struct url_scope *s = NULL;
	bool result;

	if (url_scope_new(&s, section))
		return false;
	result = scope_has(s, url, below);
	url_scope_free(s);
	return result;
}

/* host without "www." + path without trailing '/' + "?query", or NULL. */
static char *registry_key(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *path = NULL, *query = NULL, *key = NULL;
	size_t n;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
		query = NULL;
	/* Only a port written out and not the scheme's usual one makes another site. */
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK ||
	    strcmp(port, "80") == 0 || strcmp(port, "443") == 0) {
		curl_free(port);
		port = NULL;
	}
	lower_ascii(host);
	n = strlen(path);
	while (n > 0 && path[n - 1] == '/')
		path[--n] = '\0';
	n = strlen(host) + (port ? strlen(port) : 0) + strlen(path) + (query ? strlen(query) : 0) + 4;
	key = malloc(n);
	if (key)
		snprintf(key, n, "%s%s%s%s%s%s", strncmp(host, "www.", 4) == 0 ? host + 4 : host,
		         port ? ":" : "", port ? port : "", path, query ? "?" : "", query ? query : "");
out:
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return key;
}

bool url_equivalent(const char *a, const char *b)
{
	char *ka = registry_key(a), *kb = registry_key(b);
	bool same = ka && kb && strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return same;
}

bool url_is_below(const char *section, const char *url)
{
	return compare(section, url, true);
}

bool url_same_host(const char *a, const char *b)
{
	return compare(a, b, false);
}

char *url_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0);
	char *out = e ? strdup(e) : NULL;

	curl_free(e);
	return out;
}

char *url_unescape(const char *s, size_t len)
{
	int n = 0;
	char *d = len <= CAP_URL_BYTES ? curl_easy_unescape(NULL, s, (int)len, &n) : NULL;
	char *out = d && memchr(d, '\0', (size_t)n) == NULL ? strndup(d, (size_t)n) : NULL;

	curl_free(d);
	return out;
}
