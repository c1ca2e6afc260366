/*
 * rules.c - load the rule file, compile its patterns once, classify links.
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
 *   [links]                file = .pdf, title = приказ (plain lists, words.c)
 *   [http]                 refusal = 403
 *
 * A document block or [section] may say `indicator = N L NAME` (or none):
 * its row of the methodology's indicator table (indicator.c).
 *
 * A document block may also say `fresh = yes`: the document must belong to
 * the current academic year (see rules_freshness()).
 *
 * Patterns are PCRE2 with UTF, UCP and CASELESS. Texts are matched after
 * 'ё' is folded to 'е' and, for file names, '_', '-', '+' and '.' to
 * spaces, so one pattern serves «Приказ_о_внедрении.pdf» and «приказ о
 * внедрении».
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "rules/rules.h"

#include <errno.h>
#include <stdarg.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/hash.h"
#include "core/macros.h"
#include "core/text.h"
#include "core/file.h"
#include "core/lines.h"
#include "core/log.h"
#include "parsers/dates.h"
#include "parsers/html.h"
#include "rules/indicator.h"
#include "rules/prefilter.h"
#include "rules/words.h"

struct patlist {
	pcre2_code *code[CAP_RULE_PATTERNS];
	unsigned line[CAP_RULE_PATTERNS];     /* rule-file line of each pattern */
	int cond[CAP_RULE_PATTERNS];          /* its prefilter condition */
	size_t n;
};

struct docrule {
	struct rule_doc doc;
	struct patlist match;
	struct patlist exclude;
};

struct ignorerule {
	char label[64];
	struct patlist match;
};

struct ruleset {
	struct docrule docs[CAP_RULE_DOCS];
	size_t ndocs;
	struct ignorerule ignores[CAP_RULE_DOCS];
	size_t nignores;
	struct patlist section_text;
	struct patlist section_url;
	struct patlist placeholder_filename;
	struct rule_indicator section_indicator;
	struct rule_indicator system_indicator;
	char *system_list;                      /* [system] documents = ..., resolved at the end */
	bool in_system[CAP_RULE_DOCS];
	struct rule_words words;                /* [links] and [http] lists */
	struct prefilter *pf;   /* literals the patterns need, to skip most of them */
	char *origin;
};

enum block { BLOCK_NONE, BLOCK_DOCUMENT, BLOCK_IGNORE, BLOCK_SECTION, BLOCK_PLACEHOLDER, BLOCK_SYSTEM,
             BLOCK_LINKS, BLOCK_HTTP };

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

static const char *const source_names[RULE_SRC_COUNT] = {
	[RULE_SRC_TEXT] = "text",
	[RULE_SRC_TITLE] = "title",
	[RULE_SRC_FILENAME] = "filename",
	[RULE_SRC_CONTEXT] = "context",
};

