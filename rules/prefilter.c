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

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "core/text.h"

/* Literals shorter than this say too little to be worth a lookup. */
#define LIT_MIN 3
/* A literal's first bytes are kept; any part of a required literal is required too. */
#define LIT_MAX 24
/* Buckets of the scan index, by a literal's first four bytes (three for the shortest). */
#define BUCKET_BITS 12
/* Deeper group nesting than this is not read (PCRE2 allows 250). */
#define DEPTH_MAX 64
/* Characters outside ASCII and А-я that may be caseless symbols (checked at prefilter_new). */
#define SAFE_LIMIT 0x2150

enum node_kind { NODE_ATOM, NODE_AND, NODE_OR };

struct node {
	unsigned char kind;
	uint16_t atom;     /* NODE_ATOM */
	int first;         /* NODE_AND, NODE_OR: first child */
	int next;          /* next sibling, -1 at the end */
};

/* A pattern's condition: its formula, and all the literals in it. */
struct cond {
	int root;
	uint64_t any[PREFILTER_WORDS];
};

struct prefilter {
	struct node nodes[CAP_RULE_PREFILTER_NODES];
	size_t nnodes;
	struct cond conds[CAP_RULE_PREFILTER_NODES];
	size_t nconds;
	char atom[CAP_RULE_LITERALS][LIT_MAX];
	uint32_t atom_head[CAP_RULE_LITERALS];   /* its first four bytes (0 past its end) */
	unsigned char atom_len[CAP_RULE_LITERALS];
	uint16_t atom_next[CAP_RULE_LITERALS];   /* next in its bucket, +1; 0 ends */
	size_t natoms;
	uint32_t mask3;                          /* the first three bytes of a loaded word */
	uint16_t bucket4[1u << BUCKET_BITS];     /* first atom of 4+ bytes, +1; 0 when empty */
	uint16_t bucket3[1u << BUCKET_BITS];     /* first atom of 3 bytes, +1; 0 when empty */
	uint8_t first3[256 / 8];                 /* first bytes of the 3-byte atoms */
	/* Code points below SAFE_LIMIT (outside ASCII and А-я) caselessly equal to no letter. */
	uint8_t safe[SAFE_LIMIT / 8];
};

/* Candidate caseless symbols: Latin-1, the rest of basic Cyrillic, punctuation, currency, letterlike. */
static const struct {
	uint32_t from, to;
} safe_candidates[] = {
	{ 0x0080, 0x00FF }, { 0x0400, 0x040F }, { 0x0450, 0x045F },
	{ 0x2000, 0x206F }, { 0x20A0, 0x20CF }, { 0x2100, 0x214F },
};

/* A literal's first four bytes as the scan loads a text's (host order; 0 past its end). */
static uint32_t head_of(const char *s, size_t len)
{
	unsigned char h[4] = { 0, 0, 0, 0 };
	uint32_t head;

	memcpy(h, s, len < 4 ? len : 4);
	memcpy(&head, h, 4);
	return head;
}

static unsigned bucket_of(uint32_t head)
{
	return (head * 2654435761u) >> (32 - BUCKET_BITS);
}

static size_t encode_utf8(uint32_t cp, char *out)
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
			size_t n = encode_utf8(cp, s);

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
	pf->mask3 = head_of("\xFF\xFF\xFF", 3);
	*out = pf;
	return 0;
}

void prefilter_free(struct prefilter *pf)
{
	free(pf);
}

/* ---- reading a pattern ---- */

struct reader {
	struct prefilter *pf;
	const unsigned char *p;
	size_t i, n;
	int depth;
	bool bail;            /* something not understood: the pattern gets no condition */
	char run[LIT_MAX];    /* the literal run being read, lower-cased */
	size_t run_len;
	bool run_full;        /* the run went on past LIT_MAX */
};

/* The list of conditions a sequence or an alternation collects. */
struct list {
	int first, last;
	size_t count;
};

#define TRUE_NODE (-1)   /* requires nothing */

