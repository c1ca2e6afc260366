/*
 * robots.c - a robots.txt parser (RFC 9309) and the matcher that answers
 * "may this crawler fetch this path". A parsed file is one block of text
 * (every kept string, NUL-terminated) and three arrays pointing into it by
 * offset: user-agent tokens, rules and groups, each in file order, so a
 * group's tokens and rules are contiguous runs.
 *
 * Targets are never copied: the matcher reads the target's normalised form
 * one octet at a time, so a check allocates nothing and cannot fail.
 */
#include "parsers/robots.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/lines.h"
#include "core/macros.h"
#include "core/text.h"

/*
 * Everything kept from a line fits in four times its length (a value as
 * written, its normalised form at most three times as long, their NULs
 * covered by the key), so the text block never reaches this.
 */
#define TEXT_CAP (4u * CAP_ROBOTS_BYTES + 64u)
/* Whole seconds beyond this would overflow a long count of milliseconds. */
#define DELAY_MAX_SECS (LONG_MAX / 1000 - 1)
#define FIRST_ALLOC 16u

struct rule {
	size_t pat;        /* offset of the normalised pattern; a '*' octet in it is a wildcard */
	size_t pat_len;
	size_t raw;        /* offset of the value as written */
	unsigned line;
	bool allow;
	bool anchored;     /* the value ended in '$' (not part of pat) */
};

struct group {
	size_t agent0, nagents;  /* its user-agent tokens: agents[agent0..agent0+nagents) */
	size_t rule0, nrules;    /* its rules: rules[rule0..rule0+nrules) */
	long delay_ms;           /* the largest Crawl-delay given, -1 when none */
};

struct robots {
	char *text;              /* every kept string, at the offsets below */
	size_t *agents;          /* offsets of user-agent tokens as written */
	size_t nagents;
	struct rule *rules;
	size_t nrules;
	struct group *groups;
	size_t ngroups;
	size_t *sitemaps;        /* offsets of Sitemap: values as written, file order */
	size_t nsitemaps;
};

struct parser {
	struct robots *r;        /* being built */
	struct buf text;         /* becomes r->text */
	size_t agents_alloc, rules_alloc, groups_alloc, sitemaps_alloc;
	bool in_agents;          /* the last group line was a user-agent line */
};

/* A position in the normalised form of a target: source offset, octet within its unit. */
struct tpos {
	size_t i;
	size_t sub;
};

typedef int (*line_fn)(struct parser *ps, const char *v, size_t n, unsigned line);

static int on_agent(struct parser *ps, const char *v, size_t n, unsigned line);
static int on_allow(struct parser *ps, const char *v, size_t n, unsigned line);
static int on_disallow(struct parser *ps, const char *v, size_t n, unsigned line);
static int on_delay(struct parser *ps, const char *v, size_t n, unsigned line);
static int on_sitemap(struct parser *ps, const char *v, size_t n, unsigned line);

/* Keys understood, lower case; anything else is ignored. */
static const struct {
	const char *key;
	line_fn fn;
} keys[] = {
	{ "user-agent", on_agent },
	{ "useragent", on_agent },
	{ "user agent", on_agent },
	{ "allow", on_allow },
	{ "disallow", on_disallow },
	{ "crawl-delay", on_delay },
	{ "sitemap", on_sitemap },
};

/* --- octets ------------------------------------------------------------ */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool ascii_caseeq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

/* RFC 3986 unreserved characters: an escape of one is decoded. */
static bool is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* Octets always written as %XX in the normalised form. */
static bool is_escaped(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || c == '%' || c == '*' || c == '$' || c == '#';
}

/*
 * The normalised form of the unit starting at s[i] (i < len): its 1 or 3
 * octets into u, their count returned, the source octets it covers in
 * *used. A '%' that starts no escape is itself escaped ("%25").
 */
static size_t norm_unit(const char *s, size_t len, size_t i, char u[3], size_t *used)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c = (unsigned char)s[i];

	*used = 1;
	if (c == '%' && len - i >= 3 && text_hex_value(s[i + 1]) >= 0 && text_hex_value(s[i + 2]) >= 0) {
		c = (unsigned char)(text_hex_value(s[i + 1]) * 16 + text_hex_value(s[i + 2]));
		*used = 3;
		if (is_unreserved(c)) {
			u[0] = (char)c;
			return 1;
		}
	} else if (!is_escaped(c)) {
		u[0] = (char)c;
		return 1;
	}
	u[0] = '%';
	u[1] = hex[c >> 4];
	u[2] = hex[c & 15];
	return 3;
}

