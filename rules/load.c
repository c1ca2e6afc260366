/*
 * load.c - read the rule file and compile its patterns once (rules.c
 * classifies links with them).
 *
 * Format (UTF-8, one setting per line, '#' starts a comment line):
 *
 *   [document ID]          a required document; ID is its results.json key
 *   name = ...             Russian name for reports
 *   short = ...            Russian short name for tables (optional)
 *   required = yes|no      counts toward "compliant" (default yes)
 *   match = PATTERN        the link names this document (repeatable)
 *   exclude = PATTERN      ...unless this also matches (repeatable)
 *
 *   [ignore LABEL]         texts that are not the organisation's own
 *   match = PATTERN        documents (federal, regional acts ...)
 *
 *   [section]              how a mentorship section is recognised
 *   match = PATTERN        in a link's text or a page's title / h1
 *   url = PATTERN          in a URL's decoded path
 *
 *   [placeholder]          template stubs that are not documents
 *   filename = PATTERN     in the decoded file name (not folded)
 *
 *   [system]               indicator 15: indicator = N L NAME, documents = ID ...
 *   [links]                file = .pdf, title = приказ, download = скачать (plain lists, words.c),
 *                          viewer = PATTERN (a viewer's URL, capture 1 the document: viewer.c)
 *   [http]                 refusal = 403
 *   [discovery]            menu = PATTERN, next = PATTERN, page = PATTERN,
 *                          path = /a/b/ (discovery.c; a file without the
 *                          block takes the built-in one's, as for [links])
 *
 * A document block or [section] may say `indicator = N L NAME` (or none):
 * its row of the methodology's indicator table (indicator.c).
 *
 * A document block may also say `fresh = yes`: the document must belong to
 * the current academic year (see rules_freshness()); or `fresh = period`:
 * the period of a plan it names must not have ended (rules_period_freshness()).
 *
 * Patterns are PCRE2 with UTF, UCP and CASELESS. Texts are matched after
 * 'ё' is folded to 'е' and, for file names, '_', '-', '+' and '.' to
 * spaces, so one pattern serves «Приказ_о_внедрении.pdf» and «приказ о
 * внедрении».
 */
#include "rules/rules.h"
#include "rules/ruleset.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/hash.h"
#include "core/lines.h"
#include "core/log.h"
#include "core/macros.h"
#include "core/text.h"
#include "parsers/dates.h"
#include "parsers/html.h"
#include "rules/indicator.h"
#include "rules/prefilter.h"
#include "rules/words.h"

enum block { BLOCK_NONE, BLOCK_DOCUMENT, BLOCK_IGNORE, BLOCK_SECTION, BLOCK_PLACEHOLDER, BLOCK_SYSTEM,
             BLOCK_LINKS, BLOCK_HTTP, BLOCK_CONTENT, BLOCK_DISCOVERY, BLOCK_CLOUD };

/* The blocks without an argument, by their header's name. */
static const struct {
	const char *name;
	enum block block;
} plain_blocks[] = {
	{ "section", BLOCK_SECTION },
	{ "placeholder", BLOCK_PLACEHOLDER },
	{ "system", BLOCK_SYSTEM },
	{ "links", BLOCK_LINKS },
	{ "http", BLOCK_HTTP },
	{ "content", BLOCK_CONTENT },
	{ "discovery", BLOCK_DISCOVERY },
	{ "cloud", BLOCK_CLOUD },
};

struct loader {
	struct ruleset *rs;
	const char *origin;
	size_t line;
	enum block block;
	char *err;
	size_t errlen;
};

/* PCRE2 JIT for patterns compiled from now on (rules_use_jit). */
static bool use_jit = true;

/* The JIT stack's first size (PCRE2's own default); it grows up to CAP_RULE_JIT_STACK. */
#define JIT_STACK_START (32u * 1024u)


static int fail(struct loader *ld, const char *fmt, ...) MA_PRINTF(2, 3);