const char *rules_source_name(enum rule_source src)
{
	return src < RULE_SRC_COUNT ? source_names[src] : "?";
}

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
	if (strcmp(line, "section") == 0) {
		ld->block = BLOCK_SECTION;
		return 0;
	}
	if (strcmp(line, "placeholder") == 0) {
		ld->block = BLOCK_PLACEHOLDER;
		return 0;
	}
	if (strcmp(line, "system") == 0) {
		ld->block = BLOCK_SYSTEM;
		return 0;
	}
	if (strcmp(line, "links") == 0) {
		ld->block = BLOCK_LINKS;
		return 0;
	}
	if (strcmp(line, "http") == 0) {
		ld->block = BLOCK_HTTP;
		return 0;
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

static int set_indicator(struct loader *ld, struct rule_indicator *ind, const char *value)
{
	char why[256];

	if (rule_indicator_parse(ind, value, why, sizeof(why)))
		return fail(ld, "%s", why);
	return 0;
}

/* A setting of the plain lists: [links] file, title; [http] refusal. 1 when key is none of them. */
static int words_setting(struct loader *ld, const char *key, const char *value)
{
	struct rule_words *w = &ld->rs->words;
	char why[256];
	int rc;

	if (ld->block == BLOCK_LINKS && strcmp(key, "file") == 0)
		rc = rule_words_add_file_ending(w, value, why, sizeof(why));
	else if (ld->block == BLOCK_LINKS && strcmp(key, "title") == 0)
		rc = rule_words_add_title_start(w, value, why, sizeof(why));
	else if (ld->block == BLOCK_HTTP && strcmp(key, "refusal") == 0)
		rc = rule_words_add_refusal(w, value, why, sizeof(why));
	else
		return 1;
	return rc ? fail(ld, "%s", why) : 0;
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
		if (strcmp(key, "required") == 0)
			return parse_yes_no(ld, &d->doc.required, key, value);
		if (strcmp(key, "fresh") == 0)
			return parse_yes_no(ld, &d->doc.fresh, key, value);
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
	if (!ld.rs || !ld.rs->origin || prefilter_new(&ld.rs->pf)) {
		fail(&ld, "%s", strerror(ENOMEM));
		goto out;
	}
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
		rule_indicator_clear(&rs->docs[i].doc.indicator);
		patlist_free(&rs->docs[i].match);
		patlist_free(&rs->docs[i].exclude);
	}
	for (size_t i = 0; i < rs->nignores; i++)
		patlist_free(&rs->ignores[i].match);
	patlist_free(&rs->section_text);
	patlist_free(&rs->section_url);
	patlist_free(&rs->placeholder_filename);
	rule_indicator_clear(&rs->section_indicator);
	rule_words_free(&rs->words);
	rule_indicator_clear(&rs->system_indicator);
	free(rs->system_list);
	prefilter_free(rs->pf);
	free(rs->origin);
	free(rs);
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

bool rules_is_document_file(const struct ruleset *rs, const char *filename)
{
	return rule_words_file_is_document(&rs->words, filename);
}

bool rules_title_is_document(const struct ruleset *rs, const char *lower_text)
{
	return rule_words_title_is_document(&rs->words, lower_text);
}

bool rules_refuses(const struct ruleset *rs, long status)
{
	return rule_words_refuses(&rs->words, status);
}

int rules_inherit_lists(struct ruleset *rs, const struct ruleset *from)
{
	if (!rule_words_empty(&rs->words))
		return 0;
	return rule_words_inherit(&rs->words, &from->words);
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

/*
 * The byte-by-byte fold, for a text longer than the buffer's cap: it keeps
 * what fits, up to the first letter that does not (or memory running out).
 */
static void fold_text_capped(struct buf *out, const char *s, bool filename)
{
	int rc = 0;

	for (; *s && !rc; s++) {
		unsigned char c = (unsigned char)s[0];

		if (c == 0xD1 && (unsigned char)s[1] == 0x91) {          /* ё */
			rc = buf_add(out, "\xD0\xB5", 2);
			s++;
		} else if (c == 0xD0 && (unsigned char)s[1] == 0x81) {   /* Ё */
			rc = buf_add(out, "\xD0\x95", 2);
			s++;
		} else if (filename && (c == '_' || c == '-' || c == '+' || c == '.')) {
			rc = buf_addc(out, ' ');
		} else {
			rc = buf_addc(out, (char)c);
		}
	}
}

/*
 * The text as patterns see it: 'ё' and 'Ё' folded to 'е', and for file
 * names the separators that stand for spaces. The result is valid UTF-8
 * whenever the input is, and as long as the input: written in one go.
 */
static void fold_text(struct buf *out, const char *s, bool filename)
{
	size_t len = strlen(s);
	unsigned char *d;

	buf_reset(out);
	if (buf_reserve(out, len)) {
		fold_text_capped(out, s, filename);
		return;
	}
	d = (unsigned char *)out->data;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xD1 && (unsigned char)s[i + 1] == 0x91) {          /* ё */
			d[i] = 0xD0;
			d[++i] = 0xB5;
		} else if (c == 0xD0 && (unsigned char)s[i + 1] == 0x81) {   /* Ё */
			d[i] = 0xD0;
			d[++i] = 0x95;
		} else if (filename && (c == '_' || c == '-' || c == '+' || c == '.')) {
			d[i] = ' ';
		} else {
			d[i] = c;
		}
	}
	out->len = len;
	out->data[len] = '\0';
}

/* Room for one subject: texts are folded into a buffer of this cap. */
#define SUBJECT_CAP (CAP_CONTEXT_TEXT + 16)

