/*
 * charset.h - which charset a byte buffer is in, and conversion to UTF-8.
 *
 * No I/O. Conversion goes through iconv (glibc); detection tells UTF-8
 * from the single-byte Cyrillic encodings, and which of those (windows-1251,
 * koi8-r, iso-8859-5, ibm866) through uchardet.
 */
#ifndef MA_CHARSET_H
#define MA_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#define CHARSET_NAME_MAX 40

/*
 * The charset named by a Content-Type value ("text/html; charset=cp1251"),
 * lower-cased and mapped to the iconv name; "" when none is named.
 * Returns out.
 */
char *charset_from_content_type(const char *content_type, char out[CHARSET_NAME_MAX]);

/*
 * The charset declared by <meta charset=...> or <meta http-equiv=Content-Type
 * content="...; charset=..."> within the first 4 KiB of an HTML buffer;
 * "" when none. As the HTML standard's prescan: white space around the
 * label is dropped, a label iconv does not know is skipped for the next
 * <meta>, and UTF-16 means UTF-8. Returns out.
 */
char *charset_from_meta(const char *buf, size_t len, char out[CHARSET_NAME_MAX]);

/*
 * Guess from the bytes alone: "utf-8" when the buffer is valid UTF-8 (a
 * sequence cut at its very end aside) or mostly so (more valid multibyte
 * sequences than invalid bytes), otherwise the Cyrillic single-byte
 * encoding uchardet finds ("koi8-r", "iso-8859-5", "cp866", ...), or
 * "windows-1251" when it finds none of them or there are fewer than 16
 * bytes above ASCII to tell by. Never fails.
 */
const char *charset_guess(const char *buf, size_t len);

/*
 * Decide an HTML page's charset as the HTML standard's encoding sniffing
 * does: a byte order mark first (UTF-8, UTF-16LE/BE), then the HTTP header,
 * then <meta>, then the guess. A declared charset that iconv does not know is skipped, and so
 * are us-ascii, iso-8859-1 and windows-1252: on Russian sites they are
 * server defaults (Apache sends iso-8859-1), not the page's charset.
 * Returns out.
 */
char *charset_for_html(const char *buf, size_t len, const char *content_type,
                       char out[CHARSET_NAME_MAX]);

/*
 * Convert buf from charset to UTF-8. *out is NUL-terminated and owned by the
 * caller. Invalid input bytes become U+FFFD. Returns 0, or -1 when the
 * charset is unknown to iconv or memory runs out.
 */
int charset_to_utf8(char **out, size_t *out_len, const char *buf, size_t len,
                    const char *charset);

/*
 * Would charset_to_utf8() give buf back unchanged? True when the charset
 * is UTF-8, every byte is part of a valid sequence and there is no BOM to
 * drop: then buf itself can be read as the converted text.
 */
bool charset_utf8_as_is(const char *buf, size_t len, const char *charset);

#endif
