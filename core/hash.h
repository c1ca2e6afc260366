/*
 * hash.h - FNV-1a (64 bits), the one string hash of the project: hash
 * indexes, cache file names, registry digests and shard slices.
 */
#ifndef MA_HASH_H
#define MA_HASH_H

#include <stdint.h>

#define HASH_FNV1A_INIT 14695981039346656037ULL   /* the offset basis */

#include <stddef.h>

/* h carried on over the bytes of s (start from HASH_FNV1A_INIT). */
uint64_t hash_fnv1a(uint64_t h, const char *s);
/* The same over n bytes that may hold NUL. */
uint64_t hash_fnv1a_bytes(uint64_t h, const void *p, size_t n);

/* A digest as results.json and the journal write it: "fnv1a64:" and 16 hex digits. */
#define HASH_DIGEST_LEN sizeof("fnv1a64:0123456789abcdef")
void hash_digest_text(char out[HASH_DIGEST_LEN], uint64_t h);

#endif
