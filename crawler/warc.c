/*
 * warc.c - WARC 1.1 records, one gzip member each, appended to one file.
 *
 * A record is deflated straight from its parts (WARC header, rewritten HTTP
 * head, body, closing CRLF CRLF) into the file, so a body is never copied.
 * The writer counts the bytes it writes: that count is the file size and
 * the offset of the next member.
 */
#include "crawler/warc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/file.h"
#include "core/lines.h"
#include "core/macros.h"

#define WARC_VERSION     "WARC/1.1"
#define WARC_CONFORMS_TO "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
#define RESPONSE_TYPE    "application/http;msgtype=response"
#define ORIG_PREFIX      "X-Archive-Orig-"
#define RECORD_END       "\r\n\r\n"
#define GZIP_WINDOW_BITS (15 + 16)             /* 32 KiB window, gzip wrapper */
#define GZIP_MEM_LEVEL   8
#define OUT_CHUNK        (64u * 1024u)         /* deflate output written at a time */
#define IN_SLICE         (1u << 30)            /* deflate input per call, so it fits a uInt */
#define DATE_SIZE        sizeof("2000-01-01T00:00:00Z")
#define ERROR_SIZE       1024u
/* The WARC header: fixed fields, one URI, one file name. */
#define RECORD_HEADER_CAP (CAP_URL_BYTES + 1024u)
/*
 * The rewritten head: a renamed line ("Content-Length:\n", 16 bytes at
 * least) grows by the prefix and a CR (16 bytes), any other line by a CR
 * at most, so it never more than doubles; then our Content-Length.
 */
#define HEAD_OUT_CAP      (2u * CAP_WARC_HEAD_BYTES + 64u)

struct warc_writer {
	int fd;
	char *path;
	char *tmp_path;               /* written here, renamed to path by warc_close */
	long long offset;             /* bytes written: where the next member starts */
	long long damaged_at;         /* a failed record left bytes from here on; -1: none */
	z_stream zs;
	bool zs_ready;
	char warcinfo_id[WARC_RECORD_ID_SIZE];
	struct buf header;            /* the WARC header of the record being written */
	struct buf head;              /* its rewritten HTTP head */
	char error[ERROR_SIZE];
	unsigned char out[OUT_CHUNK];
};

struct span {
	const void *data;
	size_t len;
};

/* The framing headers libcurl undoes before we see the body. */
static const char *const undone_headers[] = {
	"Content-Encoding", "Transfer-Encoding", "Content-Length",
};

static void fail(struct warc_writer *w, const char *fmt, ...) MA_PRINTF(2, 3);