/* One line: "file:line: what is wrong". Always returns -1. */
static int fail(struct loader *ld, const char *fmt, ...)
{
	int n = snprintf(ld->err, ld->errlen, "%s:%zu: ", ld->origin, ld->line);
	va_list ap;

	if (n >= 0 && (size_t)n < ld->errlen) {
		va_start(ap, fmt);
		vsnprintf(ld->err + n, ld->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void patlist_free(struct patlist *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		pcre2_code_free(pl->code[i]);
	pl->n = 0;
}

static int patlist_add(struct loader *ld, struct patlist *pl, const char *pattern)
{
	int errcode = 0;
	PCRE2_SIZE offset = 0;
	pcre2_code *code;
	PCRE2_UCHAR msg[256];

	if (pl->n >= CAP_RULE_PATTERNS)
		return fail(ld, "too many patterns in one block (at most %u)", CAP_RULE_PATTERNS);
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                     PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &errcode, &offset, NULL);
	if (!code) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return fail(ld, "bad pattern at offset %zu: %s", (size_t)offset, (const char *)msg);
	}
	/* JIT is an optimisation: where the platform lacks it, matching still works. */
	if (use_jit)
		(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	pl->line[pl->n] = (unsigned)ld->line;
	pl->cond[pl->n] = prefilter_add(ld->rs->pf, pattern);
	pl->code[pl->n++] = code;
	return 0;
}

void rules_use_jit(bool on)
{
	use_jit = on;
}

void rules_set_limits(struct ruleset *rs, const struct rule_limits *lim)
{
	pcre2_set_match_limit(rs->mctx, lim->match);
	pcre2_set_depth_limit(rs->mctx, lim->depth);
	pcre2_set_heap_limit(rs->mctx, lim->heap_kib);
}

/* The match context every pattern runs with: core/caps.h's limits, and a JIT stack that is as roomy. */
static int matching_init(struct ruleset *rs)
{
	static const struct rule_limits caps = { CAP_RULE_MATCH_LIMIT, CAP_RULE_DEPTH_LIMIT, CAP_RULE_HEAP_KIB };

	rs->mctx = pcre2_match_context_create(NULL);
	if (!rs->mctx)
		return -1;
	rules_set_limits(rs, &caps);
	if (!use_jit)
		return 0;
	/* Only the address space is taken at once; the pages as JIT uses them. */
	rs->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, CAP_RULE_JIT_STACK, NULL);
	if (!rs->jit_stack)
		return -1;
	pcre2_jit_stack_assign(rs->mctx, NULL, rs->jit_stack);
	return 0;
}

void rules_error_text(const struct ruleset *rs, const struct rule_error *e, char *out, size_t len)
{
	PCRE2_UCHAR msg[256];

	if (pcre2_get_error_message(e->code, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "PCRE2 error %d", e->code);
	snprintf(out, len, "%s:%u: %s", rs->origin, e->line, (const char *)msg);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int parse_header(struct loader *ld, char *line)
{
	struct ruleset *rs = ld->rs;
	char *end = strchr(line, ']');
	char *arg;

	if (!end || trim(end + 1)[0] != '\0')
		return fail(ld, "block header must look like [document ID]");
	*end = '\0';
	line = trim(line + 1);
	for (size_t i = 0; i < COUNT(plain_blocks); i++) {
		if (strcmp(line, plain_blocks[i].name) == 0) {
			ld->block = plain_blocks[i].block;
			rs->discovery.given |= ld->block == BLOCK_DISCOVERY;
			rs->cloud.given |= ld->block == BLOCK_CLOUD;
			return 0;
		}
	}
	arg = strchr(line, ' ');
	if (!arg)
		return fail(ld, "unknown block [%s]", line);
	*arg++ = '\0';
	arg = trim(arg);
	if (strcmp(line, "document") == 0) {
		struct docrule *d;

		if (rs->ndocs >= CAP_RULE_DOCS)
			return fail(ld, "too many documents (at most %u)", CAP_RULE_DOCS);
		if (!*arg || strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(arg))
			return fail(ld, "document id '%s' must be lower-case letters, digits and _", arg);
		if (rules_doc_index(rs, arg) >= 0)
			return fail(ld, "document '%s' defined twice", arg);
		d = &rs->docs[rs->ndocs++];
		d->doc.id = strdup(arg);
		d->doc.required = true;
		if (!d->doc.id)
			return fail(ld, "%s", strerror(ENOMEM));
		ld->block = BLOCK_DOCUMENT;
		return 0;
	}
	if (strcmp(line, "ignore") == 0) {
		struct ignorerule *ig;

		if (rs->nignores >= CAP_RULE_DOCS)
			return fail(ld, "too many ignore blocks (at most %u)", CAP_RULE_DOCS);
		ig = &rs->ignores[rs->nignores++];
		snprintf(ig->label, sizeof(ig->label), "%s", arg);
		ld->block = BLOCK_IGNORE;
		return 0;
	}
	return fail(ld, "unknown block [%s]", line);
}

static int set_string(struct loader *ld, char **dst, const char *value)
{
	free(*dst);
	*dst = strdup(value);
	return *dst ? 0 : fail(ld, "%s", strerror(ENOMEM));
}

static int parse_yes_no(struct loader *ld, bool *dst, const char *key, const char *value)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0) {
		*dst = value[0] == 'y';
		return 0;
	}
	return fail(ld, "%s must be yes or no, got '%s'", key, value);
}

static const char *const fresh_values[] = {
	[RULE_FRESH_NO] = "no",
	[RULE_FRESH_YEAR] = "yes",
	[RULE_FRESH_PERIOD] = "period",
};

static int parse_fresh(struct loader *ld, enum rule_fresh *dst, const char *value)
{
	for (size_t i = 0; i < COUNT(fresh_values); i++) {
		if (strcmp(value, fresh_values[i]) == 0) {
			*dst = (enum rule_fresh)i;
			return 0;
		}
	}
	return fail(ld, "fresh must be yes, no or period, got '%s'", value);
}

static int set_indicator(struct loader *ld, struct rule_indicator *ind, const char *value)
{
	char why[256];

	if (rule_indicator_parse(ind, value, why, sizeof(why)))
		return fail(ld, "%s", why);
	return 0;
}

/* [discovery] path = /a/b/: a path of the site's root, as a URL writes it. */
static int add_known_path(struct loader *ld, const char *value)
{
	struct rule_discovery *d = &ld->rs->discovery;

	if (d->npaths >= CAP_RULE_WORDS)
		return fail(ld, "too many paths (at most %u)", CAP_RULE_WORDS);
	if (value[0] != '/' || strlen(value) >= CAP_URL_BYTES || strpbrk(value, " \t#"))
		return fail(ld, "path '%s' must start with / and hold no space or #", value);
	d->paths[d->npaths] = strdup(value);
	if (!d->paths[d->npaths])
		return fail(ld, "%s", strerror(ENOMEM));
	d->npaths++;
	return 0;
}

static int discovery_setting(struct loader *ld, const char *key, const char *value)
{
	struct rule_discovery *d = &ld->rs->discovery;

	if (strcmp(key, "menu") == 0)
		return patlist_add(ld, &d->menu, value);
	if (strcmp(key, "next") == 0)
		return patlist_add(ld, &d->next, value);
	if (strcmp(key, "page") == 0)
		return patlist_add(ld, &d->page, value);
	if (strcmp(key, "path") == 0)
		return add_known_path(ld, value);
	return fail(ld, "unknown setting '%s' in this block", key);
}

/*
 * [cloud] link = PATTERN, then its download = TEMPLATE and, for an API's
 * JSON answer, field = NAME, or, for a page whose scripts name the disk's
 * file server, server = PATTERN and file = TEMPLATE.
 */
static int cloud_setting(struct loader *ld, const char *key, const char *value)
{
	struct rule_cloud *c = &ld->rs->cloud;
	size_t last = c->link.n - 1;

	if (strcmp(key, "link") == 0)
		return patlist_add(ld, &c->link, value);
	if (c->link.n == 0)
		return fail(ld, "'%s' before any link in [cloud]", key);
	if (strcmp(key, "download") == 0)
		return set_string(ld, &c->download[last], value);
	if (strcmp(key, "field") == 0)
		return set_string(ld, &c->field[last], value);
	if (strcmp(key, "file") == 0)
		return set_string(ld, &c->file[last], value);
	if (strcmp(key, "server") == 0) {
		if (c->server_of[last])
			return fail(ld, "a second server for one link in [cloud]");
		c->server_of[last] = c->server.n + 1;
		return patlist_add(ld, &c->server, value);
	}
	return fail(ld, "unknown setting '%s' in this block", key);
}

/* A setting of the plain lists: [links] file, title, download, keyword; [http] refusal. 1 when key is none of them. */
static int words_setting(struct loader *ld, const char *key, const char *value)
{
	struct rule_words *w = &ld->rs->words;
	char why[256];
	int rc;

	if (ld->block == BLOCK_LINKS && strcmp(key, "file") == 0)
		rc = rule_words_add_file_ending(w, value, why, sizeof(why));
	else if (ld->block == BLOCK_LINKS && strcmp(key, "title") == 0)
		rc = rule_words_add_title_start(w, value, why, sizeof(why));
	else if (ld->block == BLOCK_LINKS && strcmp(key, "download") == 0)
		rc = rule_words_add_download_start(w, value, why, sizeof(why));
	else if (ld->block == BLOCK_LINKS && strcmp(key, "keyword") == 0)
		rc = rule_words_add_keyword(w, value, why, sizeof(why));
	else if (ld->block == BLOCK_HTTP && strcmp(key, "refusal") == 0)
		rc = rule_words_add_refusal(w, value, why, sizeof(why));
	else
		return 1;
	return rc ? fail(ld, "%s", why) : 0;
}

/* [content]: each key a list of patterns read in a document's own text. */
static int content_setting(struct loader *ld, const char *key, const char *value)
{
	struct ruleset *rs = ld->rs;
	const struct {
		const char *key;
		struct patlist *list;
	} lists[] = {
		{ "appendix", &rs->appendix }, { "title", &rs->title }, { "draft", &rs->draft },
		{ "typed", &rs->typed }, { "organisation", &rs->organisation }, { "institution", &rs->institution },
	};

	for (size_t i = 0; i < COUNT(lists); i++)
		if (strcmp(key, lists[i].key) == 0)
			return patlist_add(ld, lists[i].list, value);
	return fail(ld, "unknown setting '%s' in this block", key);
}

static int parse_setting(struct loader *ld, char *line)
{
	struct ruleset *rs = ld->rs;
	char *eq = strchr(line, '=');
	char *key, *value;

	if (!eq)
		return fail(ld, "expected 'key = value', got '%s'", line);
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (!*value)
		return fail(ld, "empty value for '%s'", key);

	if (ld->block == BLOCK_LINKS && strcmp(key, "viewer") == 0)
		return patlist_add(ld, &rs->viewer, value);
	if (ld->block == BLOCK_LINKS || ld->block == BLOCK_HTTP) {
		int rc = words_setting(ld, key, value);

		if (rc <= 0)
			return rc;
	} else if (ld->block == BLOCK_DOCUMENT) {
		struct docrule *d = &rs->docs[rs->ndocs - 1];

		if (strcmp(key, "name") == 0)
			return set_string(ld, &d->doc.name, value);
		if (strcmp(key, "short") == 0)
			return set_string(ld, &d->doc.short_name, value);
		if (strcmp(key, "match") == 0)
			return patlist_add(ld, &d->match, value);
		if (strcmp(key, "exclude") == 0)
			return patlist_add(ld, &d->exclude, value);
		if (strcmp(key, "heading") == 0)
			return patlist_add(ld, &d->heading, value);
		if (strcmp(key, "heading_exclude") == 0)
			return patlist_add(ld, &d->heading_exclude, value);
		if (strcmp(key, "count_row") == 0)
			return patlist_add(ld, &d->count_row, value);
		if (strcmp(key, "count_name") == 0)
			return set_string(ld, &d->doc.count_name, value);
		if (strcmp(key, "required") == 0)
			return parse_yes_no(ld, &d->doc.required, key, value);
		if (strcmp(key, "fresh") == 0)
			return parse_fresh(ld, &d->doc.fresh, value);
		if (strcmp(key, "indicator") == 0)
			return set_indicator(ld, &d->doc.indicator, value);
	} else if (ld->block == BLOCK_SYSTEM) {
		if (strcmp(key, "indicator") == 0)
			return set_indicator(ld, &rs->system_indicator, value);
		if (strcmp(key, "documents") == 0)
			return set_string(ld, &rs->system_list, value);
	} else if (ld->block == BLOCK_IGNORE) {
		if (strcmp(key, "match") == 0)
			return patlist_add(ld, &rs->ignores[rs->nignores - 1].match, value);
	} else if (ld->block == BLOCK_PLACEHOLDER) {
		if (strcmp(key, "filename") == 0)
			return patlist_add(ld, &rs->placeholder_filename, value);
	} else if (ld->block == BLOCK_CONTENT) {
		return content_setting(ld, key, value);
	} else if (ld->block == BLOCK_DISCOVERY) {
		return discovery_setting(ld, key, value);
	} else if (ld->block == BLOCK_CLOUD) {
		return cloud_setting(ld, key, value);
	} else if (ld->block == BLOCK_SECTION) {
		if (strcmp(key, "match") == 0)
			return patlist_add(ld, &rs->section_text, value);
		if (strcmp(key, "url") == 0)
			return patlist_add(ld, &rs->section_url, value);
		if (strcmp(key, "indicator") == 0)
			return set_indicator(ld, &rs->section_indicator, value);
	} else {
		return fail(ld, "setting '%s' outside a block", key);
	}
	return fail(ld, "unknown setting '%s' in this block", key);
}

/* [system] documents = ID ID ...; without it the system is the required documents. */
static int resolve_system(struct loader *ld)
{
	struct ruleset *rs = ld->rs;
	char *list = rs->system_list, *id, *save = NULL;
	bool any = false;

	if (!list) {
		for (size_t i = 0; i < rs->ndocs; i++)
			rs->in_system[i] = rs->docs[i].doc.required;
		return 0;
	}
	for (id = strtok_r(list, " \t,", &save); id; id = strtok_r(NULL, " \t,", &save)) {
		int d = rules_doc_index(rs, id);

		if (d < 0)
			return fail(ld, "[system] names document '%s', which has no [document] block", id);
		rs->in_system[d] = true;
		any = true;
	}
	if (!any)
		return fail(ld, "[system] documents = names no document");
	return 0;
}

static int check_complete(struct loader *ld)
{
	struct ruleset *rs = ld->rs;
	size_t line = 0;
	const char *why = rules_cloud_incomplete(&rs->cloud, &line);

	if (why) {
		ld->line = line;
		return fail(ld, "[cloud] link %s", why);
	}
	if (rs->ndocs == 0)
		return fail(ld, "no [document ...] block");
	for (size_t i = 0; i < rs->ndocs; i++) {
		struct docrule *d = &rs->docs[i];

		if (!d->doc.name)
			return fail(ld, "document '%s' has no name", d->doc.id);
		if (d->match.n == 0)
			return fail(ld, "document '%s' has no match pattern", d->doc.id);
		if (!d->doc.short_name && set_string(ld, &d->doc.short_name, d->doc.name))
			return -1;
	}
	return resolve_system(ld);
}

int rules_parse(struct ruleset **out, const char *buf, size_t len,
                const char *origin, char *err, size_t errlen)
{
	struct loader ld = { .origin = origin ? origin : "rules", .err = err, .errlen = errlen };
	char line[CAP_RULE_LINE];
	struct lines lines;
	struct line ln;
	int rc = -1;

	*out = NULL;
	if (len > CAP_RULE_FILE_BYTES) {
		fail(&ld, "rule file larger than %u bytes", CAP_RULE_FILE_BYTES);
		goto out;
	}
	ld.rs = calloc(1, sizeof(*ld.rs));
	if (ld.rs)
		ld.rs->origin = strdup(ld.origin);
	if (!ld.rs || !ld.rs->origin || prefilter_new(&ld.rs->pf) || matching_init(ld.rs)) {
		fail(&ld, "%s", strerror(ENOMEM));
		goto out;
	}
	ld.rs->digest = (unsigned long long)hash_fnv1a_bytes(HASH_FNV1A_INIT, buf, len);
	/* a lone CR stays in its line (trim() takes it off the end), as it always has */
	lines_init(&lines, buf, len, CAP_RULE_LINE - 1, 0);
	while (lines_next(&lines, &ln)) {
		char *p;

		ld.line = ln.no;
		if (ln.too_long) {
			fail(&ld, "line longer than %u bytes", CAP_RULE_LINE - 1);
			goto out;
		}
		if (ln.has_nul) {
			fail(&ld, "NUL byte in rule file");
			goto out;
		}
		memcpy(line, ln.s, ln.len);
		line[ln.len] = '\0';
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if (*p == '[' ? parse_header(&ld, p) : parse_setting(&ld, p))
			goto out;
	}
	if (check_complete(&ld))
		goto out;
	*out = ld.rs;
	ld.rs = NULL;
	rc = 0;
out:
	rules_free(ld.rs);
	return rc;
}

int rules_load(struct ruleset **out, const char *path, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (file_read_all(&text, &len, path, CAP_RULE_FILE_BYTES, err, errlen))
		return -1;
	rc = rules_parse(out, text, len, path, err, errlen);
	free(text);
	return rc;
}

void rules_free(struct ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->ndocs; i++) {
		free(rs->docs[i].doc.id);
		free(rs->docs[i].doc.name);
		free(rs->docs[i].doc.short_name);
		free(rs->docs[i].doc.count_name);
		rule_indicator_clear(&rs->docs[i].doc.indicator);
		patlist_free(&rs->docs[i].match);
		patlist_free(&rs->docs[i].exclude);
		patlist_free(&rs->docs[i].heading);
		patlist_free(&rs->docs[i].heading_exclude);
		patlist_free(&rs->docs[i].count_row);
	}
	for (size_t i = 0; i < rs->nignores; i++)
		patlist_free(&rs->ignores[i].match);
	patlist_free(&rs->section_text);
	patlist_free(&rs->section_url);
	patlist_free(&rs->placeholder_filename);
	patlist_free(&rs->appendix);
	patlist_free(&rs->title);
	patlist_free(&rs->draft);
	patlist_free(&rs->typed);
	patlist_free(&rs->organisation);
	patlist_free(&rs->institution);
	patlist_free(&rs->viewer);
	patlist_free(&rs->cloud.link);
	patlist_free(&rs->cloud.server);
	for (size_t i = 0; i < CAP_RULE_PATTERNS; i++) {
		free(rs->cloud.download[i]);
		free(rs->cloud.field[i]);
		free(rs->cloud.file[i]);
	}
	patlist_free(&rs->discovery.menu);
	patlist_free(&rs->discovery.next);
	patlist_free(&rs->discovery.page);
	for (size_t i = 0; i < rs->discovery.npaths; i++)
		free(rs->discovery.paths[i]);
	rule_indicator_clear(&rs->section_indicator);
	rule_words_free(&rs->words);
	rule_indicator_clear(&rs->system_indicator);
	free(rs->system_list);
	prefilter_free(rs->pf);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jit_stack);
	free(rs->origin);
	free(rs);
}

