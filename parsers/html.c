/*
 * html.c - the links of an HTML page and the text that names them: converted to UTF-8
 * (charset.c), measured (html_shape.c), parsed by libxml2, walked iteratively, texts capped.
 */
#include "parsers/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/macros.h"
#include "core/text.h"
#include "parsers/charset.h"
#include "parsers/html_href.h"
#include "parsers/html_source.h"
#include "parsers/url.h"

/* Bytes handed to libxml2 at a time. */
#define HTML_PUSH_CHUNK (64u * 1024u)

/* Elements whose text names the links inside them (a list item, a row ...). */
static const char *const item_elements[] = { "li", "tr", "dd", "dt", "p", "figure", "article" };

/* Class or id fragments that mark a block as one document's card. */
static const char *const card_markers[] = { "card", "item", "doc", "file", "attach", "download" };

/* Class or id fragments that mark navigation. */
static const char *const nav_markers[] = { "menu", "nav", "mnu" };

/* Elements that start a line of the page's text. */
static const char *const line_elements[] = {
	"p", "div", "br", "li", "tr", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
	"table", "ul", "ol", "section", "article", "header", "footer", "main", "nav", "blockquote", "pre",
};

/* Elements whose text is never page text. */
static const char *const hidden_elements[] = { "script", "style", "noscript", "template" };

/* How many ancestors are searched for an enclosing item or card. */
#define CONTEXT_MAX_UP 8
/*
 * An item or card with more links than this (not listed line by line) is
 * the page's layout (an old site's one big table cell), not one document's
 * row: its text, the whole page, describes none of its links.
 */
#define CONTEXT_MAX_LINKS 8

/*
 * An element name equal to a lower-case name, ASCII case ignored. The HTML
 * parser's names are ASCII (htmlParseHTMLName), so this is strcasecmp()
 * without the locale.
 */
static bool name_is(const xmlChar *name, const char *want)
{
	for (; *want; name++, want++) {
		unsigned char c = *name;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)*want)
			return false;
	}
	return *name == '\0';
}

static bool name_in(const xmlNode *n, const char *const *names, size_t count)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return false;
	for (size_t i = 0; i < count; i++)
		if (name_is(n->name, names[i]))
			return true;
	return false;
}

bool html_is_element(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && name_is(n->name, name);
}

/*
 * An attribute's value as xmlGetProp() gives it, read in place when it is
 * one text node (as the HTML parser makes them); otherwise xmlGetProp()'s
 * copy, which *copy gets for the caller to xmlFree().
 */
const char *html_attr_value(const xmlNode *n, const char *name, xmlChar **copy)
{
	const xmlAttr *prop = xmlHasProp(n, (const xmlChar *)name);
	const xmlNode *v = prop ? prop->children : NULL;

	*copy = NULL;
	if (!prop)
		return NULL;
	if (prop->type == XML_ATTRIBUTE_NODE && v && !v->next &&
	    (v->type == XML_TEXT_NODE || v->type == XML_CDATA_SECTION_NODE))
		return (const char *)v->content;
	*copy = xmlGetProp(n, (const xmlChar *)name);
	return (const char *)*copy;
}

/* Does s contain marker (lower case), reading s's ASCII letters in lower case? */
static bool contains_marker(const char *s, const char *marker)
{
	for (; *s; s++) {
		size_t k = 0;

		for (; marker[k]; k++) {
			unsigned char c = (unsigned char)s[k];

			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)marker[k])
				break;
		}
		if (!marker[k])
			return true;
	}
	return false;
}

/* Does the class or id attribute contain one of the markers (ASCII case ignored)? */
static bool attr_has_marker(const xmlNode *n, const char *const *markers, size_t count)
{
	static const char *const attrs[] = { "class", "id" };
	bool hit = false;

	if (!n || n->type != XML_ELEMENT_NODE)
		return false;
	for (size_t a = 0; a < COUNT(attrs) && !hit; a++) {
		xmlChar *copy;
		const char *v = html_attr_value(n, attrs[a], &copy);

		for (size_t i = 0; v && i < count && !hit; i++)
			hit = contains_marker(v, markers[i]);
		xmlFree(copy);
	}
	return hit;
}

