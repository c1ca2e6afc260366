/*
 * lines.h - the one line cursor of the line-oriented formats (the rule file,
 * robots.txt, cache meta files, HTTP response heads), after libgit2's
 * src/util/parse.h: a position in a buffer that hands out one line at a
 * time with its 1-based number. No I/O, no allocation, no copy: a line
 * points into the buffer.
 *
 * What it decides for every format:
 *   - A UTF-8 byte order mark at the start of the buffer is skipped, once.
 *   - LF ends a line, and so does CR LF (the CR is part of the end). With
 *     LINES_LONE_CR a CR not followed by LF ends a line too (robots.txt,
 *     CSV from old Mac exports); without it such a CR is a byte of the
 *     line like any other, for the caller to keep or trim.
 *   - The last line needs no end. An end at the very end of the buffer
 *     starts no further line: "a\n" is one line, "" and a lone BOM none.
 * What it reports and leaves to the caller: a NUL byte in a line, a line
 * longer than the caller's cap, a last line that had no end (a buffer cut
 * at a cap may have cut it in two).
 *
 * CSV records can span lines inside quotes, so the CSV reader keeps its
 * own record cursor and takes only lines_end_len() from here.
 */
#ifndef MA_LINES_H
#define MA_LINES_H

#include <stdbool.h>
#include <stddef.h>

/* A CR not followed by LF ends a line too. */
#define LINES_LONE_CR 1u

struct lines {
	const char *buf;
	size_t len;
	size_t pos;        /* where the next line starts */
	size_t line_no;    /* number of the line last handed out; 0 before the first */
	size_t cap;        /* longest line accepted, in bytes without its end; 0: no cap */
	unsigned flags;    /* LINES_* */
};

struct line {
	const char *s;     /* the line's bytes without its end; not NUL-terminated */
	size_t len;
	size_t no;         /* 1-based */
	bool has_nul;      /* a NUL byte is among s[0..len) */
	bool too_long;     /* len passes the cursor's cap: the caller says "line too long" */
	bool ended;        /* a line end followed; false for a last line that ran to the buffer's end */
};

/*
 * Start a cursor over buf[0..len) (buf may be NULL when len is 0). cap: the
 * caller's named cap on one line's bytes, or 0 for none.
 */
void lines_init(struct lines *c, const char *buf, size_t len, size_t cap, unsigned flags);

/* The next line into *out and true; false when the buffer is used up. */
bool lines_next(struct lines *c, struct line *out);

/*
 * The length of the line end at p, with left bytes readable from p: 2 for
 * CR LF, 1 for LF (or a lone CR with LINES_LONE_CR), 0 when p starts none.
 * Inline: the CSV reader asks it of every byte.
 */
static inline size_t lines_end_len(const char *p, size_t left, unsigned flags)
{
	if (left == 0)
		return 0;
	if (p[0] == '\n')
		return 1;
	if (p[0] != '\r')
		return 0;
	if (left >= 2 && p[1] == '\n')
		return 2;
	return (flags & LINES_LONE_CR) ? 1 : 0;
}

#endif