/* The normalised octet at p, or -1 at the end of the target. */
static int target_at(const char *t, size_t len, struct tpos p)
{
	char u[3];
	size_t used;

	if (p.i >= len)
		return -1;
	norm_unit(t, len, p.i, u, &used);
	return (unsigned char)u[p.sub];
}

/* The position after p; p is not at the end. */
static struct tpos target_next(const char *t, size_t len, struct tpos p)
{
	char u[3];
	size_t used, n = norm_unit(t, len, p.i, u, &used);

	if (++p.sub == n) {
		p.i += used;
		p.sub = 0;
	}
	return p;
}

/*
 * Does the rule's pattern match a prefix of the target (all of it when
 * anchored)? Greedy, backtracking only to the last '*' seen: at most
 * pattern length times target length steps.
 */
static bool rule_matches(const struct robots *r, const struct rule *ru, const char *t, size_t tlen)
{
	const char *pat = r->text + ru->pat;
	size_t p = 0, star_p = 0;
	struct tpos pos = { 0, 0 }, star_t = { 0, 0 };
	bool starred = false;

	for (;;) {
		if (p == ru->pat_len) {
			if (!ru->anchored || pos.i >= tlen)
				return true;
		} else if (pat[p] == '*') {
			starred = true;
			star_p = ++p;
			star_t = pos;
			continue;
		} else if (target_at(t, tlen, pos) == (unsigned char)pat[p]) {
			p++;
			pos = target_next(t, tlen, pos);
			continue;
		}
		/* let the last '*' take one more octet and retry from there */
		if (!starred || star_t.i >= tlen)
			return false;
		star_t = target_next(t, tlen, star_t);
		pos = star_t;
		p = star_p;
	}
}

/* Length of the product token s[0..n) starts with, within the agent cap. */
static size_t token_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < CAP_ROBOTS_AGENT - 1 && s[i] != '/' && s[i] != ' ' && s[i] != '\t' &&
	       s[i] != '(')
		i++;
	return i;
}

/*
 * Decimal seconds ("2", "0.5", ".25") as milliseconds rounded to nearest;
 * -1 for anything else. Saturates at LONG_MAX.
 */
static long parse_delay(const char *s, size_t n)
{
	long secs = 0, frac = 0;
	size_t i = 0, digits = 0, fdigits = 0;
	bool round_up = false;

	for (; i < n && is_digit(s[i]); i++, digits++)
		if (secs <= DELAY_MAX_SECS)
			secs = secs * 10 + (s[i] - '0');
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]); i++, digits++, fdigits++) {
			if (fdigits < 3)
				frac = frac * 10 + (s[i] - '0');
			else if (fdigits == 3)
				round_up = s[i] >= '5';
		}
	if (digits == 0 || i != n)
		return -1;
	for (; fdigits < 3; fdigits++)
		frac *= 10;
	if (secs > DELAY_MAX_SECS)
		return LONG_MAX;
	return secs * 1000 + frac + (round_up ? 1 : 0);
}

/* --- parsing ----------------------------------------------------------- */

/* Make room for one more of n items of size bytes; the new array or NULL. */
static void *reserve(void *items, size_t *alloc, size_t n, size_t size)
{
	size_t want;
	void *p;

	if (n < *alloc)
		return items;
	want = *alloc ? *alloc * 2 : FIRST_ALLOC;
	p = realloc(items, want * size);
	if (p)
		*alloc = want;
	return p;
}

/* Keep s[0..n) and a NUL; *off gets its offset. 0, or a BUF_ERR_ code. */
static int text_add(struct parser *ps, const char *s, size_t n, size_t *off)
{
	int rc;

	*off = ps->text.len;
	rc = buf_add(&ps->text, s, n);
	return rc ? rc : buf_addc(&ps->text, '\0');
}

static int on_agent(struct parser *ps, const char *v, size_t n, unsigned line)
{
	struct robots *r = ps->r;
	size_t len = token_len(v, n), off;
	void *p;
	int rc;

	(void)line;
	if (!ps->in_agents) {
		p = reserve(r->groups, &ps->groups_alloc, r->ngroups, sizeof(*r->groups));
		if (!p)
			return -1;
		r->groups = p;
		r->groups[r->ngroups++] = (struct group){ r->nagents, 0, r->nrules, 0, -1 };
		ps->in_agents = true;
	}
	/* "User-agent:" with no token still opens a group, one that names no one */
	if (len == 0)
		return 0;
	p = reserve(r->agents, &ps->agents_alloc, r->nagents, sizeof(*r->agents));
	if (!p)
		return -1;
	r->agents = p;
	rc = text_add(ps, v, len, &off);
	if (rc)
		return rc == BUF_ERR_NOMEM ? -1 : 0;
	r->agents[r->nagents++] = off;
	r->groups[r->ngroups - 1].nagents++;
	return 0;
}