/* Cut an incomplete UTF-8 sequence left at the end by a cap. */
static void trim_partial_utf8(struct buf *b)
{
	size_t i = b->len, back = 0;

	while (i > 0 && back < 4 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80) {
		i--;
		back++;
	}
	if (i > 0) {
		unsigned char lead = (unsigned char)b->data[i - 1];
		size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;

		if (lead >= 0xC0 && need != back) {
			b->len = i - 1;
			b->data[b->len] = '\0';
		}
	}
}

/* Append the visible text below n (iteratively), stopping at the cap. */
static void collect_text(struct buf *out, const xmlNode *n)
{
	const xmlNode *cur = n;

	while (cur) {
		bool descend = true;

		if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
			if (cur->content)
				text_append_squeezed(out, (const char *)cur->content, strlen((const char *)cur->content));
			descend = false;
		} else if (name_in(cur, hidden_elements, COUNT(hidden_elements))) {
			descend = false;
		} else if (html_is_element(cur, "br") || html_is_element(cur, "td") || html_is_element(cur, "th") ||
		           html_is_element(cur, "div") || html_is_element(cur, "p") || html_is_element(cur, "li")) {
			/* Block boundaries separate words that the markup runs together. */
			text_append_squeezed(out, " ", 1);
		}
		if (out->len + 8 >= out->cap)
			break;
		if (descend && cur->children) {
			cur = cur->children;
			continue;
		}
		while (cur && cur != n && !cur->next)
			cur = cur->parent;
		if (!cur || cur == n)
			break;
		cur = cur->next;
	}
	trim_partial_utf8(out);
	text_trim_end(out);
}

/*
 * The walk's working state: texts are collected in one scratch buffer (its
 * cap set for each: the caps decide where texts stop) and then copied.
 */
struct walker {
	struct html_page *page;
	size_t alloc;                  /* of page->links */
	const struct url_base *base;   /* NULL: no href resolves */
	struct href_memo *memo;
	struct buf scratch;
	const xmlNode *ctx;            /* the last link's item or card, when not a list of lines */
	char *ctx_text;                /* ...and its text */
	struct buf text;               /* the page's visible text, up to CAP_PAGE_TEXT */
	bool text_failed;              /* ...out of memory */
};

/* An empty scratch buffer with this cap. */
static struct buf *scratch(struct walker *w, size_t cap)
{
	buf_reset(&w->scratch);
	w->scratch.cap = cap;
	return &w->scratch;
}

static char *scratch_copy(struct walker *w)
{
	return strdup(buf_str(&w->scratch));
}

static char *node_text(struct walker *w, const xmlNode *n, size_t cap)
{
	struct buf *b = scratch(w, cap);

	if (n)
		collect_text(b, n);
	return scratch_copy(w);
}

static char *squeezed_attr(struct walker *w, const xmlNode *n, const char *name, size_t cap)
{
	struct buf *b = scratch(w, cap);
	xmlChar *copy;
	const char *v = html_attr_value(n, name, &copy);

	if (v) {
		text_append_squeezed(b, v, strlen(v));
		trim_partial_utf8(b);
		text_trim_end(b);
	}
	xmlFree(copy);
	return scratch_copy(w);
}

/* The element whose text describes the link: an item, a row, a card. */
static const xmlNode *find_context(const xmlNode *a)
{
	const xmlNode *n = a->parent;

	for (int up = 0; n && up < CONTEXT_MAX_UP; up++, n = n->parent) {
		if (n->type != XML_ELEMENT_NODE || html_is_element(n, "body"))
			break;
		if (name_in(n, item_elements, COUNT(item_elements)))
			return n;
		if ((html_is_element(n, "div") || html_is_element(n, "section")) &&
		    attr_has_marker(n, card_markers, COUNT(card_markers)))
			return n;
		if (html_is_element(n, "ul") || html_is_element(n, "ol") || html_is_element(n, "table"))
			break;
	}
	return NULL;
}

/* The node after n in document order, without leaving root; NULL at the end. */
static const xmlNode *next_in(const xmlNode *root, const xmlNode *n)
{
	if (n->children)
		return n->children;
	while (n && n != root && !n->next)
		n = n->parent;
	return n && n != root ? n->next : NULL;
}

/*
 * In a block that lists several documents line by line (<p>a<br>b<br>c</p>)
 * a link's own text is its line: the siblings between the <br>s around it.
 * Returns false when the block is not such a list: no <br> among its
 * children, or a single link (then the whole block describes it, as in
 * «Title<br><a>Открыть</a>»).
 */
