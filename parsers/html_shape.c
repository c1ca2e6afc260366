/*
 * html_shape.c - count tags, attributes and nesting in one pass.
 */
#include "parsers/html_shape.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "core/caps.h"
#include "core/macros.h"

#define TAG_NAME_CAP 16u    /* longer names are no element this file knows by name */

/* Elements that never nest: void, or whose end tag may be left out (HTML standard 13.1.2.4). */
static const char *const flat[] = {
	"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
	"input", "keygen", "link", "meta", "param", "source", "track", "wbr",
	"body", "caption", "colgroup", "dd", "dt", "head", "html", "li", "optgroup", "option",
	"p", "rb", "rp", "rt", "rtc", "tbody", "td", "tfoot", "th", "thead", "tr",
};

/* Elements whose content is text up to their end tag. */
static const char *const raw_text[] = {
	"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
};

/* Each excess: its cap, its name, and the count of struct html_shape it caps. */
static const struct {
	size_t cap;
	const char *name;
	size_t count;       /* offsetof the count in struct html_shape */
} caps[HTML_EXCESS_KINDS] = {
	[HTML_SHAPE_OK] = { 0, "", 0 },
	[HTML_TOO_MANY_TAG_ATTRIBUTES] = { CAP_HTML_TAG_ATTRIBUTES, "attributes in one tag",
	                                   offsetof(struct html_shape, tag_attributes) },
	[HTML_TOO_MANY_ATTRIBUTES] = { CAP_HTML_ATTRIBUTES, "attributes", offsetof(struct html_shape, attributes) },
	[HTML_TOO_MANY_ELEMENTS] = { CAP_HTML_ELEMENTS, "elements", offsetof(struct html_shape, elements) },
	[HTML_TOO_DEEP] = { CAP_HTML_DEPTH, "levels of nesting", offsetof(struct html_shape, depth) },
};