static int new_node(struct prefilter *pf, enum node_kind kind)
{
	struct node *nd;

	if (pf->nnodes >= CAP_RULE_PREFILTER_NODES)
		return TRUE_NODE;
	nd = &pf->nodes[pf->nnodes];
	nd->kind = (unsigned char)kind;
	nd->atom = 0;
	nd->first = -1;
	nd->next = -1;
	return (int)pf->nnodes++;
}

static void list_add(struct prefilter *pf, struct list *l, int node)
{
	if (l->count == 0)
		l->first = node;
	else
		pf->nodes[l->last].next = node;
	l->last = node;
	l->count++;
}

static int list_node(struct prefilter *pf, struct list *l, enum node_kind kind)
{
	int nd;

	if (l->count == 0)
		return TRUE_NODE;
	if (l->count == 1)
		return l->first;
	nd = new_node(pf, kind);
	if (nd == TRUE_NODE)
		return TRUE_NODE;   /* an AND weakened to nothing; an OR must be: both hold */
	pf->nodes[nd].first = l->first;
	return nd;
}

static int atom_node(struct prefilter *pf, const char *s, size_t len)
{
	size_t a;
	int nd;

	if (len < LIT_MIN)
		return TRUE_NODE;
	for (a = 0; a < pf->natoms; a++)
		if (pf->atom_len[a] == len && memcmp(pf->atom[a], s, len) == 0)
			break;
	if (a == pf->natoms) {
		unsigned b;

		if (pf->natoms >= CAP_RULE_LITERALS)
			return TRUE_NODE;
		uint16_t *bucket = len >= 4 ? pf->bucket4 : pf->bucket3;

		memcpy(pf->atom[a], s, len);
		pf->atom_len[a] = (unsigned char)len;
		pf->atom_head[a] = head_of(s, len);
		b = bucket_of(pf->atom_head[a]);
		pf->atom_next[a] = bucket[b];
		bucket[b] = (uint16_t)(a + 1);
		if (len == 3)
			pf->first3[(unsigned char)s[0] / 8] |= (uint8_t)(1u << ((unsigned char)s[0] % 8));
		pf->natoms++;
	}
	nd = new_node(pf, NODE_ATOM);
	if (nd != TRUE_NODE)
		pf->nodes[nd].atom = (uint16_t)a;
	return nd;
}

/* End the literal run: it becomes a required literal of the sequence. */
static void flush_run(struct reader *rd, struct list *seq)
{
	int nd = atom_node(rd->pf, rd->run, rd->run_len);

	if (nd != TRUE_NODE)
		list_add(rd->pf, seq, nd);
	rd->run_len = 0;
	rd->run_full = false;
}

static void run_add(struct reader *rd, const char *s, size_t n)
{
	if (rd->run_full || rd->run_len + n > LIT_MAX) {
		rd->run_full = true;   /* the first LIT_MAX bytes stand for the run */
		return;
	}
	memcpy(rd->run + rd->run_len, s, n);
	rd->run_len += n;
}