/* What a classification needs besides the ruleset: no allocation per link. */
struct scratch {
	pcre2_match_data *md;
	struct buf text;              /* the subject */
	char lower[SUBJECT_CAP + 1];  /* the subject lower-cased, for the prefilter */
};

static int scratch_init(struct scratch *sc)
{
	buf_init(&sc->text, SUBJECT_CAP);
	sc->md = pcre2_match_data_create(4, NULL);
	return sc->md ? 0 : -1;
}

static void scratch_free(struct scratch *sc)
{
	pcre2_match_data_free(sc->md);
	buf_free(&sc->text);
}

/* A text as the patterns see it, and what the prefilter found in it. */
struct subject {
	struct scratch *sc;
	const char *raw;      /* the text as given */
	bool fold, filename;  /* how it is folded (fold_text) */
	const char *s;        /* the subject: raw folded, NULL until a pattern needs it */
	size_t len;
	uint32_t opts;
	bool opts_known;
	struct prefilter_text pt;
};

/* The subject, made on first use: most texts are ruled out before any pattern runs. */
static void subject_make(struct subject *subj)
{
	struct buf *b = &subj->sc->text;

	if (subj->s)
		return;
	if (subj->fold) {
		fold_text(b, subj->raw, subj->filename);
	} else {
		buf_reset(b);
		if (buf_addstr(b, subj->raw))
			buf_reset(b);       /* past the cap (or out of memory): the empty text */
	}
	subj->s = buf_str(b);
	subj->len = b->len;
}

static void subject_init(const struct ruleset *rs, struct scratch *sc, struct subject *subj,
                         const char *text, bool fold, bool filename)
{
	size_t len = strlen(text);

	memset(subj, 0, sizeof(*subj));
	subj->sc = sc;
	subj->raw = text;
	subj->fold = fold;
	subj->filename = filename;
	if (fold && len <= SUBJECT_CAP) {
		/* the fold keeps the length, so the prefilter folds as it reads */
		prefilter_scan(rs->pf, text, len,
		               PREFILTER_FOLD_YO | (filename ? PREFILTER_FOLD_SEPARATORS : 0u),
		               sc->lower, &subj->pt);
	} else {
		subject_make(subj);
		prefilter_scan(rs->pf, subj->s, subj->len, 0, sc->lower, &subj->pt);
	}
	/* the prefilter reads only valid UTF-8, and folding keeps it valid */
	subj->opts_known = subj->pt.usable;
	subj->opts = subj->pt.usable ? PCRE2_NO_UTF_CHECK : 0;
}

/*
 * Options for matching text: PCRE2 checks a subject's UTF-8 on every match
 * unless told it is valid, and a link is matched against dozens of
 * patterns; check it once here instead. Invalid text (a percent-decoded
 * file name can be) keeps PCRE2's own check, which then fails the match.
 */
static uint32_t match_opts(struct subject *subj)
{
	subject_make(subj);
	if (!subj->opts_known) {
		subj->opts = text_utf8_valid(subj->s, subj->len) ? PCRE2_NO_UTF_CHECK : 0;
		subj->opts_known = true;
	}
	return subj->opts;
}

/* The rule-file line of the first pattern that matches, or 0. */
static unsigned patlist_find(const struct ruleset *rs, const struct patlist *pl,
                             struct subject *subj, pcre2_match_data *md)
{
	for (size_t i = 0; i < pl->n; i++) {
		uint32_t opts;
		int rc;

		if (!prefilter_may_match(rs->pf, pl->cond[i], &subj->pt))
			continue;
		opts = match_opts(subj);
		rc = pcre2_match(pl->code[i], (PCRE2_SPTR)subj->s, subj->len, 0, opts, md, NULL);
		if (rc >= 0)
			return pl->line[i];
	}
	return 0;
}

static bool patlist_match(const struct ruleset *rs, const struct patlist *pl,
                          struct subject *subj, pcre2_match_data *md)
{
	return patlist_find(rs, pl, subj, md) != 0;
}

_Static_assert(CAP_RULE_DOCS <= 16, "a text's documents are a 16-bit set");

