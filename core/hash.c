/*
 * hash.c - FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/).
 */
#include "core/hash.h"

#define FNV1A_PRIME 1099511628211ULL

uint64_t hash_fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * FNV1A_PRIME;
	return h;
}