static bool at(const struct reader *rd, size_t k, unsigned char c)
{
	return rd->i + k < rd->n && rd->p[rd->i + k] == c;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_xdigit(unsigned char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static bool is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Skip to just past the next '}' (the end of \x{...}, \p{...}). */
static void skip_braces(struct reader *rd)
{
	while (rd->i < rd->n && rd->p[rd->i] != '}')
		rd->i++;
	if (rd->i >= rd->n)
		rd->bail = true;
	else
		rd->i++;
}

/* Length of the UTF-8 character at the reader (the pattern compiled, so it is valid). */
static size_t char_len(struct reader *rd)
{
	int k = text_utf8_seq_len((const char *)rd->p + rd->i, rd->n - rd->i);

	if (k <= 0) {
		rd->bail = true;
		return 1;
	}
	return (size_t)k;
}

/* What one item of a sequence is. */
enum item { ITEM_LITERAL, ITEM_OTHER, ITEM_GROUP };

/*
 * A literal character at the reader: ASCII and Cyrillic А-я go to lit
 * lower-cased (ITEM_LITERAL); any other character is ITEM_OTHER.
 */
static enum item literal_char(struct reader *rd, char *lit, size_t *lit_len)
{
	unsigned char c = rd->p[rd->i];
	size_t k;

	if (c < 0x80) {
		lit[0] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		*lit_len = 1;
		rd->i++;
		return ITEM_LITERAL;
	}
	k = char_len(rd);
	if (k == 2) {
		uint32_t cp = ((uint32_t)(c & 0x1F) << 6) | (rd->p[rd->i + 1] & 0x3F);

		if (cp >= 0x410 && cp <= 0x44F) {
			if (cp < 0x430)
				cp += 0x20;
			*lit_len = encode_utf8(cp, lit);
			rd->i += 2;
			return ITEM_LITERAL;
		}
	}
	rd->i += k;
	return ITEM_OTHER;
}

static enum item read_escape(struct reader *rd, char *lit, size_t *lit_len)
{
	unsigned char c;

	rd->i++;   /* the backslash */
	if (rd->i >= rd->n) {
		rd->bail = true;
		return ITEM_OTHER;
	}
	c = rd->p[rd->i];
	if (c >= 0x80 || !is_alnum(c))
		return literal_char(rd, lit, lit_len);   /* \. \( \\ ... stand for themselves */
	rd->i++;
	switch (c) {
	case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G':   /* assertions */
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'h': case 'H': case 'v': case 'V': case 'R': case 'X': case 'C':
	case 'a': case 'e': case 'f': case 'n': case 'r': case 't':
		return ITEM_OTHER;
	case 'N':
		if (at(rd, 0, '{'))
			rd->bail = true;
		return ITEM_OTHER;
	case 'p': case 'P':
		if (at(rd, 0, '{'))
			skip_braces(rd);
		else if (rd->i < rd->n && is_alnum(rd->p[rd->i]))
			rd->i++;
		else
			rd->bail = true;
		return ITEM_OTHER;
	case 'x':
		if (at(rd, 0, '{')) {
			skip_braces(rd);
		} else {
			for (int k = 0; k < 2 && rd->i < rd->n && is_xdigit(rd->p[rd->i]); k++)
				rd->i++;
		}
		return ITEM_OTHER;
	case 'o':
		if (at(rd, 0, '{'))
			skip_braces(rd);
		else
			rd->bail = true;
		return ITEM_OTHER;
	case 'c':
		if (rd->i < rd->n && rd->p[rd->i] < 0x80)
			rd->i++;
		else
			rd->bail = true;
		return ITEM_OTHER;
	default:
		/* back references, octal, \Q...\E, \K, \g, \k and anything unknown */
		rd->bail = true;
		return ITEM_OTHER;
	}
}

/* A character class: skipped to its closing ']'. */
static void skip_class(struct reader *rd)
{
	rd->i++;   /* '[' */
	if (at(rd, 0, '^'))
		rd->i++;
	if (at(rd, 0, ']'))
		rd->i++;
	while (!rd->bail) {
		unsigned char c;

		if (rd->i >= rd->n) {
			rd->bail = true;
			return;
		}
		c = rd->p[rd->i];
		if (c == ']') {
			rd->i++;
			return;
		}
		if (c == '[') {          /* POSIX classes and their look-alikes */
			rd->bail = true;
			return;
		}
		if (c != '\\') {
			rd->i += char_len(rd);
			continue;
		}
		rd->i++;
		if (rd->i >= rd->n) {
			rd->bail = true;
			return;
		}
		c = rd->p[rd->i];
		if (c == 'Q' || c == 'E') {
			rd->bail = true;
		} else if ((c == 'x' || c == 'p' || c == 'P' || c == 'o' || c == 'N') && at(rd, 1, '{')) {
			rd->i++;
			skip_braces(rd);
		} else if (c == 'c') {
			rd->i += 2;          /* \c and the character it takes, even ']' */
		} else {
			rd->i += char_len(rd);
		}
	}
}

/*
 * A quantifier after an item, if any: *min gets its least count. Anything
 * that is not plainly a quantifier ('{' not of the forms {n} {n,} {n,m})
 * fails the reading, since PCRE2 versions differ on what it means.
 */
static bool read_quantifier(struct reader *rd, unsigned long *min)
{
	unsigned char c;

	if (rd->i >= rd->n)
		return false;
	c = rd->p[rd->i];
	if (c == '?' || c == '*') {
		*min = 0;
		rd->i++;
	} else if (c == '+') {
		*min = 1;
		rd->i++;
	} else if (c == '{') {
		size_t k = rd->i + 1, digits = 0;

		*min = 0;
		while (k < rd->n && is_digit(rd->p[k]) && digits < 9) {
			*min = *min * 10 + (rd->p[k++] - '0');
			digits++;
		}
		if (digits == 0 || k >= rd->n || (rd->p[k] >= '0' && rd->p[k] <= '9')) {
			rd->bail = true;
			return false;
		}
		if (rd->p[k] == ',') {
			k++;
			while (k < rd->n && is_digit(rd->p[k]))
				k++;
		}
		if (k >= rd->n || rd->p[k] != '}') {
			rd->bail = true;
			return false;
		}
		rd->i = k + 1;
	} else {
		return false;
	}
	if (at(rd, 0, '?') || at(rd, 0, '+'))   /* lazy, possessive */
		rd->i++;
	if (rd->i < rd->n && strchr("?*+{", rd->p[rd->i]))
		rd->bail = true;
	return true;
}

static int read_alternation(struct reader *rd);

/*
 * A group at '(': its condition in *cond, ITEM_GROUP; or ITEM_OTHER for
 * lookarounds and option settings, which require nothing here.
 */
static enum item read_group(struct reader *rd, int *cond)
{
	bool lookaround = false;

	*cond = TRUE_NODE;
	rd->i++;   /* '(' */
	if (at(rd, 0, '*') || ++rd->depth > DEPTH_MAX) {
		rd->bail = true;
		return ITEM_OTHER;
	}
	if (at(rd, 0, '?')) {
		rd->i++;
		if (at(rd, 0, ':') || at(rd, 0, '>') || at(rd, 0, '|')) {
			rd->i++;
		} else if (at(rd, 0, '=') || at(rd, 0, '!')) {
			rd->i++;
			lookaround = true;
		} else if (at(rd, 0, '<') && (at(rd, 1, '=') || at(rd, 1, '!'))) {
			rd->i += 2;
			lookaround = true;
		} else if (at(rd, 0, '<') || at(rd, 0, '\'') || (at(rd, 0, 'P') && at(rd, 1, '<'))) {
			unsigned char close = at(rd, 0, '\'') ? '\'' : '>';

			rd->i += at(rd, 0, 'P') ? 2 : 1;
			while (rd->i < rd->n && (is_alnum(rd->p[rd->i]) || rd->p[rd->i] == '_'))
				rd->i++;
			if (!at(rd, 0, close)) {
				rd->bail = true;
				return ITEM_OTHER;
			}
			rd->i++;
		} else {
			/* option settings: (?i) (?-i) (?i:...); (?x) changes what the rest means */
			while (rd->i < rd->n && rd->p[rd->i] && strchr("imnsJU^-", rd->p[rd->i]))
				rd->i++;
			if (at(rd, 0, ')')) {
				rd->i++;
				rd->depth--;
				return ITEM_OTHER;
			}
			if (!at(rd, 0, ':')) {
				rd->bail = true;
				return ITEM_OTHER;
			}
			rd->i++;
		}
	}
	*cond = read_alternation(rd);
	if (!at(rd, 0, ')')) {
		rd->bail = true;
		return ITEM_OTHER;
	}
	rd->i++;
	rd->depth--;
	if (lookaround) {
		*cond = TRUE_NODE;
		return ITEM_OTHER;
	}
	return ITEM_GROUP;
}

/* Items up to '|', ')' or the end: all are required (AND). */
static int read_sequence(struct reader *rd)
{
	struct list seq = { -1, -1, 0 };

	rd->run_len = 0;
	rd->run_full = false;
	while (rd->i < rd->n && !rd->bail) {
		unsigned char c = rd->p[rd->i];
		char lit[4];
		size_t lit_len = 0;
		int cond = TRUE_NODE;
		unsigned long min = 1;
		enum item it;
		bool quantified;

		if (c == '|' || c == ')')
			break;
		if (c == '\\') {
			it = read_escape(rd, lit, &lit_len);
		} else if (c == '.' || c == '^' || c == '$') {
			rd->i++;
			it = ITEM_OTHER;
		} else if (c == '[') {
			skip_class(rd);
			it = ITEM_OTHER;
		} else if (c == '(') {
			flush_run(rd, &seq);   /* the group reads runs of its own */
			it = read_group(rd, &cond);
		} else if (c == '*' || c == '+' || c == '?' || c == '{') {
			rd->bail = true;
			break;
		} else {
			it = literal_char(rd, lit, &lit_len);
		}
		if (rd->bail)
			break;
		quantified = read_quantifier(rd, &min);
		if (rd->bail)
			break;
		if (it == ITEM_LITERAL && !quantified) {
			run_add(rd, lit, lit_len);
			continue;
		}
		flush_run(rd, &seq);
		if (it == ITEM_GROUP && min >= 1 && cond != TRUE_NODE)
			list_add(rd->pf, &seq, cond);
	}
	flush_run(rd, &seq);
	return list_node(rd->pf, &seq, NODE_AND);
}

/* Branches separated by '|': one of them is required (OR). */
static int read_alternation(struct reader *rd)
{
	struct list alt = { -1, -1, 0 };
	bool unconditional = false;

	for (;;) {
		int cond = read_sequence(rd);

		if (rd->bail)
			return TRUE_NODE;
		if (cond == TRUE_NODE)
			unconditional = true;   /* keep reading: the group's end is still to be found */
		else if (!unconditional)
			list_add(rd->pf, &alt, cond);
		if (!at(rd, 0, '|'))
			break;
		rd->i++;
	}
	return unconditional ? TRUE_NODE : list_node(rd->pf, &alt, NODE_OR);
}

/* Every literal below node nd, into any. */
static void collect_atoms(const struct prefilter *pf, int nd, uint64_t *any)
{
	const struct node *x = &pf->nodes[nd];

	if (x->kind == NODE_ATOM) {
		any[x->atom / 64] |= 1ull << (x->atom % 64);
		return;
	}
	for (int c = x->first; c >= 0; c = pf->nodes[c].next)
		collect_atoms(pf, c, any);
}

int prefilter_add(struct prefilter *pf, const char *pattern)
{
	struct reader rd = { .pf = pf, .p = (const unsigned char *)pattern, .n = strlen(pattern) };
	size_t nnodes = pf->nnodes;
	int root = read_alternation(&rd);
	struct cond *c;

	if (rd.bail || rd.i != rd.n || root == TRUE_NODE || pf->nconds >= CAP_RULE_PREFILTER_NODES) {
		pf->nnodes = nnodes;   /* the nodes of a pattern given up on are not used */
		return PREFILTER_ALWAYS;
	}
	c = &pf->conds[pf->nconds];
	c->root = root;
	memset(c->any, 0, sizeof(c->any));
	collect_atoms(pf, root, c->any);
	return (int)pf->nconds++;
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
		for (unsigned a = pf->bucket4[bucket_of(word)]; a; a = pf->atom_next[a - 1]) {
			size_t n = pf->atom_len[a - 1];

			if (word == pf->atom_head[a - 1] && n <= len - i &&
			    (n == 4 || memcmp(s + i + 4, pf->atom[a - 1] + 4, n - 4) == 0))
				out->atoms[(a - 1) / 64] |= 1ull << ((a - 1) % 64);
		}
		if (!(pf->first3[u[i] / 8] & (1u << (u[i] % 8))))
			continue;
		word &= pf->mask3;
		for (unsigned a = pf->bucket3[bucket_of(word)]; a; a = pf->atom_next[a - 1])
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
			encode_utf8(cp + 0x20, lower + i);
		} else if (cp >= 0x430 && cp <= 0x44F) {
			encode_utf8(cp, lower + i);
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
