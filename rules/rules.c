/*
 * rules.c - classify links with the compiled rule file (load.c reads it):
 * texts folded as the patterns expect, a prefilter before PCRE2, a memo of
 * the texts of a page, and the section and freshness tests.
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
#include "rules/typo.h"
#include "rules/words.h"

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
	bool valid;           /* valid UTF-8 (subject_ready) */
	bool valid_known;
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
	subj->valid_known = subj->pt.usable;
	subj->valid = subj->pt.usable;
}

/*
 * The subject, made for the patterns: false when it is not valid UTF-8 (a
 * percent-decoded file name can be), a text no pattern reads, which names
 * nothing. Checked once here, so that PCRE2 is told the text is valid
 * rather than checking it again for each of dozens of patterns.
 */
static bool subject_ready(struct subject *subj)
{
	subject_make(subj);
	if (!subj->valid_known) {
		subj->valid = text_utf8_valid(subj->s, subj->len);
		subj->valid_known = true;
	}
	return subj->valid;
}

/* One pattern over the subject: 1 it matches, 0 it does not, or PCRE2's error (negative): it cannot tell. */
static int pattern_run(const struct ruleset *rs, const pcre2_code *code, const struct subject *subj,
                       pcre2_match_data *md)
{
	size_t jit_size = 0;
	int rc = pcre2_match(code, (PCRE2_SPTR)subj->s, subj->len, 0, PCRE2_NO_UTF_CHECK, md, rs->mctx);

	/*
	 * JIT counts the match limit its own way and has a stack of its own: on
	 * an error the interpreter runs the pattern again and its limits
	 * decide, so that no verdict depends on JIT.
	 */
	if (rc < PCRE2_ERROR_NOMATCH && pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &jit_size) == 0 &&
	    jit_size > 0)
		rc = pcre2_match(code, (PCRE2_SPTR)subj->s, subj->len, 0, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, md,
		                 rs->mctx);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
}

/*
 * What a list says of the subject: the rule-file line of the first pattern
 * that matches; else 0, with *err the first pattern that could not tell
 * (code 0 when every one could).
 */
static unsigned patlist_find(const struct ruleset *rs, const struct patlist *pl,
                             struct subject *subj, pcre2_match_data *md, struct rule_error *err)
{
	*err = (struct rule_error){ 0, 0 };
	for (size_t i = 0; i < pl->n; i++) {
		int rc;

		if (!prefilter_may_match(rs->pf, pl->cond[i], &subj->pt))
			continue;
		if (!subject_ready(subj))
			return 0;
		rc = pattern_run(rs, pl->code[i], subj, md);
		if (rc > 0) {
			*err = (struct rule_error){ 0, 0 };
			return pl->line[i];
		}
		if (rc < 0 && !err->code)
			*err = (struct rule_error){ pl->line[i], rc };
	}
	return 0;
}

_Static_assert(CAP_RULE_DOCS <= 16, "a text's documents are a 16-bit set");

/* What the rules say of one text of a link (kept in the memo: compact). */
struct text_verdict {
	uint16_t docs;                 /* bit i: document i */
	uint16_t errs;                 /* bit i: whether it is document i cannot be told */
	int ignore;                    /* the [ignore] block that matched, or -1 */
	struct rule_error ignore_error; /* none matched: the first [ignore] pattern that could not tell */
	unsigned line[CAP_RULE_DOCS];  /* rule-file line of the pattern naming docs bit i, or failing errs bit i */
	int code[CAP_RULE_DOCS];       /* PCRE2's error for errs bit i */
};

static void text_error(struct text_verdict *tv, size_t i, const struct rule_error *e)
{
	tv->errs |= (uint16_t)(1u << i);
	tv->line[i] = e->line;
	tv->code[i] = e->code;
}