struct scan {
	const char *p, *end;
	struct html_shape *shape;
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return true;
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Does the text at s->p start with what? */
static bool at(const struct scan *s, const char *what)
{
	size_t n = strlen(what);

	return (size_t)(s->end - s->p) >= n && memcmp(s->p, what, n) == 0;
}

/* Past the next occurrence of what (len bytes, len > 0), or to the end. */
static void skip_past(struct scan *s, const char *what, size_t len)
{
	while (s->p < s->end) {
		const char *hit = memchr(s->p, what[0], (size_t)(s->end - s->p));

		if (!hit || (size_t)(s->end - hit) < len) {
			s->p = s->end;
			return;
		}
		s->p = hit + 1;
		if (memcmp(hit, what, len) == 0) {
			s->p = hit + len;
			return;
		}
	}
}

/* A tag's name into name (cut at TAG_NAME_CAP - 1, lower-cased by the caller's compare). */
static void take_name(struct scan *s, char name[TAG_NAME_CAP])
{
	size_t n = 0;

	while (s->p < s->end && !is_space(*s->p) && *s->p != '>' && *s->p != '/') {
		if (n < TAG_NAME_CAP - 1)
			name[n++] = *s->p;
		s->p++;
	}
	name[n] = '\0';
}

/* One attribute value after '=': quoted, or up to white space or '>'. */
static void skip_value(struct scan *s)
{
	while (s->p < s->end && is_space(*s->p))
		s->p++;
	if (s->p < s->end && (*s->p == '"' || *s->p == '\'')) {
		const char *close = memchr(s->p + 1, *s->p, (size_t)(s->end - s->p - 1));

		s->p = close ? close + 1 : s->end;
		return;
	}
	while (s->p < s->end && !is_space(*s->p) && *s->p != '>')
		s->p++;
}

/* The attributes of a start tag, up to its '>'; the count, and whether it closed itself. */
static size_t take_attributes(struct scan *s, bool *self_closing)
{
	size_t n = 0;

	*self_closing = false;
	while (s->p < s->end) {
		while (s->p < s->end && is_space(*s->p))
			s->p++;
		if (s->p >= s->end)
			break;
		if (*s->p == '>') {
			s->p++;
			break;
		}
		if (*s->p == '/') {
			s->p++;
			*self_closing = s->p < s->end && *s->p == '>';
			continue;
		}
		n++;
		while (s->p < s->end && !is_space(*s->p) && *s->p != '=' && *s->p != '>' && *s->p != '/')
			s->p++;
		while (s->p < s->end && is_space(*s->p))
			s->p++;
		if (s->p < s->end && *s->p == '=') {
			s->p++;
			skip_value(s);
		}
	}
	return n;
}

/* Past a raw-text element's content: up to "</name" in any case. */
static void skip_raw_text(struct scan *s, const char *name)
{
	size_t n = strlen(name);

	while (s->p < s->end) {
		const char *lt = memchr(s->p, '<', (size_t)(s->end - s->p));

		if (!lt || (size_t)(s->end - lt) < n + 2) {
			s->p = s->end;
			return;
		}
		s->p = lt + 1;
		if (lt[1] == '/' && strncasecmp(lt + 2, name, n) == 0)
			return;
	}
}

static void start_tag(struct scan *s, size_t *open)
{
	char name[TAG_NAME_CAP];
	bool self_closing;
	size_t n;

	take_name(s, name);
	n = take_attributes(s, &self_closing);
	s->shape->elements++;
	s->shape->attributes += n;
	if (n > s->shape->tag_attributes)
		s->shape->tag_attributes = n;
	if (in_list(name, raw_text, COUNT(raw_text))) {
		skip_raw_text(s, name);
		return;
	}
	if (self_closing || in_list(name, flat, COUNT(flat)))
		return;
	if (++*open > s->shape->depth)
		s->shape->depth = *open;
}

/* At "/name": an end tag. */
static void end_tag(struct scan *s, size_t *open)
{
	char name[TAG_NAME_CAP];

	s->p++;
	take_name(s, name);
	skip_past(s, ">", 1);
	if (*open > 0 && !in_list(name, flat, COUNT(flat)))
		--*open;
}

static enum html_excess first_excess(const struct html_shape *sh)
{
	for (size_t e = HTML_SHAPE_OK + 1; e < HTML_EXCESS_KINDS; e++)
		if (html_excess_count(sh, (enum html_excess)e) > caps[e].cap)
			return (enum html_excess)e;
	return HTML_SHAPE_OK;
}

void html_shape_scan(const char *text, size_t len, struct html_shape *out,
                     enum html_excess *excess)
{
	struct scan s = { text, text + len, out };
	size_t open = 0;

	memset(out, 0, sizeof(*out));
	*excess = HTML_SHAPE_OK;
	out->within = len;
	while (s.p < s.end && *excess == HTML_SHAPE_OK) {
		const char *lt = memchr(s.p, '<', (size_t)(s.end - s.p));

		if (!lt || lt + 1 >= s.end)
			break;
		out->within = (size_t)(lt - text);
		s.p = lt + 1;
		if (at(&s, "!--"))
			skip_past(&s, "-->", 3);
		else if (*s.p == '!' || *s.p == '?')
			skip_past(&s, ">", 1);
		else if (*s.p == '/' && s.p + 1 < s.end && is_alpha(s.p[1]))
			end_tag(&s, &open);
		else if (is_alpha(*s.p))
			start_tag(&s, &open);
		*excess = first_excess(out);
	}
	if (*excess == HTML_SHAPE_OK)
		out->within = len;
}

size_t html_excess_cap(enum html_excess e)
{
	return (unsigned)e < HTML_EXCESS_KINDS ? caps[e].cap : 0;
}

const char *html_excess_name(enum html_excess e)
{
	return (unsigned)e < HTML_EXCESS_KINDS ? caps[e].name : "";
}

size_t html_excess_count(const struct html_shape *s, enum html_excess e)
{
	if (e == HTML_SHAPE_OK || (unsigned)e >= HTML_EXCESS_KINDS)
		return 0;
	return *(const size_t *)(const void *)((const char *)s + caps[e].count);
}