/* What the rules say of one text of a link. */
struct text_verdict {
	uint16_t docs;                 /* bit i: document i */
	int ignore;                    /* the [ignore] block that matched, or -1 */
	unsigned line[CAP_RULE_DOCS];  /* rule-file line of the pattern naming docs bit i */
};

static void judge_text(const struct ruleset *rs, struct scratch *sc, const char *text,
                       bool filename, struct text_verdict *tv)
{
	struct subject subj;

	subject_init(rs, sc, &subj, text, true, filename);
	tv->docs = 0;
	tv->ignore = -1;
	for (size_t i = 0; i < rs->ndocs; i++) {
		const struct docrule *d = &rs->docs[i];
		unsigned line = patlist_find(rs, &d->match, &subj, sc->md);

		if (line && !patlist_match(rs, &d->exclude, &subj, sc->md)) {
			tv->docs |= (uint16_t)(1u << i);
			tv->line[i] = line;
		}
	}
	for (size_t k = 0; k < rs->nignores && tv->ignore < 0; k++)
		if (patlist_match(rs, &rs->ignores[k].match, &subj, sc->md))
			tv->ignore = (int)k;
}

/*
 * Verdicts on texts already judged, by text: a page's links share texts
 * (a menu item and its submenu, a card and its links, «Скачать»). Up to
 * CAP_RULE_MEMO_TEXTS texts and CAP_RULE_MEMO_BYTES of them are kept.
 */
struct memo_entry {
	uint64_t hash;
	size_t off, len;         /* the text, in the arena */
	bool filename;
	struct text_verdict tv;
};

struct memo {
	const struct ruleset *rs;   /* whose verdicts these are */
	struct memo_entry *entries; /* in the order kept */
	size_t used, alloc;
	uint32_t *slots;            /* an entry's index + 1, by hash; 0: empty */
	size_t nslots;              /* a power of two, or 0 */
	char *arena;
	size_t arena_len, arena_alloc;
};

static void memo_free(struct memo *m)
{
	free(m->entries);
	free(m->slots);
	free(m->arena);
	memset(m, 0, sizeof(*m));
}

/* The slot of a text: holding its entry, or empty where it would go. */
static uint32_t *memo_slot(const struct memo *m, uint64_t hash, const char *text, size_t len,
                           bool filename)
{
	for (size_t i = (size_t)hash & (m->nslots - 1);; i = (i + 1) & (m->nslots - 1)) {
		const struct memo_entry *e;

		if (!m->slots[i])
			return &m->slots[i];
		e = &m->entries[m->slots[i] - 1];
		if (e->hash == hash && e->len == len && e->filename == filename &&
		    memcmp(m->arena + e->off, text, len) == 0)
			return &m->slots[i];
	}
}

/* Room for one more text of len bytes; false when the memo is full or memory short. */
static bool memo_room(struct memo *m, size_t len)
{
	if (m->used >= CAP_RULE_MEMO_TEXTS || len > CAP_RULE_MEMO_BYTES - m->arena_len)
		return false;
	if (m->arena_len + len > m->arena_alloc) {
		size_t n = m->arena_alloc ? m->arena_alloc : 16384;
		char *p;

		while (n < m->arena_len + len)
			n *= 2;
		if (n > CAP_RULE_MEMO_BYTES)
			n = CAP_RULE_MEMO_BYTES;
		p = realloc(m->arena, n);
		if (!p)
			return false;
		m->arena = p;
		m->arena_alloc = n;
	}
	if (m->used == m->alloc) {
		size_t n = m->alloc ? 2 * m->alloc : 128;
		struct memo_entry *p = realloc(m->entries, n * sizeof(*p));

		if (!p)
			return false;
		m->entries = p;
		m->alloc = n;
	}
	if (2 * (m->used + 1) > m->nslots) {
		size_t n = m->nslots ? 2 * m->nslots : 512;
		uint32_t *slots = calloc(n, sizeof(*slots));
		struct memo bigger = *m;

		if (!slots)
			return false;
		bigger.slots = slots;
		bigger.nslots = n;
		for (size_t i = 0; i < m->used; i++) {
			const struct memo_entry *e = &m->entries[i];

			*memo_slot(&bigger, e->hash, m->arena + e->off, e->len, e->filename) = (uint32_t)(i + 1);
		}
		free(m->slots);
		m->slots = slots;
		m->nslots = n;
	}
	return true;
}

