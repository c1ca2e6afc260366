/*
 * fuzz_robots.c - robots_parse() on arbitrary bytes, then the questions
 * the crawler asks: may this agent fetch this path, and how long it waits.
 *
 * Input: the robots.txt bytes. Besides a fixed set of agents and targets
 * (NULL agent, version and comment suffixes, percent escapes, '*' and '$'
 * in targets, "/robots.txt"), the file's first line is also tried as a
 * User-Agent string and its last line as a target, so the fuzzer mutates
 * the query side through the same input.
 * Besides memory errors and leaks it checks what robots.h promises of a
 * verdict: "/robots.txt" always allowed with no rule, a refusal names its
 * rule, line and group, the strings end inside their arrays.
 */
#include "fuzz/fuzz.h"

#include <stdbool.h>

#include "core/caps.h"
#include "parsers/robots.h"

static const char *const agents[] = {
	NULL,
	"mentor-audit/0.1 (+https://example.test/mentor-audit)",
	"Googlebot/2.1",
	"Yandex",
	"",
};

#define NASTAV "/%D0%BD%D0%B0%D1%81%D1%82%D0%B0%D0%B2%D0%BD%D0%B8%D1%87%D0%B5%D1%81%D1%82%D0%B2%D0%BE/"

static const char *const targets[] = {
	"",
	"/",
	"/robots.txt",
	"/nastavnichestvo/arhiv/doc.pdf",
	NASTAV "prikaz.pdf",
	"/наставничество/план 2026.pdf",
	"/a%2fb?x=%zz&y=%7e",
	"/%ff%FE/x$y*z",
	"/page?x=1#frag",
};

static bool ends_inside(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static void check(const struct robots *r, const char *agent, const char *target)
{
	struct robots_verdict v;

	memset(&v, 0x5a, sizeof(v));   /* a field left unset shows as garbage */
	robots_check(r, agent, target, &v);
	FUZZ_CHECK(ends_inside(v.rule, sizeof(v.rule)));
	FUZZ_CHECK(ends_inside(v.group, sizeof(v.group)));
	if (strcmp(target, "/robots.txt") == 0)
		FUZZ_CHECK(v.allowed && v.line == 0 && !v.rule[0] && !v.group[0]);
	if (!v.allowed) {
		FUZZ_CHECK(v.line >= 1 && v.group[0] != '\0');
		FUZZ_CHECK(strncmp(v.rule, "Disallow: ", 10) == 0);
	} else if (v.line) {
		FUZZ_CHECK(strncmp(v.rule, "Allow: ", 7) == 0);
	} else {
		FUZZ_CHECK(v.rule[0] == '\0');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct robots *r = NULL;
	char agent[CAP_ROBOTS_AGENT * 2];
	char *target;
	const uint8_t *last;
	size_t tail;

	if (robots_parse(&r, (const char *)data, size))
		return 0;    /* out of memory */
	FUZZ_CHECK(r != NULL);

	fuzz_line(agent, sizeof(agent), data, size);
	for (tail = size; tail > 0 && data[tail - 1] != '\n'; tail--)
		;
	last = data + tail;
	target = fuzz_cstr(last, size - tail < CAP_URL_BYTES ? size - tail : CAP_URL_BYTES);

	for (size_t a = 0; a < FUZZ_COUNT(agents); a++) {
		for (size_t t = 0; t < FUZZ_COUNT(targets); t++)
			check(r, agents[a], targets[t]);
		check(r, agents[a], target);
		FUZZ_CHECK(robots_crawl_delay_ms(r, agents[a]) >= -1);
	}
	for (size_t t = 0; t < FUZZ_COUNT(targets); t++)
		check(r, agent, targets[t]);
	check(r, agent, target);
	FUZZ_CHECK(robots_crawl_delay_ms(r, agent) >= -1);

	free(target);
	robots_free(r);
	return 0;
}
