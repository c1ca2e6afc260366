/*
 * fuzz.h - what every fuzz target defines, and the two helpers they share.
 *
 * A target is one LLVMFuzzerTestOneInput() per parser. libFuzzer calls it
 * when the target is built with clang -fsanitize=fuzzer; replay_main.c
 * calls it once per corpus file when it is built with any compiler, so
 * the corpora run as regression tests where libFuzzer is missing.
 *
 * Each call frees everything it allocates: under -detect_leaks=1 a leak is
 * a finding. A broken promise of a header (a NULL string, a value outside
 * its documented range) is a finding too: FUZZ_CHECK aborts.
 */
#ifndef MA_FUZZ_H
#define MA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* abort() is what libFuzzer and the sanitizers report as a crash, with a stack. */
#define FUZZ_CHECK(cond)                                                                        \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                \
		}                                                                               \
	} while (0)

/*
 * A NUL-terminated copy of data[0..size) for the functions that take C
 * strings; the caller frees it. Aborts when memory runs out: that is the
 * harness failing, not the parser.
 */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * The first line of data[0..size) (up to '\n', at most max - 1 bytes) as a
 * C string in out; returns the bytes consumed including the '\n'.
 */
static inline size_t fuzz_line(char *out, size_t max, const uint8_t *data, size_t size)
{
	size_t n = 0;

	while (n < size && data[n] != '\n' && n + 1 < max)
		n++;
	memcpy(out, data, n);
	out[n] = '\0';
	return n < size && data[n] == '\n' ? n + 1 : n;
}

#endif