static int add_rule(struct parser *ps, bool allow, const char *v, size_t n, unsigned line)
{
	struct robots *r = ps->r;
	char norm[3 * CAP_ROBOTS_PATTERN];
	struct rule ru = { .line = line, .allow = allow };
	size_t body = n, len = 0;
	void *p;
	int rc;

	if (r->ngroups == 0)
		return 0;           /* before any user-agent line */
	ps->in_agents = false;
	if (n == 0 || n > CAP_ROBOTS_PATTERN || r->nrules >= CAP_ROBOTS_RULES)
		return 0;
	if (v[n - 1] == '$') {
		ru.anchored = true;
		body--;
	}
	for (size_t i = 0, used; i < body; i += used) {
		if (v[i] == '*') {
			norm[len++] = '*';
			used = 1;
		} else {
			len += norm_unit(v, body, i, norm + len, &used);
		}
	}
	p = reserve(r->rules, &ps->rules_alloc, r->nrules, sizeof(*r->rules));
	if (!p)
		return -1;
	r->rules = p;
	ru.pat_len = len;
	rc = text_add(ps, v, n, &ru.raw);
	if (!rc)
		rc = text_add(ps, norm, len, &ru.pat);
	if (rc)
		return rc == BUF_ERR_NOMEM ? -1 : 0;
	r->rules[r->nrules++] = ru;
	r->groups[r->ngroups - 1].nrules++;
	return 0;
}

static int on_allow(struct parser *ps, const char *v, size_t n, unsigned line)
{
	return add_rule(ps, true, v, n, line);
}

static int on_disallow(struct parser *ps, const char *v, size_t n, unsigned line)
{
	return add_rule(ps, false, v, n, line);
}

static int on_delay(struct parser *ps, const char *v, size_t n, unsigned line)
{
	struct group *g;
	long ms;

	(void)line;
	if (ps->r->ngroups == 0)
		return 0;
	ps->in_agents = false;
	g = &ps->r->groups[ps->r->ngroups - 1];
	ms = parse_delay(v, n);
	if (ms > g->delay_ms)
		g->delay_ms = ms;
	return 0;
}

/* Not a group's line (RFC 9309 2.2.4): kept wherever it stands, and the group goes on. */
static int on_sitemap(struct parser *ps, const char *v, size_t n, unsigned line)
{
	struct robots *r = ps->r;
	size_t off;
	void *p;
	int rc;

	(void)line;
	if (n == 0 || n >= CAP_URL_BYTES || r->nsitemaps >= CAP_ROBOTS_SITEMAPS)
		return 0;
	p = reserve(r->sitemaps, &ps->sitemaps_alloc, r->nsitemaps, sizeof(*r->sitemaps));
	if (!p)
		return -1;
	r->sitemaps = p;
	rc = text_add(ps, v, n, &off);
	if (rc)
		return rc == BUF_ERR_NOMEM ? -1 : 0;
	r->sitemaps[r->nsitemaps++] = off;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* One line without its end; 0, or -1 when out of memory. */
static int parse_line(struct parser *ps, const char *s, size_t n, unsigned line)
{
	const char *colon, *key = s, *val;
	size_t klen, vlen;

	/* a comment, or a NUL, ends what the line says */
	for (size_t i = 0; i < n; i++)
		if (s[i] == '#' || s[i] == '\0') {
			n = i;
			break;
		}
	colon = memchr(s, ':', n);
	if (!colon)
		return 0;
	klen = (size_t)(colon - s);
	val = colon + 1;
	vlen = n - klen - 1;
	trim(&key, &klen);
	trim(&val, &vlen);
	for (size_t k = 0; k < COUNT(keys); k++)
		if (strlen(keys[k].key) == klen && ascii_caseeq(key, keys[k].key, klen))
			return keys[k].fn(ps, val, vlen, line);
	return 0;
}

int robots_parse(struct robots **out, const char *buf, size_t len)
{
	struct parser ps = { 0 };
	bool cut = len > CAP_ROBOTS_BYTES;
	struct lines lines;
	struct line ln;
	int rc = -1;

	*out = NULL;
	buf_init(&ps.text, TEXT_CAP);
	ps.r = calloc(1, sizeof(*ps.r));
	if (!ps.r)
		goto out;
	if (!buf)
		len = 0;
	if (cut)
		len = CAP_ROBOTS_BYTES;
	/* CR LF, LF or a lone CR end a line (RFC 9309); a NUL is parse_line()'s business */
	lines_init(&lines, buf, len, 0, LINES_LONE_CR);
	while (lines_next(&lines, &ln)) {
		if (!ln.ended && cut)
			break;      /* the line the cap cut in two */
		if (parse_line(&ps, ln.s, ln.len, (unsigned)ln.no))
			goto out;
	}
	ps.r->text = buf_detach(&ps.text);
	if (!ps.r->text)
		goto out;
	*out = ps.r;
	ps.r = NULL;
	rc = 0;
out:
	buf_free(&ps.text);
	robots_free(ps.r);
	return rc;
}

int robots_allow_all(struct robots **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -1;
}

void robots_free(struct robots *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->agents);
	free(r->rules);
	free(r->groups);
	free(r->sitemaps);
	free(r);
}