/* Keep a verdict; when the memo is full, or memory short, it is just not kept. */
static void memo_keep(struct memo *m, uint64_t hash, const char *text, size_t len, bool filename,
                      const struct text_verdict *tv)
{
	struct memo_entry *e;

	if (!memo_room(m, len))
		return;
	e = &m->entries[m->used];
	memcpy(m->arena + m->arena_len, text, len);
	e->hash = hash;
	e->off = m->arena_len;
	e->len = len;
	e->filename = filename;
	e->tv = *tv;
	m->arena_len += len;
	*memo_slot(m, hash, text, len, filename) = (uint32_t)++m->used;
}

/* judge_text(), remembered in m when there is one. */
static void judge(const struct ruleset *rs, struct scratch *sc, struct memo *m, const char *text,
                  bool filename, struct text_verdict *tv)
{
	size_t len;
	uint64_t hash;

	if (!m) {
		judge_text(rs, sc, text, filename, tv);
		return;
	}
	if (m->rs != rs) {               /* another ruleset: forget what the last one said */
		memo_free(m);
		m->rs = rs;
	}
	len = strlen(text);
	hash = hash_fnv1a(HASH_FNV1A_INIT, text);
	if (m->nslots) {
		uint32_t k = *memo_slot(m, hash, text, len, filename);

		if (k) {
			*tv = m->entries[k - 1].tv;
			return;
		}
	}
	judge_text(rs, sc, text, filename, tv);
	memo_keep(m, hash, text, len, filename, tv);
}

static void set_ignored(const struct ruleset *rs, int k, struct rule_verdict *out)
{
	out->ignored = true;
	snprintf(out->ignored_by, sizeof(out->ignored_by), "%s", rs->ignores[k].label);
}

/*
 * The first text that names a document decides, with its [ignore] verdict;
 * when none does, the first text an [ignore] block matches.
 */
static void classify(const struct ruleset *rs, struct scratch *sc, struct memo *m,
                     const struct html_link *link, struct rule_verdict *out)
{
	const char *texts[RULE_SRC_COUNT] = {
		[RULE_SRC_TEXT] = link->text,
		[RULE_SRC_TITLE] = link->title,
		[RULE_SRC_FILENAME] = link->filename,
		[RULE_SRC_CONTEXT] = link->context,
	};
	struct text_verdict tv[RULE_SRC_COUNT];
	bool judged[RULE_SRC_COUNT] = { false };

	for (int src = 0; src < RULE_SRC_COUNT; src++) {
		if (!texts[src] || !*texts[src])
			continue;
		judge(rs, sc, m, texts[src], src == RULE_SRC_FILENAME, &tv[src]);
		judged[src] = true;
		if (!tv[src].docs)
			continue;
		for (size_t i = 0; i < rs->ndocs; i++) {
			if (tv[src].docs & (1u << i)) {
				out->docs[i] = true;
				out->line[i] = tv[src].line[i];
			}
		}
		out->any = true;
		out->source = (enum rule_source)src;
		out->text = texts[src];
		if (tv[src].ignore >= 0)
			set_ignored(rs, tv[src].ignore, out);
		return;
	}
	/* Named no document: an act of a higher body is still worth naming as such. */
	for (int src = 0; src < RULE_SRC_COUNT; src++) {
		if (judged[src] && tv[src].ignore >= 0) {
			set_ignored(rs, tv[src].ignore, out);
			out->source = (enum rule_source)src;
			out->text = texts[src];
			return;
		}
	}
}

struct rule_cache {
	struct scratch sc;
	struct memo memo;
};

