/*
 * prefilter_pattern.c - reading a PCRE2 pattern for the literals every
 * match of it must contain, as a formula of ANDs and ORs over literals
 * (prefilter_add). What it does not understand, it leaves out: such a
 * pattern always runs.
 */
#include "rules/prefilter.h"
#include "rules/prefilter_impl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

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
		pf->atom_head[a] = pf_head_of(s, len);
		b = pf_bucket_of(pf->atom_head[a]);
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
			*lit_len = pf_encode_utf8(cp, lit);
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