/* --- questions --------------------------------------------------------- */

/*
 * The token groups are picked by, into want: the crawler's product token
 * when some group names it, "*" otherwise.
 */
static void pick_agent(const struct robots *r, const char *user_agent, char want[CAP_ROBOTS_AGENT])
{
	size_t n = user_agent ? token_len(user_agent, strnlen(user_agent, CAP_ROBOTS_AGENT)) : 0;

	for (size_t a = 0; a < r->nagents && n; a++) {
		const char *name = r->text + r->agents[a];

		if (strlen(name) == n && ascii_caseeq(name, user_agent, n)) {
			memcpy(want, user_agent, n);
			want[n] = '\0';
			return;
		}
	}
	strcpy(want, "*");
}

/* The token of group g that is want, as written; NULL when g names no such agent. */
static const char *group_agent(const struct robots *r, const struct group *g, const char *want)
{
	size_t n = strlen(want);

	for (size_t a = g->agent0; a < g->agent0 + g->nagents; a++) {
		const char *name = r->text + r->agents[a];

		if (strlen(name) == n && ascii_caseeq(name, want, n))
			return name;
	}
	return NULL;
}

/* Is the path (the target up to '?') "/robots.txt"? */
static bool is_robots_txt(const char *target)
{
	static const char path[] = "/robots.txt";

	return strncmp(target, path, sizeof(path) - 1) == 0 &&
	       (target[sizeof(path) - 1] == '\0' || target[sizeof(path) - 1] == '?');
}

void robots_check(const struct robots *r, const char *user_agent, const char *target,
                  struct robots_verdict *v)
{
	char want[CAP_ROBOTS_AGENT];
	const struct rule *best = NULL;
	const char *best_agent = NULL, *first_agent = NULL;
	size_t best_len = 0, tlen;

	memset(v, 0, sizeof(*v));
	v->allowed = true;
	if (!target || !*target)
		target = "/";
	if (is_robots_txt(target))
		return;
	tlen = strlen(target);
	pick_agent(r, user_agent, want);
	for (size_t g = 0; g < r->ngroups; g++) {
		const struct group *gr = &r->groups[g];
		const char *agent = group_agent(r, gr, want);

		if (!agent)
			continue;
		if (!first_agent)
			first_agent = agent;
		for (size_t k = gr->rule0; k < gr->rule0 + gr->nrules; k++) {
			const struct rule *ru = &r->rules[k];
			size_t len = ru->pat_len + (ru->anchored ? 1 : 0);

			/* only a longer pattern, or an Allow as long as a Disallow, can win */
			if (best && (len < best_len || (len == best_len && (best->allow || !ru->allow))))
				continue;
			if (!rule_matches(r, ru, target, tlen))
				continue;
			best = ru;
			best_len = len;
			best_agent = agent;
		}
	}
	if (best) {
		v->allowed = best->allow;
		v->line = best->line;
		snprintf(v->rule, sizeof(v->rule), "%s: %s", best->allow ? "Allow" : "Disallow",
		         r->text + best->raw);
		first_agent = best_agent;
	}
	if (first_agent)
		snprintf(v->group, sizeof(v->group), "%s", first_agent);
}

long robots_crawl_delay_ms(const struct robots *r, const char *user_agent)
{
	char want[CAP_ROBOTS_AGENT];
	long ms = -1;

	pick_agent(r, user_agent, want);
	for (size_t g = 0; g < r->ngroups; g++)
		if (r->groups[g].delay_ms > ms && group_agent(r, &r->groups[g], want))
			ms = r->groups[g].delay_ms;
	return ms;
}

size_t robots_sitemap_count(const struct robots *r)
{
	return r ? r->nsitemaps : 0;
}

const char *robots_sitemap(const struct robots *r, size_t i)
{
	return r && i < r->nsitemaps ? r->text + r->sitemaps[i] : NULL;
}
