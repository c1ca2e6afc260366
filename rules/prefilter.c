/*
 * prefilter.c - necessary literals of PCRE2 patterns, and a one-pass scan
 * of a text for them (see prefilter.h).
 *
 * A pattern is read into a condition: a sequence requires each of its
 * parts (AND), an alternation one of its branches (OR), a run of literal
 * characters that no quantifier makes optional requires that run, and
 * everything else (classes, escapes, lookarounds, optional parts) requires
 * nothing. Each step can only weaken the condition, never strengthen it, so
 * "condition false" proves "no match". Whatever the reader does not know,
 * it does not guess: the whole pattern becomes PREFILTER_ALWAYS.
 *
 * Case: the patterns are caseless. A literal's letters (ASCII, Cyrillic
 * А-я) are stored lower-cased, and texts are lower-cased the same way. Any
 * other character of a literal ends the run. A text character whose
 * caseless matches are not known (the Kelvin sign matches 'k', U+1C80 matches
 * 'в') makes the text unusable, and the patterns are run as they are.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "rules/prefilter.h"
#include "rules/prefilter_impl.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "core/text.h"

/* Candidate caseless symbols: Latin-1, the rest of basic Cyrillic, punctuation, currency, letterlike. */
static const struct {
	uint32_t from, to;
} safe_candidates[] = {
	{ 0x0080, 0x00FF }, { 0x0400, 0x040F }, { 0x0450, 0x045F },
	{ 0x2000, 0x206F }, { 0x20A0, 0x20CF }, { 0x2100, 0x214F },
};

/* A literal's first four bytes as the scan loads a text's (host order; 0 past its end). */
uint32_t pf_head_of(const char *s, size_t len)
{
	unsigned char h[4] = { 0, 0, 0, 0 };
	uint32_t head;

	memcpy(h, s, len < 4 ? len : 4);
	memcpy(&head, h, 4);
	return head;
}

unsigned pf_bucket_of(uint32_t head)
{
	return (head * 2654435761u) >> (32 - BUCKET_BITS);
}

size_t pf_encode_utf8(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/*
 * Mark the candidates that PCRE2, as rules.c compiles patterns, does not
 * match against any ASCII character or Cyrillic А-я caselessly. A candidate
 * that does (U+212A KELVIN SIGN and 'k') stays unsafe.
 */
static int find_safe(struct prefilter *pf)
{
	static const char letters[] = "[\\x{0}-\\x{7f}\\x{410}-\\x{44f}]";
	int errcode;
	PCRE2_SIZE offset;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)letters, PCRE2_ZERO_TERMINATED,
	                                 PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &errcode, &offset, NULL);
	pcre2_match_data *md = code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
	int rc = -1;

	if (!md)
		goto out;
	for (size_t r = 0; r < COUNT(safe_candidates); r++) {
		for (uint32_t cp = safe_candidates[r].from; cp <= safe_candidates[r].to; cp++) {
			char s[4];
			size_t n = pf_encode_utf8(cp, s);

			if (pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, NULL) == PCRE2_ERROR_NOMATCH)
				pf->safe[cp / 8] |= (uint8_t)(1u << (cp % 8));
		}
	}
	rc = 0;
out:
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	return rc;
}

int prefilter_new(struct prefilter **out)
{
	struct prefilter *pf = calloc(1, sizeof(*pf));

	*out = NULL;
	if (!pf)
		return -1;
	if (find_safe(pf)) {
		free(pf);
		return -1;
	}
	pf->mask3 = pf_head_of("\xFF\xFF\xFF", 3);
	*out = pf;
	return 0;
}

void prefilter_free(struct prefilter *pf)
{
	free(pf);
}

/* ---- reading a text ---- */

/* Mark the literals found in the lower-cased text s[0..len) (s[len] is readable). */
static void mark_atoms(const struct prefilter *pf, const char *s, size_t len,
                       struct prefilter_text *out)
{
	const unsigned char *u = (const unsigned char *)s;