static bool collect_line(struct buf *out, const xmlNode *ctx, const xmlNode *a)
{
	const xmlNode *child = a, *first, *last;
	bool has_br = false;
	size_t links = 0;

	for (const xmlNode *n = ctx->children; n && !has_br; n = n->next)
		has_br = html_is_element(n, "br");
	for (const xmlNode *n = ctx; n && links < 2; n = next_in(ctx, n))
		links += html_is_element(n, "a");
	if (!has_br || links < 2)
		return false;
	while (child->parent && child->parent != ctx)
		child = child->parent;
	for (first = child; first->prev && !html_is_element(first->prev, "br"); first = first->prev)
		;
	for (last = child; last->next && !html_is_element(last->next, "br"); last = last->next)
		;
	for (const xmlNode *n = first;; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content)
			text_append_squeezed(out, (const char *)n->content, strlen((const char *)n->content));
		else if (n->type == XML_ELEMENT_NODE)
			collect_text(out, n);
		text_append_squeezed(out, " ", 1);
		if (n == last)
			break;
	}
	trim_partial_utf8(out);
	text_trim_end(out);
	return true;
}

/* Does ctx hold more than CONTEXT_MAX_LINKS links? */
static bool layout_block(const xmlNode *ctx)
{
	size_t links = 0;

	for (const xmlNode *n = ctx; n && links <= CONTEXT_MAX_LINKS; n = next_in(ctx, n))
		links += html_is_element(n, "a");
	return links > CONTEXT_MAX_LINKS;
}

static char *context_text(struct walker *w, const xmlNode *a)
{
	const xmlNode *ctx = find_context(a);
	const xmlNode *dt;
	struct buf *b = scratch(w, CAP_CONTEXT_TEXT);

	/* The links of one card or item share its text, unless it lists them line by line. */
	if (ctx && ctx == w->ctx)
		return strdup(w->ctx_text);
	if (!ctx || collect_line(b, ctx, a) || layout_block(ctx))
		return scratch_copy(w);
	/* <dt>Title</dt><dd><a>Скачать</a></dd>: the title is the term before. */
	if (html_is_element(ctx, "dd")) {
		for (dt = ctx->prev; dt && dt->type != XML_ELEMENT_NODE; dt = dt->prev)
			;
		if (html_is_element(dt, "dt")) {
			collect_text(b, dt);
			text_append_squeezed(b, " ", 1);
		}
	}
	collect_text(b, ctx);
	free(w->ctx_text);
	w->ctx_text = scratch_copy(w);
	w->ctx = w->ctx_text ? ctx : NULL;
	return w->ctx_text ? strdup(w->ctx_text) : NULL;
}

/*
 * What in_nav() knows of an element, kept in the element's _private field
 * (the document is html_parse()'s own and lives only for the walk): the
 * element or one of its element ancestors is navigation, or none is.
 */
enum nav_state { NAV_UNKNOWN, NAV_NO, NAV_YES };

static enum nav_state nav_state(const xmlNode *n)
{
	return (enum nav_state)(uintptr_t)n->_private;
}

static bool is_nav(const xmlNode *n)
{
	return html_is_element(n, "nav") || html_is_element(n, "header") ||
	       attr_has_marker(n, nav_markers, COUNT(nav_markers));
}

/* Inside <nav>, <header> or a block marked as a menu, up to the nearest non-element. */
static bool in_nav(const xmlNode *a)
{
	const xmlNode *n = a->parent, *stop;
	enum nav_state found = NAV_NO;

	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		if (nav_state(n) != NAV_UNKNOWN) {
			found = nav_state(n);
			break;
		}
		if (is_nav(n)) {
			found = NAV_YES;
			break;
		}
	}
	/* Every element passed on the way is not navigation itself: it is what it is under. */
	stop = n;
	for (n = a->parent; n != stop; n = n->parent)
		((xmlNode *)n)->_private = (void *)(uintptr_t)found;
	if (stop && stop->type == XML_ELEMENT_NODE)
		((xmlNode *)stop)->_private = (void *)(uintptr_t)found;
	return found == NAV_YES;
}

static void link_clear(struct html_link *l)
{
	free(l->url);
	free(l->text);
	free(l->title);
	free(l->context);
	free(l->filename);
}