/* One line naming the file, "PATH: what"; a URL or path with a line break cannot split it. */
static void fail(struct warc_writer *w, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(w->error, sizeof(w->error), "%s: ", w->path);

	if (n >= 0 && (size_t)n < sizeof(w->error)) {
		va_start(ap, fmt);
		vsnprintf(w->error + n, sizeof(w->error) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	for (char *p = w->error; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

static int read_urandom(unsigned char *p, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	int rc = -1;

	if (fd < 0)
		return -1;
	while (n > 0) {
		ssize_t k = read(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			goto out;
		p += k;
		n -= (size_t)k;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

static int random_bytes(unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = getrandom(p, n, 0);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return read_urandom(p, n);    /* a kernel without getrandom(2) */
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* "<urn:uuid:...>" of a random (version 4) UUID. */
static int new_record_id(struct warc_writer *w, char id[WARC_RECORD_ID_SIZE])
{
	unsigned char u[16];

	if (random_bytes(u, sizeof(u))) {
		fail(w, "no random bytes for a record id: %s", strerror(errno ? errno : EIO));
		return -1;
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	snprintf(id, WARC_RECORD_ID_SIZE,
	         "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
	         u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
	         u[14], u[15]);
	return 0;
}

static void warc_date(char out[DATE_SIZE])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, DATE_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int write_all(struct warc_writer *w, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(w->fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			fail(w, "cannot write: %s", strerror(k < 0 ? errno : EIO));
			return -1;
		}
		p += k;
		n -= (size_t)k;
		w->offset += k;
	}
	return 0;
}

/* Deflate the pending input with flush (Z_NO_FLUSH or Z_FINISH) and write what comes out. */
static int pump(struct warc_writer *w, int flush)
{
	for (;;) {
		int zrc;

		w->zs.next_out = w->out;
		w->zs.avail_out = sizeof(w->out);
		zrc = deflate(&w->zs, flush);
		/* Z_BUF_ERROR: no progress possible, which only a finished member must never see. */
		if (zrc == Z_STREAM_ERROR || (zrc == Z_BUF_ERROR && flush == Z_FINISH)) {
			fail(w, "cannot compress: zlib error %d", zrc);
			return -1;
		}
		if (write_all(w, w->out, sizeof(w->out) - w->zs.avail_out))
			return -1;
		if (flush == Z_FINISH ? zrc == Z_STREAM_END : w->zs.avail_out != 0)
			return 0;
	}
}

static int deflate_span(struct warc_writer *w, const struct span *s)
{
	const unsigned char *p = s->data;
	size_t left = s->len;

	while (left > 0) {
		size_t n = left < IN_SLICE ? left : IN_SLICE;

		w->zs.next_in = (Bytef *)(uintptr_t)p;
		w->zs.avail_in = (uInt)n;
		if (pump(w, Z_NO_FLUSH))
			return -1;
		p += n;
		left -= n;
	}
	return 0;
}

/* A failed record's bytes are cut off again, so the file stays a sequence of whole records. */
static void cut_back(struct warc_writer *w, long long start)
{
	size_t len = strlen(w->error);

	if (ftruncate(w->fd, (off_t)start) == 0 && lseek(w->fd, (off_t)start, SEEK_SET) == (off_t)start) {
		w->offset = start;
		return;
	}
	w->damaged_at = start;
	snprintf(w->error + len, sizeof(w->error) - len, "; the file is damaged from offset %lld", start);
}

/* One record as one gzip member at the end of the file. */
static int write_member(struct warc_writer *w, const struct span *spans, size_t n)
{
	long long start = w->offset;
	int rc = -1;

	if (w->damaged_at >= 0) {
		fail(w, "damaged from offset %lld by an earlier failure: no more records", w->damaged_at);
		return -1;
	}
	if (deflateReset(&w->zs) != Z_OK) {
		fail(w, "cannot compress: zlib reset failed");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (deflate_span(w, &spans[i]))
			goto out;
	w->zs.next_in = NULL;
	w->zs.avail_in = 0;
	if (pump(w, Z_FINISH))
		goto out;
	rc = 0;
out:
	if (rc && w->offset != start)
		cut_back(w, start);
	return rc;
}

/* WARC/1.1, type, id and date: the fields every record starts with. */
static int header_start(struct buf *b, const char *type, const char *id)
{
	char date[DATE_SIZE];

	warc_date(date);
	buf_reset(b);
	return buf_printf(b, WARC_VERSION "\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\nWARC-Date: %s\r\n",
	                  type, id, date);
}

static int header_end(struct buf *b, const char *content_type, size_t block_len)
{
	return buf_printf(b, "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n", content_type, block_len);
}

static int write_warcinfo(struct warc_writer *w, const char *software)
{
	const char *slash = strrchr(w->path, '/');
	const char *name = slash ? slash + 1 : w->path;
	struct buf fields;
	int rc = -1;

	buf_init(&fields, CAP_HEADER_VALUE + 256u);
	if (buf_printf(&fields, "software: %s\r\nformat: WARC File Format 1.1\r\nconformsTo: %s\r\n",
	               software, WARC_CONFORMS_TO)) {
		fail(w, "software name longer than %u bytes", CAP_HEADER_VALUE);
		goto out;
	}
	if (new_record_id(w, w->warcinfo_id))
		goto out;
	/* A file name that could break the header is left out: the field is optional. */
	if (header_start(&w->header, "warcinfo", w->warcinfo_id) ||
	    (*name && !has_control(name) && buf_printf(&w->header, "WARC-Filename: %s\r\n", name)) ||
	    header_end(&w->header, "application/warc-fields", fields.len)) {
		fail(w, "warcinfo header longer than %u bytes", RECORD_HEADER_CAP);
		goto out;
	}
	rc = write_member(w, (const struct span[]){ { w->header.data, w->header.len },
	                                            { fields.data, fields.len },
	                                            { RECORD_END, strlen(RECORD_END) } }, 3);
out:
	buf_free(&fields);
	return rc;
}

static void writer_free(struct warc_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->zs_ready)
		deflateEnd(&w->zs);
	buf_free(&w->header);
	buf_free(&w->head);
	free(w->path);
	free(w->tmp_path);
	free(w);
}

int warc_open(struct warc_writer **out, const char *path, const char *software,
              char *err, size_t errlen)
{
	struct warc_writer *w = calloc(1, sizeof(*w));
	struct stat st;
	int rc = -1;

	*out = NULL;
	if (w) {
		w->path = strdup(path);
		w->tmp_path = file_temp_path(path);
	}
	if (!w || !w->path || !w->tmp_path) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(ENOMEM));
		goto out;
	}
	w->fd = -1;
	w->damaged_at = -1;
	buf_init(&w->header, RECORD_HEADER_CAP);
	buf_init(&w->head, HEAD_OUT_CAP);
	if (has_control(software)) {
		fail(w, "the software name has a control character");
		goto out;
	}
	if (deflateInit2(&w->zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, GZIP_WINDOW_BITS, GZIP_MEM_LEVEL,
	                 Z_DEFAULT_STRATEGY) != Z_OK) {
		fail(w, "cannot start zlib");
		goto out;
	}
	w->zs_ready = true;
	/* Renaming over a directory would fail only at the end of the run: say so now. */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fail(w, "cannot create: %s", strerror(EISDIR));
		goto out;
	}
	/* An archive a killed run left unfinished is no evidence: it goes. */
	(void)file_remove_stale_temps_of(path);
	w->fd = open(w->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (w->fd < 0) {
		fail(w, "cannot create: %s", strerror(errno));
		goto out;
	}
	if (write_warcinfo(w, software))
		goto out;
	*out = w;
	w = NULL;
	rc = 0;
out:
	if (w && w->path)
		snprintf(err, errlen, "%s", w->error);
	if (w && w->fd >= 0)
		unlink(w->tmp_path);
	writer_free(w);
	return rc;
}

/* A header line naming one of undone_headers. */
static bool is_undone(const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n);
	size_t name_len;

	if (!colon)
		return false;
	name_len = (size_t)(colon - line);
	while (name_len && (line[name_len - 1] == ' ' || line[name_len - 1] == '\t'))
		name_len--;
	for (size_t i = 0; i < COUNT(undone_headers); i++)
		if (strlen(undone_headers[i]) == name_len && strncasecmp(line, undone_headers[i], name_len) == 0)
			return true;
	return false;
}

/* The head as stored (see warc.h), into w->head. */
static int rewrite_head(struct warc_writer *w, const char *uri, const char *head, size_t len,
                        size_t body_len)
{
	struct buf *out = &w->head;
	struct lines lines;
	struct line ln;
	int rc = -1;

	buf_reset(out);
	if (!head || len < 5 || memcmp(head, "HTTP/", 5) != 0) {
		fail(w, "%s: the response head does not start with an HTTP status line", uri);
		return -1;
	}
	lines_init(&lines, head, len, 0, 0);
	while (lines_next(&lines, &ln)) {
		if (ln.len == 0)
			break;    /* the empty line: the head ends, trailers are not ours */
		/* A line starting with blanks continues the previous header (obs-fold). */
		if (ln.no > 1 && ln.s[0] != ' ' && ln.s[0] != '\t' && is_undone(ln.s, ln.len) &&
		    buf_addstr(out, ORIG_PREFIX))
			goto out;
		if (buf_add(out, ln.s, ln.len) || buf_add(out, "\r\n", 2))
			goto out;
	}
	if (buf_printf(out, "Content-Length: %zu\r\n\r\n", body_len))
		goto out;
	rc = 0;
out:
	if (rc)
		fail(w, "%s: the stored response head would pass %u bytes", uri, HEAD_OUT_CAP);
	return rc;
}

int warc_write_response(struct warc_writer *w, const char *target_uri, const char *http_head,
                        size_t head_len, const char *body, size_t body_len, bool truncated,
                        struct warc_ref *ref)
{
	char id[WARC_RECORD_ID_SIZE];
	long long start = w->offset;

	ref->record_id[0] = '\0';
	ref->offset = -1;
	if (!*target_uri || strlen(target_uri) >= CAP_URL_BYTES || has_control(target_uri)) {
		fail(w, "%.200s: not a target URI for a record", target_uri);
		return WARC_ERR_RECORD;
	}
	if (head_len > CAP_WARC_HEAD_BYTES) {
		fail(w, "%s: response head of %zu bytes is over CAP_WARC_HEAD_BYTES", target_uri, head_len);
		return WARC_ERR_RECORD;
	}
	if (!body && body_len) {
		fail(w, "%s: no body bytes given", target_uri);
		return WARC_ERR_RECORD;
	}
	if (rewrite_head(w, target_uri, http_head, head_len, body_len))
		return WARC_ERR_RECORD;
	if (new_record_id(w, id))
		return WARC_ERR_FILE;
	if (header_start(&w->header, "response", id) ||
	    buf_printf(&w->header, "WARC-Target-URI: %s\r\nWARC-Warcinfo-ID: %s\r\n%s", target_uri,
	               w->warcinfo_id, truncated ? "WARC-Truncated: length\r\n" : "") ||
	    header_end(&w->header, RESPONSE_TYPE, w->head.len + body_len)) {
		fail(w, "%s: record header longer than %u bytes", target_uri, RECORD_HEADER_CAP);
		return WARC_ERR_RECORD;
	}
	if (write_member(w, (const struct span[]){ { w->header.data, w->header.len },
	                                           { w->head.data, w->head.len },
	                                           { body, body_len },
	                                           { RECORD_END, strlen(RECORD_END) } }, 4))
		return WARC_ERR_FILE;
	memcpy(ref->record_id, id, sizeof(id));
	ref->offset = start;
	return 0;
}

const char *warc_last_error(const struct warc_writer *w)
{
	return w ? w->error : "";
}

int warc_close(struct warc_writer *w, char *err, size_t errlen)
{
	int rc = 0;

	if (!w)
		return 0;
	if (w->damaged_at >= 0) {
		fail(w, "damaged from offset %lld: a failed record could not be removed", w->damaged_at);
		rc = -1;
	}
	/* EINVAL: a pipe or terminal, nothing to make durable. */
	if (fsync(w->fd) != 0 && errno != EINVAL && rc == 0) {
		fail(w, "cannot sync: %s", strerror(errno));
		rc = -1;
	}
	if (close(w->fd) != 0 && rc == 0) {
		fail(w, "cannot close: %s", strerror(errno));
		rc = -1;
	}
	w->fd = -1;
	if (rc == 0 && rename(w->tmp_path, w->path) != 0) {
		fail(w, "cannot rename %s into place: %s", w->tmp_path, strerror(errno));
		rc = -1;
	}
	if (rc) {
		unlink(w->tmp_path);
		snprintf(err, errlen, "%s", w->error);
	}
	writer_free(w);
	return rc;
}

void warc_discard(struct warc_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	unlink(w->tmp_path);
	writer_free(w);
}
