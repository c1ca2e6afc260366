/*
 * sitemap.c - the <loc>s of a sitemap, walked with libxml2's xmlReader
 * (streaming: a file of 50 000 URLs is never a tree in memory). A table
 * says which root element makes which kind and which element holds its
 * <loc>s.
 */
#include "parsers/sitemap.h"

#include <libxml/xmlreader.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "parsers/xml_quiet.h"

static const struct {
	const char *root;     /* the root element's local name */
	const char *entry;    /* the element at depth 1 whose <loc> counts */
	enum sitemap_kind kind;
} kinds[] = {
	{ "urlset", "url", SITEMAP_URLSET },
	{ "sitemapindex", "sitemap", SITEMAP_INDEX },
};

static const char *const kind_names[] = {
	[SITEMAP_NONE] = "none",
	[SITEMAP_URLSET] = "urlset",
	[SITEMAP_INDEX] = "sitemapindex",
};

struct walk {
	xmlTextReaderPtr r;
	struct sitemap *s;
	size_t max;
	size_t alloc;
	const char *entry;      /* the kind's entry element */
	char *ns;               /* the root's namespace; "" when none */
	bool in_entry;          /* inside an entry element (depth 1) */
	bool in_loc;            /* inside its <loc> (depth 2) */
	bool loc_bad;           /* the <loc> being read holds something not kept (an entity) */
	struct buf text;        /* the <loc>'s text so far */
};

const char *sitemap_kind_name(enum sitemap_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind] : "none";
}

void sitemap_free(struct sitemap *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nlocs; i++)
		free(s->locs[i]);
	free(s->locs);
	free(s);
}

/* Is the current element name (in the root's namespace)? */
static bool element_is(const struct walk *w, const char *name)
{
	const xmlChar *local = xmlTextReaderConstLocalName(w->r);
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(w->r);

	return local && strcmp((const char *)local, name) == 0 &&
	       strcmp(ns ? (const char *)ns : "", w->ns) == 0;
}

/* The root element: which kind of sitemap, if any. 1: go on; 0: not a sitemap. -1: out of memory. */
static int root(struct walk *w)
{
	const xmlChar *local = xmlTextReaderConstLocalName(w->r);
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(w->r);

	for (size_t i = 0; local && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp((const char *)local, kinds[i].root) != 0)
			continue;
		w->ns = strdup(ns ? (const char *)ns : "");
		if (!w->ns)
			return -1;
		w->s->kind = kinds[i].kind;
		w->entry = kinds[i].entry;
		return 1;
	}
	return 0;
}

/* Trimmed, of a length a URL may have, without control characters. */
static const char *usable(char *s, size_t *len)
{
	size_t n = *len;

	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n == 0 || n >= CAP_URL_BYTES)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return NULL;
	*len = n;
	return s;
}

/* The <loc> just ended: kept when usable and within max. 0, or -1 when out of memory. */
static int keep_loc(struct walk *w)
{
	struct sitemap *s = w->s;
	size_t n = w->text.len;
	const char *loc = w->loc_bad || !w->text.data ? NULL : usable(w->text.data, &n);
	char *copy;

	if (!loc)
		return 0;
	if (s->nlocs >= w->max) {
		s->dropped++;
		return 0;
	}
	if (s->nlocs == w->alloc) {
		size_t want = w->alloc ? w->alloc * 2 : 64;
		char **p = realloc(s->locs, want * sizeof(*p));

		if (!p)
			return -1;
		s->locs = p;
		w->alloc = want;
	}
	copy = strndup(loc, n);
	if (!copy)
		return -1;
	s->locs[s->nlocs++] = copy;
	return 0;
}

/* A text node inside a <loc>. */
static void loc_text(struct walk *w)
{
	const xmlChar *v = xmlTextReaderConstValue(w->r);

	/* Past CAP_URL_BYTES, or out of memory: this <loc> is lost, the next may fit. */
	if (v && !w->loc_bad && buf_addstr(&w->text, (const char *)v))
		w->loc_bad = true;
}

/* One node. 1: go on; 0: stop (not a sitemap); -1: out of memory. */
static int node(struct walk *w)
{
	int type = xmlTextReaderNodeType(w->r);
	int depth = xmlTextReaderDepth(w->r);
	bool empty = type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(w->r) == 1;

	if (type == XML_READER_TYPE_ELEMENT && depth == 0)
		return root(w);
	if (w->in_loc) {
		if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE)
			loc_text(w);
		else if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ELEMENT)
			w->loc_bad = true;
		else if (type == XML_READER_TYPE_END_ELEMENT && depth == 2) {
			w->in_loc = false;
			return keep_loc(w) ? -1 : 1;
		}
		return 1;
	}
	if (type == XML_READER_TYPE_ELEMENT && depth == 1)
		w->in_entry = !empty && element_is(w, w->entry);
	else if (type == XML_READER_TYPE_END_ELEMENT && depth == 1)
		w->in_entry = false;
	else if (type == XML_READER_TYPE_ELEMENT && depth == 2 && w->in_entry && !empty && element_is(w, "loc")) {
		w->in_loc = true;
		w->loc_bad = false;
		buf_reset(&w->text);
	}
	return 1;
}

int sitemap_parse(struct sitemap **out, const char *buf, size_t len, size_t max_locs)
{
	struct walk w = { .max = max_locs };
	int rc = -1, more = 1, go = 1;
	/* A hostile file's errors are not ours to print; an error ends the reading. */
	struct xml_quiet q;

	*out = NULL;
	xml_quiet_begin(&q);
	buf_init(&w.text, CAP_URL_BYTES);
	w.s = calloc(1, sizeof(*w.s));
	if (!w.s)
		goto out;
	if (!buf)
		len = 0;
	if (len > CAP_SITEMAP_BYTES) {
		len = CAP_SITEMAP_BYTES;
		w.s->cut = true;
	}
	if (len == 0) {
		rc = 0;
		goto out;
	}
	w.r = xmlReaderForMemory(buf, (int)len, NULL, NULL,
	                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!w.r)
		goto out;
	xml_quiet_reader(w.r);
	while (go == 1) {
		more = xmlTextReaderRead(w.r);
		if (more != 1)
			break;
		go = node(&w);
	}
	if (go < 0)
		goto out;
	w.s->broken = more < 0;
	rc = 0;
out:
	if (rc == 0) {
		*out = w.s;
		w.s = NULL;
	}
	if (w.r)
		xmlFreeTextReader(w.r);
	xml_quiet_end(&q);
	sitemap_free(w.s);
	free(w.ns);
	buf_free(&w.text);
	return rc;
}