/* a: an element that links (html_link_source: src->href, which this takes over). */
static int add_link(struct walker *w, const xmlNode *a, struct html_source *src)
{
	struct html_page *page = w->page;
	const char *href = src->href;
	bool embedded = src->embedded;
	struct html_link l = { 0 };
	int rc = 0;

	if (page->nlinks >= CAP_LINKS_PER_PAGE) {
		page->links_dropped++;
		goto out;
	}
	rc = href_resolve(w->memo, w->base, href, &l.url, &l.filename);
	if (rc) {
		rc = rc < 0 ? -1 : 0;
		goto out;
	}
	/* An <iframe>'s content is not text; an <object>'s is its fallback, which names the file. */
	l.text = embedded && !html_is_element(a, "object") ? strdup("") : node_text(w, a, CAP_LINK_TEXT);
	l.title = squeezed_attr(w, a, "title", CAP_LINK_TEXT);
	l.embedded = embedded;
	l.context = context_text(w, a);
	/* A jump menu's item is a menu's link. */
	l.in_nav = src->menu || in_nav(a);
	if (!l.text || !l.title || !l.context) {
		rc = -1;
		goto out;
	}
	if (page->nlinks == w->alloc) {
		size_t n = w->alloc ? w->alloc * 2 : 32;
		struct html_link *p = realloc(page->links, n * sizeof(*p));

		if (!p) {
			rc = -1;
			goto out;
		}
		page->links = p;
		w->alloc = n;
	}
	page->links[page->nlinks++] = l;
	memset(&l, 0, sizeof(l));
out:
	link_clear(&l);
	free(src->href);
	src->href = NULL;
	return rc;
}

static const xmlNode *next_node(const xmlNode *cur, bool descend)
{
	if (descend && cur->children)
		return cur->children;
	while (cur && !cur->next)
		cur = cur->parent;
	return cur ? cur->next : NULL;
}

/* The <base href> of the document resolved against the page URL, or a copy of it. */
static char *document_base(const xmlNode *root, const char *page_url)
{
	for (const xmlNode *n = root; n; n = next_node(n, !html_is_element(n, "body"))) {
		if (html_is_element(n, "base")) {
			xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
			char *resolved = NULL;

			if (href && url_resolve(&resolved, page_url, (const char *)href) == 0) {
				xmlFree(href);
				return resolved;
			}
			xmlFree(href);
			break;
		}
	}
	return strdup(page_url);
}

