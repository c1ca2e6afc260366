/*
 * text.h - small UTF-8 text helpers shared by the parsers and the rules.
 */
#ifndef MA_TEXT_H
#define MA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Bytes of the UTF-8 byte order mark (EF BB BF) that some editors and exports write first. */
#define TEXT_UTF8_BOM_LEN 3

/*
 * Does buf[0..len) start with a UTF-8 byte order mark? The one test for it:
 * every reader that skips or strips the mark asks here. buf may be NULL when len is 0.
 */
bool text_has_utf8_bom(const char *buf, size_t len);

/* True when buf[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool text_utf8_valid(const char *buf, size_t len);

/*
 * How many bytes from s form valid UTF-8 sequences, up to the first that
 * does not (text_utf8_seq_len() <= 0 there); len when all do.
 */
size_t text_utf8_valid_prefix(const char *s, size_t len);

/* The valid UTF-8 sequence at s (left bytes there): its length 1-4, 0 when invalid, -1 when cut short. */
int text_utf8_seq_len(const char *s, size_t left);

/* How UTF-8-like a buffer is. */
struct utf8_tally {
	size_t multibyte;     /* valid sequences of 2-4 bytes */
	size_t invalid;       /* bytes that start no valid sequence */
	bool cut_at_end;      /* the buffer ends inside a sequence (a body cut at its cap) */
};
void text_utf8_tally(const char *buf, size_t len, struct utf8_tally *t);

/*
 * Append s[0..len) to out with every run of white space (ASCII and U+00A0)
 * folded into one space, without leading space. Stops quietly at the cap,
 * before a character the cap would cut.
 */
void text_append_squeezed(struct buf *out, const char *s, size_t len);

/* Remove one trailing space left by text_append_squeezed(). */
void text_trim_end(struct buf *out);

/*
 * Copy s[0..n) into out (cap bytes with the NUL) with ASCII and Russian
 * capital letters lowered (А..Я; Ё is left to the callers' folding).
 * Stops quietly at the cap, never in the middle of a letter.
 */
void text_lower_copy(char *out, size_t cap, const char *s, size_t n);

/* The value of one hexadecimal digit (either case), -1 for any other byte. */
int text_hex_value(char c);

/* ASCII case-insensitive "does s start with prefix". */
bool text_istarts(const char *s, const char *prefix);

#endif