unsigned long long rules_digest(const struct ruleset *rs)
{
	return rs->digest;
}

size_t rules_doc_count(const struct ruleset *rs)
{
	return rs->ndocs;
}

const struct rule_doc *rules_doc(const struct ruleset *rs, size_t i)
{
	return i < rs->ndocs ? &rs->docs[i].doc : NULL;
}

const struct rule_indicator *rules_section_indicator(const struct ruleset *rs)
{
	return &rs->section_indicator;
}

const struct rule_indicator *rules_system_indicator(const struct ruleset *rs)
{
	return &rs->system_indicator;
}

/* from's patterns, copied (the prefilter's conditions are from's own: the copies always run). */
int rules_patlist_copy(struct patlist *to, const struct patlist *from)
{
	for (size_t i = 0; i < from->n && to->n < CAP_RULE_PATTERNS; i++) {
		pcre2_code *code = pcre2_code_copy(from->code[i]);

		if (!code)
			return -1;
		if (use_jit)
			(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
		to->code[to->n] = code;
		to->line[to->n] = from->line[i];
		to->cond[to->n++] = PREFILTER_ALWAYS;
	}
	return 0;
}

bool rules_doc_in_system(const struct ruleset *rs, size_t doc)
{
	return doc < rs->ndocs && rs->in_system[doc];
}

int rules_doc_index(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->ndocs; i++)
		if (strcmp(rs->docs[i].doc.id, id) == 0)
			return (int)i;
	return -1;
}