	/* literals start at a character: step from one to the next (the text is valid UTF-8) */
	for (size_t i = 0; i + LIT_MIN <= len; i += u[i] < 0x80 ? 1 : u[i] < 0xE0 ? 2 : 3) {
		uint32_t word;

		memcpy(&word, s + i, 4);
		for (unsigned a = pf->bucket4[pf_bucket_of(word)]; a; a = pf->atom_next[a - 1]) {
			size_t n = pf->atom_len[a - 1];

			if (word == pf->atom_head[a - 1] && n <= len - i &&
			    (n == 4 || memcmp(s + i + 4, pf->atom[a - 1] + 4, n - 4) == 0))
				out->atoms[(a - 1) / 64] |= 1ull << ((a - 1) % 64);
		}
		if (!(pf->first3[u[i] / 8] & (1u << (u[i] % 8))))
			continue;
		word &= pf->mask3;
		for (unsigned a = pf->bucket3[pf_bucket_of(word)]; a; a = pf->atom_next[a - 1])
			if (word == pf->atom_head[a - 1])
				out->atoms[(a - 1) / 64] |= 1ull << ((a - 1) % 64);
	}
}

void prefilter_scan(const struct prefilter *pf, const char *text, size_t len, unsigned fold,
                    char *lower, struct prefilter_text *out)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char *d = (unsigned char *)lower;
	bool separators = fold & PREFILTER_FOLD_SEPARATORS;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	while (i < len) {
		unsigned char c = s[i];
		uint32_t cp;
		int k;

		if (c < 0x80) {
			if (separators && (c == '_' || c == '-' || c == '+' || c == '.'))
				c = ' ';
			d[i++] = (unsigned char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			continue;
		}
		if ((c == 0xD0 || c == 0xD1) && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
			unsigned char c2 = s[i + 1];

			/* Cyrillic, the common case, without decoding: U+0400-U+047F */
			if (c == 0xD0 && c2 >= 0x90) {
				d[i] = c2 >= 0xA0 && c2 < 0xB0 ? 0xD1 : 0xD0;   /* Р-Я: р-я */
				d[i + 1] = c2 >= 0xB0 ? c2 : c2 >= 0xA0 ? (unsigned char)(c2 - 0x20) : (unsigned char)(c2 + 0x20);
				i += 2;
				continue;
			}
			if (c == 0xD1 && c2 < 0x90) {                        /* р-я */
				d[i] = c;
				d[i + 1] = c2;
				i += 2;
				continue;
			}
		}
		if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
			k = 2;                       /* a two-byte sequence: valid as it stands */
			cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
		} else {
			k = text_utf8_seq_len(text + i, len - i);
			if (k != 3)
				return;              /* not UTF-8, or beyond the BMP: not usable */
			cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
		}
		if ((fold & PREFILTER_FOLD_YO) && (cp == 0x401 || cp == 0x451))
			cp = 0x435;                  /* Ё, ё: е (both two bytes) */
		if (cp >= 0x410 && cp <= 0x42F) {
			pf_encode_utf8(cp + 0x20, lower + i);
		} else if (cp >= 0x430 && cp <= 0x44F) {
			pf_encode_utf8(cp, lower + i);
		} else if (cp < SAFE_LIMIT && (pf->safe[cp / 8] & (1u << (cp % 8)))) {
			for (int b = 0; b < k; b++)
				d[i + b] = s[i + b];
		} else {
			return;                      /* a character that may match a letter caselessly */
		}
		i += (size_t)k;
	}
	d[len] = '\0';
	out->usable = true;
	mark_atoms(pf, lower, len, out);
}

static bool eval(const struct prefilter *pf, int nd, const struct prefilter_text *t)
{
	const struct node *x = &pf->nodes[nd];

	if (x->kind == NODE_ATOM)
		return (t->atoms[x->atom / 64] >> (x->atom % 64)) & 1;
	for (int c = x->first; c >= 0; c = pf->nodes[c].next) {
		bool v = eval(pf, c, t);

		if (x->kind == NODE_AND && !v)
			return false;
		if (x->kind == NODE_OR && v)
			return true;
	}
	return x->kind == NODE_AND;
}

bool prefilter_may_match(const struct prefilter *pf, int cond, const struct prefilter_text *t)
{
	const struct cond *c;
	uint64_t some = 0;

	if (cond == PREFILTER_ALWAYS || !t->usable)
		return true;
	c = &pf->conds[cond];
	/* A formula of literals alone, AND and OR, is false when none of its literals is there. */
	for (size_t w = 0; w < PREFILTER_WORDS; w++)
		some |= c->any[w] & t->atoms[w];
	return some && eval(pf, c->root, t);
}
