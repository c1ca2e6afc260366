/*
 * hash.h - FNV-1a (64 bits), the one string hash of the project: hash
 * indexes, cache file names, registry digests and shard slices.
 */
#ifndef MA_HASH_H
#define MA_HASH_H

#include <stdint.h>

#define HASH_FNV1A_INIT 14695981039346656037ULL   /* the offset basis */

/* h carried on over the bytes of s (start from HASH_FNV1A_INIT). */
uint64_t hash_fnv1a(uint64_t h, const char *s);

#endif