int rules_cache_new(struct rule_cache **out)
{
	struct rule_cache *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return -1;
	if (scratch_init(&c->sc)) {
		scratch_free(&c->sc);
		free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void rules_cache_free(struct rule_cache *cache)
{
	if (!cache)
		return;
	scratch_free(&cache->sc);
	memo_free(&cache->memo);
	free(cache);
}

/* One link alone: a scratch of its own, no memo. */
void rules_classify(const struct ruleset *rs, const struct html_link *link,
                    struct rule_verdict *out)
{
	struct rule_cache *c = NULL;

	memset(out, 0, sizeof(*out));
	if (rules_cache_new(&c) == 0)
		classify(rs, &c->sc, NULL, link, out);
	rules_cache_free(c);
}

void rules_classify_cached(const struct ruleset *rs, struct rule_cache *cache,
                           const struct html_link *link, struct rule_verdict *out)
{
	if (!cache) {
		rules_classify(rs, link, out);
		return;
	}
	memset(out, 0, sizeof(*out));
	classify(rs, &cache->sc, &cache->memo, link, out);
}

/* Does one text match the list? fold: read 'ё' as 'е' first, as link texts are. */
static bool match_one(const struct ruleset *rs, const struct patlist *pl, const char *s, bool fold)
{
	struct rule_cache *c = NULL;
	struct subject subj;
	bool hit = false;

	if (!s || !*s || pl->n == 0)
		return false;
	if (rules_cache_new(&c) == 0) {
		subject_init(rs, &c->sc, &subj, s, fold, false);
		hit = patlist_match(rs, pl, &subj, c->sc.md);
	}
	rules_cache_free(c);
	return hit;
}

const char *rules_origin(const struct ruleset *rs)
{
	return rs->origin;
}

bool rules_is_placeholder(const struct ruleset *rs, const struct html_link *link)
{
	/* the file name as the site wrote it: placeholders are matched unfolded */
	return match_one(rs, &rs->placeholder_filename, link->filename, false);
}

static const char *const freshness_names[] = {
	[RULE_FRESH] = "fresh",
	[RULE_UNDATED] = "undated",
	[RULE_STALE] = "stale",
};

const char *rules_freshness_name(enum rule_freshness f)
{
	return freshness_names[f];
}

const char *rules_freshness_static(const char *name)
{
	for (size_t i = 0; name && i < COUNT(freshness_names); i++)
		if (strcmp(freshness_names[i], name) == 0)
			return freshness_names[i];
	return NULL;
}

enum rule_freshness rules_freshness(const struct date_scan *dates, int as_of,
                                    char *label, size_t label_len)
{
	/* The academic year began in year y on 1 September. */
	int y = as_of / 10000 - ((as_of / 100) % 100 < 9 ? 1 : 0);
	int start = y * 10000 + 901;
	int latest = 0;

	if (label_len)
		label[0] = '\0';
	if (dates->ndates + dates->nperiods + dates->nyears == 0)
		return RULE_UNDATED;
	for (size_t i = 0; i < dates->ndates; i++)
		if (dates->dates[i] >= start)
			return RULE_FRESH;
	for (size_t i = 0; i < dates->nperiods; i++)
		if (dates->periods[i].to >= y + 1)
			return RULE_FRESH;
	for (size_t i = 0; i < dates->nyears; i++)
		if (dates->years[i] >= y)
			return RULE_FRESH;
	/* Stale: name the most recent date given, as the document gave it. */
	for (size_t i = 0; i < dates->ndates; i++) {
		if (dates->dates[i] > latest) {
			latest = dates->dates[i];
			snprintf(label, label_len, "%02d.%02d.%04d", latest % 100, (latest / 100) % 100,
			         latest / 10000);
		}
	}
	for (size_t i = 0; i < dates->nperiods; i++) {
		int key = dates->periods[i].to * 10000 + 831;

		if (key > latest) {
			latest = key;
			snprintf(label, label_len, "%d-%d", dates->periods[i].from, dates->periods[i].to);
		}
	}
	for (size_t i = 0; i < dates->nyears; i++) {
		int key = dates->years[i] * 10000 + 1231;

		if (key > latest) {
			latest = key;
			snprintf(label, label_len, "%d", dates->years[i]);
		}
	}
	return RULE_STALE;
}

bool rules_is_section_link(const struct ruleset *rs, const struct html_link *link)
{
	return match_one(rs, &rs->section_text, link->text, true) ||
	       match_one(rs, &rs->section_text, link->title, true);
}

bool rules_is_section_page(const struct ruleset *rs, const char *url,
                           const char *title, const char *h1)
{
	return match_one(rs, &rs->section_url, url, true) || match_one(rs, &rs->section_text, title, true) ||
	       match_one(rs, &rs->section_text, h1, true);
}