static void judge_text(const struct ruleset *rs, struct scratch *sc, const char *text,
                       bool filename, struct text_verdict *tv)
{
	struct subject subj;
	struct rule_error err;

	subject_init(rs, sc, &subj, text, true, filename);
	memset(tv, 0, sizeof(*tv));
	tv->ignore = -1;
	for (size_t i = 0; i < rs->ndocs; i++) {
		const struct docrule *d = &rs->docs[i];
		unsigned line = patlist_find(rs, &d->match, &subj, sc->md, &err);

		if (line && patlist_find(rs, &d->exclude, &subj, sc->md, &err))
			continue;           /* named, and excluded */
		if (err.code) {
			text_error(tv, i, &err);
		} else if (line) {
			tv->docs |= (uint16_t)(1u << i);
			tv->line[i] = line;
		}
	}
	for (size_t k = 0; k < rs->nignores && tv->ignore < 0; k++) {
		if (patlist_find(rs, &rs->ignores[k].match, &subj, sc->md, &err))
			tv->ignore = (int)k;
		else if (err.code && !tv->ignore_error.code)
			tv->ignore_error = err;
	}
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

/*
 * The documents of set that a text could not tell: each keeps the first
 * error noted, that of the text (tv) or the one given (e).
 */
static void note_errors(const struct ruleset *rs, const struct text_verdict *tv, uint16_t set,
                        const struct rule_error *e, struct rule_verdict *out)
{
	for (size_t i = 0; i < rs->ndocs; i++) {
		if (!(set & (1u << i)) || out->errors[i].code)
			continue;
		out->errors[i] = e ? *e : (struct rule_error){ tv->line[i], tv->code[i] };
	}
}

static void set_ignored(const struct ruleset *rs, int k, struct rule_verdict *out)
{
	out->ignored = true;
	snprintf(out->ignored_by, sizeof(out->ignored_by), "%s", rs->ignores[k].label);
}

/*
 * Is a link text written like a file name («2.-Положение-о-системе-
 * наставничества», «Prikaz_o_vnedrenii»): no space, and words joined by
 * '-' or '_' at least twice? Then it is folded as a file name is.
 */
static bool written_as_filename(const char *text)
{
	size_t joins = 0;

	if (strchr(text, ' '))
		return false;
	for (const char *s = text; *s; s++)
		joins += *s == '-' || *s == '_';
	return joins >= 2;
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
	char mended[CAP_TYPO_TEXT + 64];

	for (int src = 0; src < RULE_SRC_COUNT; src++) {
		bool as_filename;

		if (!texts[src] || !*texts[src])
			continue;
		as_filename = src == RULE_SRC_FILENAME || written_as_filename(texts[src]);
		judge(rs, sc, m, texts[src], as_filename, &tv[src]);
		/* Naming nothing as written: read again with a key word's one-letter typo mended. */
		if (!tv[src].docs && rule_typo_mend(rs->words.keywords, rs->words.nkeywords, texts[src], mended,
		                                    sizeof(mended)))
			judge(rs, sc, m, mended, as_filename, &tv[src]);
		judged[src] = true;
		note_errors(rs, &tv[src], tv[src].errs, NULL, out);
		if (!tv[src].docs)
			continue;
		if (tv[src].ignore < 0 && tv[src].ignore_error.code) {
			/* It may be an act of a higher body: which document it is cannot be told. */
			note_errors(rs, &tv[src], tv[src].docs, &tv[src].ignore_error, out);
			return;
		}
		for (size_t i = 0; i < rs->ndocs; i++) {
			if (tv[src].docs & (1u << i)) {
				out->docs[i] = true;
				out->line[i] = tv[src].line[i];
				out->errors[i] = (struct rule_error){ 0, 0 };
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

int rules_patlist_earliest(const struct ruleset *rs, struct rule_cache *cache, const struct patlist *pl,
                           const char *text, struct rule_span *span, struct rule_error *err)
{
	struct subject subj;
	int found = 0;

	*err = (struct rule_error){ 0, 0 };
	if (!text || !*text || pl->n == 0)
		return 0;
	subject_init(rs, &cache->sc, &subj, text, true, false);
	for (size_t i = 0; i < pl->n; i++) {
		const PCRE2_SIZE *ov;
		int rc;

		if (!prefilter_may_match(rs->pf, pl->cond[i], &subj.pt))
			continue;
		if (!subject_ready(&subj))
			break;
		rc = pattern_run(rs, pl->code[i], &subj, cache->sc.md);
		if (rc < 0 && !err->code)
			*err = (struct rule_error){ pl->line[i], rc };
		if (rc <= 0)
			continue;
		ov = pcre2_get_ovector_pointer(cache->sc.md);
		if (!found || ov[0] < span->start)
			*span = (struct rule_span){ .start = ov[0], .end = ov[1], .line = pl->line[i] };
		found = 1;
	}
	return found;
}

/*
 * Does one text match the list? fold: read 'ё' as 'е' first, as link
 * texts are. When a pattern could not tell, *err gets it unless it holds
 * an error already.
 */
static bool match_one(const struct ruleset *rs, const struct patlist *pl, const char *s, bool fold,
                      struct rule_error *err)
{
	struct rule_cache *c = NULL;
	struct rule_error e = { 0, 0 };
	struct subject subj;
	bool hit = false;

	if (!s || !*s || pl->n == 0)
		return false;
	if (rules_cache_new(&c) == 0) {
		subject_init(rs, &c->sc, &subj, s, fold, false);
		hit = patlist_find(rs, pl, &subj, c->sc.md, &e) != 0;
	}
	rules_cache_free(c);
	if (!err->code)
		*err = e;
	return hit;
}

/* The answer of tests that match_one() made: yes, or no with their first error when one could not tell. */
static bool answer(bool yes, const struct rule_error *first, struct rule_error *err)
{
	if (err)
		*err = yes ? (struct rule_error){ 0, 0 } : *first;
	return yes;
}

const char *rules_origin(const struct ruleset *rs)
{
	return rs->origin;
}

bool rules_is_placeholder(const struct ruleset *rs, const struct html_link *link, struct rule_error *err)
{
	struct rule_error first = { 0, 0 };

	/* the file name as the site wrote it: placeholders are matched unfolded */
	return answer(match_one(rs, &rs->placeholder_filename, link->filename, false, &first), &first, err);
}

/* Does the section's pattern match the link's text or title (and, with_context, its item's text)? */
static bool names_section(const struct ruleset *rs, const struct html_link *link, bool with_context,
                          struct rule_error *err)
{
	struct rule_error first = { 0, 0 };

	return answer(match_one(rs, &rs->section_text, link->text, true, &first) ||
	              match_one(rs, &rs->section_text, link->title, true, &first) ||
	              (with_context && match_one(rs, &rs->section_text, link->context, true, &first)),
	              &first, err);
}

bool rules_is_section_link(const struct ruleset *rs, const struct html_link *link, struct rule_error *err)
{
	return names_section(rs, link, false, err);
}

bool rules_is_section_reference(const struct ruleset *rs, const struct html_link *link, struct rule_error *err)
{
	return names_section(rs, link, true, err);
}

bool rules_is_section_page(const struct ruleset *rs, const char *url,
                           const char *title, const char *h1, struct rule_error *err)
{
	struct rule_error first = { 0, 0 };

	return answer(match_one(rs, &rs->section_url, url, true, &first) ||
	              match_one(rs, &rs->section_text, title, true, &first) ||
	              match_one(rs, &rs->section_text, h1, true, &first), &first, err);
}
