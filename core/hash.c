/*
 * hash.c - FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/).
 */
#include "core/hash.h"

#include <stdio.h>

#define FNV1A_PRIME 1099511628211ULL

uint64_t hash_fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * FNV1A_PRIME;
	return h;
}

uint64_t hash_fnv1a_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * FNV1A_PRIME;
	return h;
}

void hash_digest_text(char out[HASH_DIGEST_LEN], uint64_t h)
{
	snprintf(out, HASH_DIGEST_LEN, "fnv1a64:%016llx", (unsigned long long)h);
}
