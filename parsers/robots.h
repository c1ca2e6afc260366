/*
 * robots.h - robots.txt (RFC 9309) parsed from a buffer, and the questions
 * a crawler asks of it: may I fetch this path, and how long do I wait.
 * No I/O: the caller fetches the file and hands over its bytes.
 *
 * Lines end in LF, CR or CRLF; a UTF-8 BOM is skipped; '#' starts a
 * comment anywhere and a NUL byte ends a line's content the same way.
 * A line is "key : value", the key case-insensitive: user-agent (also
 * "useragent", "user agent"), allow, disallow, crawl-delay, sitemap. Other
 * keys and lines without a colon are ignored; they and sitemap lines do not
 * end a group. Consecutive user-agent lines open a group; a user-agent line
 * after a rule or crawl-delay line opens the next one; lines before the
 * first user-agent line are ignored. When the file is longer than
 * CAP_ROBOTS_BYTES, the bytes past the cap and the line cut by it are
 * ignored.
 *
 * A group's user-agent value and the crawler's User-Agent string are both
 * cut to their product token (up to the first '/', space, tab or '(') and
 * compared case-insensitively. All groups naming the crawler apply,
 * merged; when none does, all "*" groups apply; when there are none of
 * those either, everything is allowed.
 *
 * Paths are compared after one normalisation of both sides: %XX escapes
 * of unreserved characters decoded, other escapes upper-cased, octets
 * >= 0x80, controls, space, '*', '$', '#' and a '%' that starts no escape
 * written as %XX. In a pattern '*' matches any run of octets and a final
 * '$' anchors it to the end of the target. The longest matching pattern
 * (normalised octets, the '$' included) wins; Allow wins a tie. Empty
 * Allow and Disallow values are no rules. "/robots.txt" is always allowed.
 *
 * Caps: CAP_ROBOTS_RULES rules are kept (later ones are ignored), a value
 * longer than CAP_ROBOTS_PATTERN bytes as written is ignored, user-agent
 * tokens are cut to CAP_ROBOTS_AGENT - 1 bytes, CAP_ROBOTS_SITEMAPS sitemap
 * values are kept (empty ones and ones of CAP_URL_BYTES or more are not). Everything else a parsed
 * file holds grows at most linearly with the CAP_ROBOTS_BYTES it reads.
 *
 * A parsed struct robots is never changed by the queries; one const
 * struct robots may be shared between threads.
 */
#ifndef MA_ROBOTS_H
#define MA_ROBOTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

struct robots;   /* opaque, a parsed robots.txt */

/*
 * Parse the first CAP_ROBOTS_BYTES of buf[0..len) (not NUL-terminated; may
 * hold NULs, invalid UTF-8, CRLF, a BOM). Never fails on content: junk
 * lines are ignored. Returns 0 with *out owned by the caller (free with
 * robots_free()), or -1 when out of memory (*out is NULL then).
 */
int robots_parse(struct robots **out, const char *buf, size_t len);

/* An empty rule set, everything allowed (for a 4xx robots.txt). 0 or -1 as above. */
int robots_allow_all(struct robots **out);

/* Free r; NULL is fine. */
void robots_free(struct robots *r);

struct robots_verdict {
	bool allowed;
	unsigned line;                       /* 1-based line of the deciding rule; 0 when no rule matched (allowed) */
	char rule[CAP_ROBOTS_PATTERN + 16];  /* the deciding line as "Disallow: /x" / "Allow: /x", normalised key spelling, value as written; "" when none */
	char group[CAP_ROBOTS_AGENT];        /* the user-agent of the group that applied ("*" or the token as written in the file); "" when no group applied */
};

/*
 * Is target allowed for the crawler whose User-Agent string is user_agent?
 * target is the path and query as they appear in the URL ("/a/b?x=1";
 * "" means "/"). For "/robots.txt" the verdict is allowed with no rule
 * and no group. user_agent may be NULL (only "*" groups apply then).
 */
void robots_check(const struct robots *r, const char *user_agent, const char *target,
                  struct robots_verdict *v);

/*
 * Crawl-delay in milliseconds (rounded to nearest) for that agent's group
 * or groups, the largest when several give one, or -1 when none does. Not
 * capped here (the caller caps); absurd values saturate at LONG_MAX.
 */
long robots_crawl_delay_ms(const struct robots *r, const char *user_agent);

/*
 * The Sitemap: lines, wherever they stand in the file, in file order: their
 * values as written (trimmed; relative ones are the caller's to resolve).
 * robots_sitemap() gives NULL past the count.
 */
size_t robots_sitemap_count(const struct robots *r);
const char *robots_sitemap(const struct robots *r, size_t i);

#endif
