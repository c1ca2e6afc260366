/*
 * prefilter_impl.h - the prefilter's tables, shared by prefilter.c (the
 * index and the scan of texts) and prefilter_pattern.c (reading a
 * pattern's required literals). Private to rules/.
 */
#ifndef MA_PREFILTER_IMPL_H
#define MA_PREFILTER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/caps.h"
#include "rules/prefilter.h"

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

/* A literal's first four bytes as the scan loads a text's (host order; 0 past its end). */
uint32_t pf_head_of(const char *s, size_t len);
/* The scan index bucket of a head. */
unsigned pf_bucket_of(uint32_t head);
/* cp as UTF-8 into out (at most 4 bytes); returns the length. */
size_t pf_encode_utf8(uint32_t cp, char *out);

#endif