/* Bytes of a text node but white space. */
static size_t visible_chars(const xmlChar *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += !(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f');
	return n;
}

/* A text node's bytes, or a line end before a block, added to the page's text while it has room. */
static void add_text(struct walker *w, const char *s, size_t n)
{
	struct buf *t = &w->text;

	if (t->len + n > CAP_PAGE_TEXT)
		n = text_utf8_valid_prefix(s, CAP_PAGE_TEXT - t->len);
	if (n && buf_add(t, s, n) == BUF_ERR_NOMEM)
		w->text_failed = true;
}

static void add_line_end(struct walker *w)
{
	if (w->text.len && w->text.data[w->text.len - 1] != '\n')
		add_text(w, "\n", 1);
}

bool html_page_is_script_shell(const struct html_page *page)
{
	return page->nlinks == 0 && page->links_dropped == 0 && page->scripts > 0 &&
	       page->text_chars < CAP_SCRIPT_SHELL_TEXT;
}

static int walk(struct html_page *page, const xmlNode *root)
{
	char *base_url = document_base(root, page->url);
	struct url_base *base = NULL;
	struct href_memo memo = { NULL, 0, 0, 0 };
	struct walker w = { .page = page, .memo = &memo };
	int rc = 0;

	if (!base_url)
		return -1;
	/* A base that does not parse resolves no link, as url_resolve() against it would not. */
	(void)url_base_new(&base, base_url);
	w.base = base;
	buf_init(&w.scratch, CAP_CONTEXT_TEXT);
	buf_init(&w.text, CAP_PAGE_TEXT);
	for (const xmlNode *n = root; n && rc == 0;) {
		bool descend = !name_in(n, hidden_elements, COUNT(hidden_elements));

		if (n->type == XML_TEXT_NODE && !(n->parent && html_is_element(n->parent, "title"))) {
			page->text_chars += visible_chars(n->content);
			if (n->content)
				add_text(&w, (const char *)n->content, strlen((const char *)n->content));
		}
		if (n->type == XML_ELEMENT_NODE && name_in(n, line_elements, COUNT(line_elements)))
			add_line_end(&w);
		if (n->type == XML_ELEMENT_NODE && html_is_element(n, "script"))
			page->scripts++;
		if (n->type == XML_ELEMENT_NODE) {
			struct html_source src;
			int linked = html_link_source(n, &src);

			if (linked)
				rc = linked < 0 ? -1 : add_link(&w, n, &src);
			else if (html_is_element(n, "title") && !*page->title) {
				free(page->title);
				page->title = node_text(&w, n, CAP_PAGE_TITLE);
			} else if (html_is_element(n, "h1") && !*page->h1) {
				free(page->h1);
				page->h1 = node_text(&w, n, CAP_PAGE_TITLE);
			}
			if (!page->title || !page->h1)
				rc = -1;
		}
		n = next_node(n, descend);
	}
	buf_free(&w.scratch);
	page->text_len = w.text.len;
	page->text = buf_detach(&w.text);
	if (!page->text || w.text_failed)
		rc = -1;
	free(w.ctx_text);
	href_memo_free(&memo);
	url_base_free(base);
	free(base_url);
	return rc;
}

void html_global_init(void)
{
	xmlInitParser();
}

/*
 * The tree of UTF-8 text, fed to libxml2's push parser in chunks: it keeps
 * only the part not parsed yet, where htmlReadMemory would hold a copy of
 * the whole text and another of it converted from UTF-8 to UTF-8.
 */
static htmlDocPtr read_tree(const char *text, size_t len, const char *url)
{
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc = NULL;
	size_t at = 0;

	ctxt = htmlCreatePushParserCtxt(NULL, NULL, NULL, 0, url, XML_CHAR_ENCODING_UTF8);
	if (!ctxt)
		return NULL;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                   HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |
	                   XML_PARSE_HUGE);   /* no 256-level limit: CAP_HTML_DEPTH is ours */
	while (at < len) {
		size_t n = len - at < HTML_PUSH_CHUNK ? len - at : HTML_PUSH_CHUNK;

		htmlParseChunk(ctxt, text + at, (int)n, 0);
		at += n;
	}
	htmlParseChunk(ctxt, NULL, 0, 1);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	htmlFreeParserCtxt(ctxt);
	return doc;
}

int html_parse(struct html_page **out, const char *buf, size_t len,
               const char *content_type, const char *page_url)
{
	struct html_page *page = NULL;
	char *utf8 = NULL;
	size_t utf8_len = 0, text_len;
	const char *text;
	htmlDocPtr doc = NULL;
	int rc = -1;

	*out = NULL;
	page = calloc(1, sizeof(*page));
	if (!page)
		goto out;
	page->url = strdup(page_url);
	page->title = strdup("");
	page->h1 = strdup("");
	if (!page->url || !page->title || !page->h1)
		goto out;
	charset_for_html(buf, len, content_type, page->charset);
	/* Most pages are valid UTF-8: they are read as they are, not copied. */
	if (charset_utf8_as_is(buf, len, page->charset)) {
		text = buf;
		text_len = len;
	} else {
		if (charset_to_utf8(&utf8, &utf8_len, buf, len, page->charset))
			goto out;
		text = utf8;
		text_len = utf8_len;
	}
	/* Past a cap of its shape, read up to the tag that passed it. */
	html_shape_scan(text, text_len, &page->shape, &page->excess);
	text_len = page->shape.within;
	if (text_len > 0)
		doc = read_tree(text, text_len, page_url);
	if (doc && xmlDocGetRootElement(doc) && walk(page, xmlDocGetRootElement(doc)))
		goto out;
	*out = page;
	page = NULL;
	rc = 0;
out:
	if (doc)
		xmlFreeDoc(doc);
	free(utf8);
	html_page_free(page);
	return rc;
}

void html_page_free(struct html_page *page)
{
	if (!page)
		return;
	for (size_t i = 0; i < page->nlinks; i++)
		link_clear(&page->links[i]);
	free(page->links);
	free(page->url);
	free(page->title);
	free(page->h1);
	free(page->text);
	free(page);
}
