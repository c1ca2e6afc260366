/*
 * html_source.c - where an element of a page links to (html_source.h).
 */
#include "parsers/html_source.h"

#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "core/macros.h"
#include "core/text.h"

/*
 * Elements that show a file inside the page, and the attribute naming it:
 * a document embedded in the section (a PDF in an <iframe>, <embed> or
 * <object>, often through a viewer) is a link to it with no text.
 */
static const struct { const char *element, *attr; } embedders[] = {
	{ "iframe", "src" }, { "frame", "src" }, { "embed", "src" }, { "object", "data" },
};

/*
 * How a jump menu's <option value> begins when it is an address (a site
 * whose only navigation is a <select> that goes where its option says);
 * other values are a form's data.
 */
static const char *const jump_prefixes[] = { "/", "./", "../", "http://", "https://" };

/* Schemes of links that lead nowhere a crawler can go. */
static const char *const skipped_schemes[] = { "javascript:", "mailto:", "tel:", "data:", "callto:", "skype:", "viber:", "whatsapp:" };

/* What opens an address in a script, each followed (after blanks) by '(' or '=', then a quoted string. */
static const char *const openers[] = { "window.open", "location.assign", "location.replace", "location.href",
                                       "location" };

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

static bool leads_nowhere(const char *href)
{
	const char *colon;

	href = skip_blanks(href);
	if (!*href || *href == '#')
		return true;
	/* Each scheme is letters and one ':' at its end: only one as long as the first ':' can match. */
	colon = strchr(href, ':');
	for (size_t i = 0; colon && i < COUNT(skipped_schemes); i++)
		if (strlen(skipped_schemes[i]) == (size_t)(colon - href) + 1 && text_istarts(href, skipped_schemes[i]))
			return true;
	return false;
}

/* After an opener at s: the quoted string its '(' or '=' takes, copied; NULL when none. */
static char *quoted_argument(const char *s)
{
	const char *end;
	char quote;

	s = skip_blanks(s);
	if (*s != '(' && *s != '=')
		return NULL;
	s = skip_blanks(s + 1);
	quote = *s;
	if (quote != '\'' && quote != '"')
		return NULL;
	end = strchr(s + 1, quote);
	if (!end || end == s + 1 || (size_t)(end - s - 1) > CAP_URL_BYTES)
		return NULL;
	return strndup(s + 1, (size_t)(end - s - 1));
}

char *html_onclick_target(const char *onclick)
{
	for (size_t i = 0; onclick && i < COUNT(openers); i++) {
		size_t len = strlen(openers[i]);

		for (const char *at = strstr(onclick, openers[i]); at; at = strstr(at + len, openers[i])) {
			char *target = quoted_argument(at + len);

			if (target)
				return target;
		}
	}
	return NULL;
}

/* The attribute that names the file an element shows in the page, or NULL. */
static const char *embedded_attr(const xmlNode *n)
{
	for (size_t i = 0; i < COUNT(embedders); i++)
		if (html_is_element(n, embedders[i].element))
			return embedders[i].attr;
	return NULL;
}

/* Is n an <option> of a <select> (or of its <optgroup>)? */
static bool menu_option(const xmlNode *n)
{
	const xmlNode *p = n->parent;

	if (!html_is_element(n, "option"))
		return false;
	if (p && html_is_element(p, "optgroup"))
		p = p->parent;
	return p && html_is_element(p, "select");
}

static bool is_jump(const char *value)
{
	for (size_t i = 0; i < COUNT(jump_prefixes); i++)
		if (text_istarts(value, jump_prefixes[i]))
			return true;
	return false;
}

/* n's attr, copied when it leads somewhere (and, for a menu, is an address); NULL otherwise. */
static char *attr_link(const xmlNode *n, const char *attr, bool menu, int *rc)
{
	xmlChar *copy;
	const char *v = html_attr_value(n, attr, &copy);
	char *out = NULL;

	if (v && !leads_nowhere(v) && (!menu || is_jump(v))) {
		out = strdup(v);
		*rc = out ? 1 : -1;
	}
	xmlFree(copy);
	return out;
}

/* An <a> or <area>: its href; when that leads nowhere, the address its onclick opens. */
static char *anchor_link(const xmlNode *n, int *rc)
{
	char *href = attr_link(n, "href", false, rc);
	xmlChar *copy;
	const char *onclick;

	if (href || *rc < 0)
		return href;
	onclick = html_attr_value(n, "onclick", &copy);
	href = html_onclick_target(onclick);
	xmlFree(copy);
	if (href && leads_nowhere(href)) {
		free(href);
		href = NULL;
	}
	*rc = href ? 1 : 0;
	return href;
}

int html_link_source(const xmlNode *n, struct html_source *out)
{
	const char *embedded = embedded_attr(n);
	int rc = 0;

	*out = (struct html_source){ NULL, false, false };
	if (html_is_element(n, "a") || html_is_element(n, "area")) {
		out->href = anchor_link(n, &rc);
	} else if (menu_option(n)) {
		out->menu = true;
		out->href = attr_link(n, "value", true, &rc);
	} else if (embedded) {
		out->embedded = true;
		out->href = attr_link(n, embedded, false, &rc);
	}
	return rc;
}
