/*
 * url.h - URL handling on top of curl's URL API (CURLU); no transfers.
 *
 * All results are owned by the caller and freed with free(). Functions
 * return 0 on success and a negative value when the input is not a usable
 * http(s) URL.
 */
#ifndef MA_URL_H
#define MA_URL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Parse a URL as a department typed it: a missing scheme means https,
 * Cyrillic and spaces are percent-encoded, the fragment is dropped, the
 * host is lower-cased. Only http and https with a host are accepted. On
 * failure *why (static text) says what is wrong.
 */
int url_normalize(char **out, const char *in, const char **why);

/* Resolve ref against base (RFC 3986), then normalise as above. */
int url_resolve(char **out, const char *base, const char *ref);

/*
 * A base URL parsed once, for resolving many references against it (the
 * links of a page): url_base_resolve() gives what url_resolve() gives,
 * and when filename is not NULL, what url_filename() gives for that URL
 * (NULL where url_filename() fails). url_base_new() fails when the base
 * does not parse.
 */
struct url_base;
int url_base_new(struct url_base **out, const char *base);
void url_base_free(struct url_base *b);
int url_base_resolve(char **out, char **filename, const struct url_base *b, const char *ref);

/* The lower-cased host name. */
int url_host(char **out, const char *url);

/*
 * url as people read it: a host sent in its ASCII form (xn--61-...) back
 * in Cyrillic (школа61.екатеринбург.рф), the rest as it is, written to
 * out (at most cap bytes with the NUL). Any URL that cannot be so turned
 * is written as it is. Returns out.
 */
char *url_for_people(char *out, size_t cap, const char *url);

/*
 * Where a URL leads: its scheme and host, lower-cased (an IPv6 address in
 * brackets, an international name as written), and its port, the
 * scheme's default when none is written. Free with url_origin_clear().
 */
struct url_origin {
	char *scheme;
	char *host;
	unsigned port;
};
int url_origin(struct url_origin *out, const char *url);
void url_origin_clear(struct url_origin *o);

/* "scheme://host[:port]/" of the URL. */
int url_root(char **out, const char *url);

/* The path and query as they appear in the URL ("/a/%D0%B1?x=1"), for robots.txt. */
int url_target(char **out, const char *url);

/* The last path segment, percent-decoded ("" for a path ending in /). */
int url_filename(char **out, const char *url);

/* The percent-decoded path (starting with '/'). */
int url_path_decoded(char **out, const char *url);

/*
 * Is url on the same host (and port) as section and its path at or below
 * the directory of the section's path? ("/a/b" and "/a/b/" both cover
 * "/a/b/c"; a section page "/a/p30.html" covers "/a/".)
 */
bool url_is_below(const char *section, const char *url);

/* The section of url_is_below() parsed once, for many URLs; NULL covers none. */
struct url_scope;
int url_scope_new(struct url_scope **out, const char *section);
void url_scope_free(struct url_scope *s);
bool url_scope_covers(const struct url_scope *s, const char *url);

/*
 * Do a and b name the same page for a person keeping a registry? Scheme,
 * a leading "www.", default ports and a trailing '/' are ignored; host,
 * path and query must match.
 */
bool url_equivalent(const char *a, const char *b);

/* Does the URL's path end in a file name with an extension ("/p30aa1.html")? */
bool url_names_page(const char *url);

/* Same host and port. */
bool url_same_host(const char *a, const char *b);

/* s percent-encoded as a query value (curl_easy_escape). Caller frees; NULL when out of memory. */
char *url_escape(const char *s);

/*
 * The len bytes at s percent-decoded (curl_easy_unescape). Caller frees;
 * NULL when out of memory, past CAP_URL_BYTES or when it decodes to a NUL.
 */
char *url_unescape(const char *s, size_t len);

#endif
