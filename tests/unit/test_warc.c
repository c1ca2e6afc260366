/*
 * test_warc.c - the WARC writer, read back member by member with zlib, and
 * the crawler's archive hook against build/fixture-server.
 *
 * The group setup starts the fixture server over a temporary tree
 * (tests/unit/support/fixture_site.h), writes two small sites into it and
 * reaches them through crawl_opts.resolve; the archives are written into
 * the same tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/file.h"
#include "core/macros.h"
#include "crawler/crawl.h"
#include "crawler/warc.h"
#include "tests/unit/support/crawl_site.h"

#define MAX_MEMBERS 64
#define SOFTWARE "mentor-audit-test/1.0"
#define RANDOM_BYTES (1024u * 1024u)    /* a body zlib cannot shrink */

static const char *const hosts[] = { "a.test", "nh.test" };

static const char page_html[] =
	"<html><head><title>Наставничество</title></head><body>"
	"<a href=\"/doc.pdf\">Приказ</a></body></html>\n";

static struct fixture_site *site;   /* sites, server files and archives */

/* ---- reading an archive back ---- */

struct record {
	long long offset;            /* where its gzip member starts */
	char *data;                  /* the inflated member, NUL-terminated */
	size_t len;
	size_t warc_len;             /* WARC header, its empty line included */
	const char *block;
	size_t block_len;
	/* response records */
	char *http_head;             /* status line and headers, empty line included */
	const char *body;
	size_t body_len;
	long status;
};

struct archive {
	struct record r[MAX_MEMBERS];
	size_t n;
};

static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* The value of "name: value" among the CRLF lines of text, copied; false when absent. */
static bool field(const char *text, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);

	for (const char *p = text; p && *p && !(p[0] == '\r' && p[1] == '\n');) {
		const char *eol = strstr(p, "\r\n");

		if (!eol)
			break;
		if ((size_t)(eol - p) > nl + 1 && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;

			while (*v == ' ')
				v++;
			snprintf(out, n, "%.*s", (int)(eol - v), v);
			return true;
		}
		p = eol + 2;
	}
	return false;
}

static long long field_num(const char *text, const char *name)
{
	char v[64];

	assert_true(field(text, name, v, sizeof(v)));
	return strtoll(v, NULL, 10);
}

static void parse_record(struct record *r)
{
	const char *end;
	long long cl;
	char type[64];

	assert_true(r->len > 10);
	assert_memory_equal(r->data, "WARC/1.1\r\n", 10);
	end = find(r->data, r->len, "\r\n\r\n");
	assert_non_null(end);
	r->warc_len = (size_t)(end - r->data) + 4;
	cl = field_num(r->data, "Content-Length");
	r->block = r->data + r->warc_len;
	r->block_len = (size_t)cl;
	/* Content-Length is exactly the block, and two CRLFs close the record. */
	assert_int_equal(r->warc_len + (size_t)cl + 4, r->len);
	assert_memory_equal(r->data + r->len - 4, "\r\n\r\n", 4);
	assert_true(field(r->data, "WARC-Type", type, sizeof(type)));
	if (strcmp(type, "response") != 0)
		return;
	end = find(r->block, r->block_len, "\r\n\r\n");
	assert_non_null(end);
	r->http_head = strndup(r->block, (size_t)(end - r->block) + 4);
	assert_non_null(r->http_head);
	r->body = end + 4;
	r->body_len = r->block_len - (size_t)(end + 4 - r->block);
	assert_memory_equal(r->http_head, "HTTP/", 5);
	r->status = strtol(strchr(r->http_head, ' ') + 1, NULL, 10);
	/* The Content-Length we add is last and tells the stored body. */
	assert_int_equal(field_num(strstr(r->http_head, "\r\n") + 2, "Content-Length"), (long long)r->body_len);
}

/* Every gzip member of path, inflated one by one (zlib stops at each member's end). */
static void read_archive(const char *path, struct archive *a)
{
	struct stat st;
	unsigned char *file;
	size_t pos = 0, len;
	FILE *f;

	memset(a, 0, sizeof(*a));
	assert_int_equal(stat(path, &st), 0);
	len = (size_t)st.st_size;
	file = malloc(len + 1);
	assert_non_null(file);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(file, 1, len, f), len);
	fclose(f);
	while (pos < len) {
		z_stream zs = { 0 };
		struct buf out;
		unsigned char chunk[65536];
		int rc;

		assert_true(a->n < MAX_MEMBERS);
		buf_init(&out, 64u * 1024u * 1024u);
		assert_int_equal(inflateInit2(&zs, 15 + 32), Z_OK);
		zs.next_in = file + pos;
		zs.avail_in = (uInt)(len - pos);
		do {
			zs.next_out = chunk;
			zs.avail_out = sizeof(chunk);
			rc = inflate(&zs, Z_NO_FLUSH);
			assert_true(rc == Z_OK || rc == Z_STREAM_END);
			assert_int_equal(buf_add(&out, chunk, sizeof(chunk) - zs.avail_out), 0);
		} while (rc != Z_STREAM_END);
		a->r[a->n].offset = (long long)pos;
		a->r[a->n].len = out.len;
		a->r[a->n].data = buf_detach(&out);
		parse_record(&a->r[a->n]);
		a->n++;
		pos = len - zs.avail_in;
		inflateEnd(&zs);
	}
	free(file);
}

static void archive_free(struct archive *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->r[i].data);
		free(a->r[i].http_head);
	}
	memset(a, 0, sizeof(*a));
}

static const struct record *record_at(const struct archive *a, long long offset)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->r[i].offset == offset)
			return &a->r[i];
	return NULL;
}

static void assert_field(const struct record *r, const char *name, const char *want)
{
	char v[CAP_URL_BYTES];

	assert_true(field(r->data, name, v, sizeof(v)));
	assert_string_equal(v, want);
}

/* "<urn:uuid:xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx>" */
static void assert_uuid_id(const char *id)
{
	static const char hex[] = "0123456789abcdef";

	assert_int_equal(strlen(id), WARC_RECORD_ID_SIZE - 1);
	assert_memory_equal(id, "<urn:uuid:", 10);
	assert_int_equal(id[WARC_RECORD_ID_SIZE - 2], '>');
	for (size_t i = 0; i < 36; i++) {
		char ch = id[10 + i];

		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(ch, '-');
		else
			assert_non_null(strchr(hex, ch));
	}
	assert_int_equal(id[10 + 14], '4');
	assert_non_null(strchr("89ab", id[10 + 19]));
}

static void assert_date(const struct record *r)
{
	char d[64];

	/* YYYY-MM-DDThh:mm:ssZ, UTC to the second */
	assert_true(field(r->data, "WARC-Date", d, sizeof(d)));
	assert_int_equal(strlen(d), 20);
	assert_int_equal(d[4], '-');
	assert_int_equal(d[10], 'T');
	assert_int_equal(d[16], ':');
	assert_int_equal(d[19], 'Z');
}

static void archive_path(char *out, size_t n, const char *name)
{
	assert_int_equal(fixture_site_path(site, name, out, n), 0);
}

/* n bytes no compressor can shrink (xorshift). */
static char *random_body(size_t n)
{
	char *p = malloc(n);
	uint64_t x = 88172645463325252ull;

	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (char)(x >> 32);
	}
	return p;
}

/* ---- the writer alone ---- */

static void test_write_read_back(void **state)
{
	static const char head1[] =
		"HTTP/1.1 200 OK\r\n"
		"Content-Type: text/html; charset=utf-8\r\n"
		"Content-Encoding: gzip\r\n"
		"Transfer-Encoding: chunked\r\n"
		"X-Keep: Content-Length: 5\r\n"
		"\r\n";
	/* HTTP/2 as libcurl gives it, LF-only lines, then trailers after the empty line. */
	static const char head2[] =
		"HTTP/2 404 \n"
		"content-length: 99999\n"
		"content-type: application/octet-stream\n"
		"\n"
		"x-trailer: not part of the head\r\n";
	static const char body1[] = "<p>Наставничество</p>";
	char body2[300], path[PATH_MAX], err[256], want[512];
	struct warc_writer *w = NULL;
	struct warc_ref ref1, ref2;
	struct archive a;
	char info_id[WARC_RECORD_ID_SIZE];

	(void)state;
	for (size_t i = 0; i < sizeof(body2); i++)
		body2[i] = (char)(i * 7);    /* NULs and high bytes */
	archive_path(path, sizeof(path), "a.warc.gz");
	assert_int_equal(warc_open(&w, path, SOFTWARE, err, sizeof(err)), 0);
	assert_int_equal(warc_write_response(w, "http://a.test/page?x=1", head1, strlen(head1), body1,
	                                     strlen(body1), false, &ref1), 0);
	assert_int_equal(warc_write_response(w, "http://a.test/bin", head2, strlen(head2), body2,
	                                     sizeof(body2), true, &ref2), 0);
	assert_string_equal(warc_last_error(w), "");
	assert_int_equal(warc_close(w, err, sizeof(err)), 0);

	read_archive(path, &a);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.r[0].offset, 0);
	assert_int_equal(a.r[1].offset, ref1.offset);
	assert_int_equal(a.r[2].offset, ref2.offset);
	assert_true(ref1.offset > 0 && ref2.offset > ref1.offset);

	assert_field(&a.r[0], "WARC-Type", "warcinfo");
	assert_field(&a.r[0], "Content-Type", "application/warc-fields");
	assert_field(&a.r[0], "WARC-Filename", "a.warc.gz");
	assert_true(field(a.r[0].data, "WARC-Record-ID", info_id, sizeof(info_id)));
	assert_uuid_id(info_id);
	assert_date(&a.r[0]);
	assert_non_null(find(a.r[0].block, a.r[0].block_len, "software: " SOFTWARE "\r\n"));
	assert_non_null(find(a.r[0].block, a.r[0].block_len, "format: WARC File Format 1.1\r\n"));
	assert_non_null(find(a.r[0].block, a.r[0].block_len,
	                     "conformsTo: https://iipc.github.io/warc-specifications/specifications/"
	                     "warc-format/warc-1.1/\r\n"));

	assert_field(&a.r[1], "WARC-Type", "response");
	assert_field(&a.r[1], "WARC-Record-ID", ref1.record_id);
	assert_field(&a.r[1], "WARC-Target-URI", "http://a.test/page?x=1");
	assert_field(&a.r[1], "WARC-Warcinfo-ID", info_id);
	assert_field(&a.r[1], "Content-Type", "application/http;msgtype=response");
	assert_false(field(a.r[1].data, "WARC-Truncated", want, sizeof(want)));
	assert_uuid_id(ref1.record_id);
	assert_date(&a.r[1]);
	snprintf(want, sizeof(want),
	         "HTTP/1.1 200 OK\r\n"
	         "Content-Type: text/html; charset=utf-8\r\n"
	         "X-Archive-Orig-Content-Encoding: gzip\r\n"
	         "X-Archive-Orig-Transfer-Encoding: chunked\r\n"
	         "X-Keep: Content-Length: 5\r\n"
	         "Content-Length: %zu\r\n\r\n", strlen(body1));
	assert_string_equal(a.r[1].http_head, want);
	assert_int_equal(a.r[1].status, 200);
	assert_int_equal(a.r[1].body_len, strlen(body1));
	assert_memory_equal(a.r[1].body, body1, strlen(body1));

	assert_field(&a.r[2], "WARC-Record-ID", ref2.record_id);
	assert_field(&a.r[2], "WARC-Truncated", "length");
	assert_uuid_id(ref2.record_id);
	assert_string_not_equal(ref1.record_id, ref2.record_id);
	assert_string_not_equal(ref1.record_id, info_id);
	assert_string_equal(a.r[2].http_head,
	                    "HTTP/2 404 \r\n"
	                    "X-Archive-Orig-content-length: 99999\r\n"
	                    "content-type: application/octet-stream\r\n"
	                    "Content-Length: 300\r\n\r\n");
	assert_int_equal(a.r[2].status, 404);
	assert_int_equal(a.r[2].body_len, sizeof(body2));
	assert_memory_equal(a.r[2].body, body2, sizeof(body2));
	archive_free(&a);
}

struct bad_case {
	const char *what;
	const char *uri;
	const char *head;
	size_t head_len;             /* SIZE_MAX: strlen(head) */
	const char *body;
	size_t body_len;
};

/* Refused input writes nothing and leaves the writer usable. */
static void test_bad_input(void **state)
{
	static const char ok_head[] = "HTTP/1.1 200 OK\r\n\r\n";
	char *big_head = malloc(CAP_WARC_HEAD_BYTES + 2);
	char *long_uri = malloc(CAP_URL_BYTES + 16);
	const struct bad_case cases[] = {
		{ "no status line", "http://a.test/", "Content-Type: text/html\r\n\r\n", SIZE_MAX, "", 0 },
		{ "empty head", "http://a.test/", "", 0, "", 0 },
		{ "NULL head", "http://a.test/", NULL, 0, "", 0 },
		{ "head over the cap", "http://a.test/", big_head, CAP_WARC_HEAD_BYTES + 1, "", 0 },
		{ "CRLF in the URI", "http://a.test/\r\nWARC-Type: x", ok_head, SIZE_MAX, "", 0 },
		{ "empty URI", "", ok_head, SIZE_MAX, "", 0 },
		{ "URI over the cap", long_uri, ok_head, SIZE_MAX, "", 0 },
		{ "no body bytes", "http://a.test/", ok_head, SIZE_MAX, NULL, 5 },
	};
	char path[PATH_MAX], err[256];
	struct warc_writer *w = NULL;
	struct warc_ref ref;
	struct archive a;

	(void)state;
	assert_non_null(big_head);
	assert_non_null(long_uri);
	memcpy(big_head, "HTTP/1.1 200 OK\r\n", 17);
	memset(big_head + 17, 'x', CAP_WARC_HEAD_BYTES + 1 - 17);
	big_head[CAP_WARC_HEAD_BYTES + 1] = '\0';
	strcpy(long_uri, "http://a.test/");
	memset(long_uri + 14, 'a', CAP_URL_BYTES);
	long_uri[CAP_URL_BYTES + 14] = '\0';
	archive_path(path, sizeof(path), "bad.warc.gz");
	assert_int_equal(warc_open(&w, path, SOFTWARE, err, sizeof(err)), 0);
	for (size_t i = 0; i < COUNT(cases); i++) {
		const struct bad_case *c = &cases[i];
		size_t hl = c->head_len == SIZE_MAX ? strlen(c->head) : c->head_len;

		print_message("%s\n", c->what);
		memset(&ref, 'z', sizeof(ref));
		assert_int_equal(warc_write_response(w, c->uri, c->head, hl, c->body, c->body_len, false, &ref),
		                 WARC_ERR_RECORD);
		assert_string_equal(ref.record_id, "");
		assert_int_equal(ref.offset, -1);
		/* One line naming the file. */
		assert_non_null(strstr(warc_last_error(w), path));
		assert_null(strchr(warc_last_error(w), '\n'));
	}
	assert_int_equal(warc_write_response(w, "http://a.test/", ok_head, strlen(ok_head), NULL, 0, false,
	                                     &ref), 0);
	assert_int_equal(warc_close(w, err, sizeof(err)), 0);
	read_archive(path, &a);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.r[1].offset, ref.offset);
	assert_int_equal(a.r[1].body_len, 0);
	assert_string_equal(a.r[1].http_head, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	archive_free(&a);
	free(big_head);
	free(long_uri);
}

/* An archive being written lives under its temporary name until warc_close(). */
static int stat_in_progress(const char *path, struct stat *st)
{
	char *tmp = file_temp_path(path);
	int rc;

	assert_non_null(tmp);
	rc = stat(tmp, st);
	free(tmp);
	return rc;
}

/*
 * Let the archive being written at path grow by 64 KiB at most, less than a
 * RANDOM_BYTES record: a write past that fails (EFBIG, SIGXFSZ ignored).
 * *size is its size now, *old the limit restore_file_size() puts back.
 */
static void limit_file_size(struct rlimit *old, long long *size, const char *path)
{
	struct rlimit lim;
	struct stat st;

	assert_int_equal(stat_in_progress(path, &st), 0);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, old), 0);
	lim = *old;
	lim.rlim_cur = (rlim_t)st.st_size + 65536;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	*size = (long long)st.st_size;
}

static void restore_file_size(const struct rlimit *old)
{
	assert_int_equal(setrlimit(RLIMIT_FSIZE, old), 0);
	signal(SIGXFSZ, SIG_DFL);
}

/* A file size limit below the next record: it fails, is cut off, and the next one lands in its place. */
static void test_write_error_cut_back(void **state)
{
	static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
	char path[PATH_MAX], err[256];
	struct warc_writer *w = NULL;
	struct warc_ref small1, failed, small2;
	struct rlimit old;
	long long size;
	struct archive a;
	char *big = random_body(RANDOM_BYTES);

	(void)state;
	archive_path(path, sizeof(path), "limit.warc.gz");
	assert_int_equal(warc_open(&w, path, SOFTWARE, err, sizeof(err)), 0);
	assert_int_equal(warc_write_response(w, "http://a.test/1", head, strlen(head), "one", 3, false,
	                                     &small1), 0);
	limit_file_size(&old, &size, path);
	assert_int_equal(warc_write_response(w, "http://a.test/big", head, strlen(head), big, RANDOM_BYTES,
	                                     false, &failed), WARC_ERR_FILE);
	assert_int_equal(warc_write_response(w, "http://a.test/2", head, strlen(head), "two", 3, false,
	                                     &small2), 0);
	restore_file_size(&old);
	print_message("%s\n", warc_last_error(w));
	assert_int_equal(failed.offset, -1);
	assert_int_equal(small2.offset, size);
	assert_int_equal(warc_close(w, err, sizeof(err)), 0);
	read_archive(path, &a);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.r[2].offset, small2.offset);
	assert_memory_equal(a.r[2].body, "two", 3);
	archive_free(&a);
	free(big);
}

/* (c) Unwritable paths: one line naming the file. */
static void test_open_errors(void **state)
{
	const char *const paths[] = { "/nonexistent-ma-dir/x.warc.gz", fixture_site_root(site), "/proc/x.warc.gz" };
	struct warc_writer *w = (struct warc_writer *)&w;
	char err[256], path[PATH_MAX];

	(void)state;
	for (size_t i = 0; i < COUNT(paths); i++) {
		err[0] = '\0';
		assert_int_equal(warc_open(&w, paths[i], SOFTWARE, err, sizeof(err)), -1);
		print_message("%s\n", err);
		assert_null(w);
		assert_non_null(strstr(err, paths[i]));
		assert_null(strchr(err, '\n'));
	}
	archive_path(path, sizeof(path), "sw.warc.gz");
	assert_int_equal(warc_open(&w, path, "bad\r\nsoftware", err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_int_equal(warc_close(NULL, err, sizeof(err)), 0);
}

/* ---- the fixture server ---- */

static int make_sites(struct fixture_site *s)
{
	char *rand = random_body(RANDOM_BYTES);
	int rc;

	rc = fixture_site_write_text(s, "a.test/page.html", page_html) ||
	     fixture_site_write_text(s, "a.test/gz.html", page_html) ||
	     fixture_site_write_text(s, "a.test/doc.pdf", "%PDF-1.4 fake\n") ||
	     fixture_site_write(s, "a.test/rand.bin", rand, RANDOM_BYTES) ||
	     fixture_site_write_text(s, "a.test/_site.conf", "gzip /gz.html\nredirect /old 301 /page.html\n") ||
	     fixture_site_write_text(s, "nh.test/_site.conf", "no-head /doc.pdf\n") ||
	     fixture_site_write_text(s, "nh.test/doc.pdf", "%PDF-1.4 fake\n") ? -1 : 0;
	free(rand);
	return rc;
}

static int group_setup(void **state)
{
	(void)state;
	return crawl_site_start(&site, "test_warc", hosts, COUNT(hosts), make_sites);
}

static int group_teardown(void **state)
{
	(void)state;
	crawl_site_stop(site);
	return 0;
}

/* ---- the crawler's hook ---- */

struct got {
	int calls;
	long status;
	bool from_cache;
	char effective_url[256];
	char record_id[WARC_RECORD_ID_SIZE];
	long long offset;
	size_t body_len;
};

static void on_done(void *userdata, const struct crawl_result *r)
{
	struct got *g = userdata;

	g->calls++;
	g->status = r->status;
	g->from_cache = r->from_cache;
	g->body_len = r->body_len;
	g->offset = r->warc_offset;
	assert_non_null(r->warc_record_id);
	snprintf(g->effective_url, sizeof(g->effective_url), "%s", r->effective_url);
	snprintf(g->record_id, sizeof(g->record_id), "%s", r->warc_record_id);
}

static struct crawl_opts base_opts(struct warc_writer *w)
{
	struct crawl_opts o = crawl_site_opts(site);

	o.warc = w;
	return o;
}

struct request {
	const char *host;
	const char *path;
	enum crawl_kind kind;
};

static void run(const struct crawl_opts *o, const struct request *req, size_t n, struct got *got,
                struct crawl_stats *st)
{
	struct crawler *c = NULL;

	assert_int_equal(crawl_new(&c, o), 0);
	for (size_t i = 0; i < n; i++) {
		char u[256];

		memset(&got[i], 0, sizeof(got[i]));
		snprintf(u, sizeof(u), "http://%s:%u%s", req[i].host, fixture_site_port(site), req[i].path);
		assert_int_equal(crawl_add(c, u, req[i].kind, 0, on_done, &got[i]), 0);
	}
	assert_int_equal(crawl_run(c), 0);
	crawl_get_stats(c, st);
	crawl_free(c);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(got[i].calls, 1);
}

/* The record a result points to: at its offset, with its id, URI and status. */
static const struct record *record_of(const struct archive *a, const struct got *g)
{
	const struct record *r;

	assert_true(g->offset > 0);
	r = record_at(a, g->offset);
	assert_non_null(r);
	assert_field(r, "WARC-Type", "response");
	assert_field(r, "WARC-Record-ID", g->record_id);
	assert_field(r, "WARC-Target-URI", g->effective_url);
	assert_int_equal(r->status, g->status);
	return r;
}

static size_t count_target(const struct archive *a, const char *host, const char *path, long status)
{
	char uri[256], v[256];
	size_t n = 0;

	snprintf(uri, sizeof(uri), "http://%s:%u%s", host, fixture_site_port(site), path);
	for (size_t i = 1; i < a->n; i++)
		if (field(a->r[i].data, "WARC-Target-URI", v, sizeof(v)) && strcmp(v, uri) == 0 &&
		    a->r[i].status == status)
			n++;
	return n;
}

/* (b) Pages, a gzip page, a redirect, a HEAD check, a refused HEAD and robots.txt, all archived. */
static void test_crawl_archives(void **state)
{
	static const struct request req[] = {
		{ "a.test", "/page.html", CRAWL_PAGE },
		{ "a.test", "/gz.html", CRAWL_PAGE },
		{ "a.test", "/old", CRAWL_PAGE },
		{ "a.test", "/doc.pdf", CRAWL_CHECK },
		{ "nh.test", "/doc.pdf", CRAWL_CHECK },
		{ "a.test", "/missing.html", CRAWL_PAGE },
	};
	struct got got[COUNT(req)];
	char path[PATH_MAX], err[256], want[128];
	struct warc_writer *w = NULL;
	struct crawl_opts o;
	struct crawl_stats st;
	struct archive a;
	const struct record *r;

	(void)state;
	archive_path(path, sizeof(path), "crawl.warc.gz");
	assert_int_equal(warc_open(&w, path, SOFTWARE, err, sizeof(err)), 0);
	o = base_opts(w);
	o.robots = true;
	run(&o, req, COUNT(req), got, &st);
	assert_int_equal(warc_close(w, err, sizeof(err)), 0);
	read_archive(path, &a);

	/* 6 answers, the redirect's own 301 (hops are followed one by one), the refused HEAD and two robots.txt. */
	assert_int_equal(st.warc_errors, 0);
	assert_int_equal(st.warc_records, 10);
	assert_int_equal(a.n, 1 + st.warc_records);
	for (size_t i = 0; i < COUNT(req); i++)
		record_of(&a, &got[i]);

	r = record_of(&a, &got[0]);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, strlen(page_html));
	assert_memory_equal(r->body, page_html, strlen(page_html));
	snprintf(want, sizeof(want), "\r\nX-Archive-Orig-Content-Length: %zu\r\n", strlen(page_html));
	assert_non_null(strstr(r->http_head, want));

	/* libcurl decoded the gzip body: the stored head says so. */
	r = record_of(&a, &got[1]);
	assert_memory_equal(r->body, page_html, strlen(page_html));
	assert_non_null(strstr(r->http_head, "\r\nX-Archive-Orig-Content-Encoding: gzip\r\n"));
	assert_null(strstr(r->http_head, "\r\nContent-Encoding:"));

	/* A redirect: the last response, under the effective URL. */
	snprintf(want, sizeof(want), "http://a.test:%u/page.html", fixture_site_port(site));
	assert_string_equal(got[2].effective_url, want);
	r = record_of(&a, &got[2]);
	assert_int_equal(r->status, 200);
	assert_memory_equal(r->body, page_html, strlen(page_html));
	assert_null(strstr(r->http_head, "Location:"));
	assert_int_equal(count_target(&a, "a.test", "/old", 301), 1);

	/* A HEAD check: the answer's head, an empty body. */
	r = record_of(&a, &got[3]);
	assert_int_equal(r->body_len, 0);
	assert_non_null(strstr(r->http_head, "\r\nX-Archive-Orig-Content-Length: 14\r\n"));
	assert_non_null(strstr(r->http_head, "\r\nContent-Length: 0\r\n"));
	assert_non_null(strstr(r->http_head, "application/pdf"));

	/* HEAD refused: its 405 is kept too, and the result points to the GET with its bytes. */
	r = record_of(&a, &got[4]);
	assert_int_equal(r->status, 200);
	assert_memory_equal(r->body, "%PDF-1.4 fake\n", 14);
	assert_int_equal(got[4].body_len, 0);
	assert_int_equal(count_target(&a, "nh.test", "/doc.pdf", 405), 1);

	r = record_of(&a, &got[5]);
	assert_int_equal(r->status, 404);
	assert_int_equal(count_target(&a, "a.test", "/robots.txt", 404), 1);
	assert_int_equal(count_target(&a, "nh.test", "/robots.txt", 404), 1);
	archive_free(&a);
}

/* With an archive, --cache never asks conditionally: the second fetch is a whole page again. */
static void test_crawl_cache_not_conditional(void **state)
{
	static const struct request req[] = { { "a.test", "/page.html", CRAWL_PAGE } };
	char path[PATH_MAX], err[256], cache[PATH_MAX], cmd[PATH_MAX + 16];
	struct warc_writer *w = NULL;
	struct crawl_opts o;
	struct crawl_stats st;
	struct got got[2];
	struct archive a;

	(void)state;
	snprintf(cache, sizeof(cache), "%s/cache", fixture_site_root(site));
	assert_int_equal(mkdir(cache, 0700), 0);
	archive_path(path, sizeof(path), "cache.warc.gz");
	assert_int_equal(warc_open(&w, path, SOFTWARE, err, sizeof(err)), 0);
	o = base_opts(w);
	o.cache_dir = cache;
	run(&o, req, 1, &got[0], &st);
	run(&o, req, 1, &got[1], &st);
	assert_int_equal(warc_close(w, err, sizeof(err)), 0);
	assert_false(got[1].from_cache);
	assert_int_equal(got[1].status, 200);
	assert_int_equal(st.not_modified, 0);
	assert_int_equal(got[1].body_len, strlen(page_html));
	read_archive(path, &a);
	assert_int_equal(a.n, 3);
	for (size_t i = 0; i < 2; i++) {
		const struct record *r = record_of(&a, &got[i]);

		assert_int_equal(r->body_len, strlen(page_html));
	}
	assert_string_not_equal(got[0].record_id, got[1].record_id);
	archive_free(&a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache);
	assert_int_equal(system(cmd), 0);
}

/*
 * An archive file that cannot be written halts the crawl: an archive
 * without every response is no evidence. The request is answered as
 * skipped, nothing else starts, and the reason names the file.
 */
static void test_crawl_archive_failure(void **state)
{
	static const struct request reqs[] = {
		{ "a.test", "/rand.bin", CRAWL_PAGE }, { "a.test", "/page.html", CRAWL_PAGE },
		{ "b.test", "/page.html", CRAWL_PAGE },
	};
	char path[PATH_MAX], err[256];
	struct warc_writer *w = NULL;
	struct crawler *c = NULL;
	struct crawl_opts o;
	struct crawl_stats st;
	struct rlimit old;
	long long size;
	struct got got[COUNT(reqs)];

	(void)state;
	archive_path(path, sizeof(path), "fail.warc.gz");
	assert_int_equal(warc_open(&w, path, SOFTWARE, err, sizeof(err)), 0);
	o = base_opts(w);
	o.per_host = 1;
	o.max_transfers = 1;    /* one at a time: the big one first */
	assert_int_equal(crawl_new(&c, &o), 0);
	for (size_t i = 0; i < COUNT(reqs); i++) {
		char u[256];

		memset(&got[i], 0, sizeof(got[i]));
		snprintf(u, sizeof(u), "http://%s:%u%s", reqs[i].host, fixture_site_port(site), reqs[i].path);
		assert_int_equal(crawl_add(c, u, reqs[i].kind, 0, on_done, &got[i]), 0);
	}
	limit_file_size(&old, &size, path);
	assert_int_equal(crawl_run(c), CRAWL_HALTED);
	restore_file_size(&old);
	print_message("%s\n", crawl_halt_reason(c));
	assert_non_null(strstr(crawl_halt_reason(c), path));
	assert_non_null(strstr(crawl_halt_reason(c), "cannot write"));
	crawl_get_stats(c, &st);
	crawl_free(c);
	for (size_t i = 0; i < COUNT(reqs); i++) {
		assert_int_equal(got[i].calls, 1);
		assert_int_equal(got[i].status, 0);     /* answered as skipped */
		assert_int_equal(got[i].offset, -1);
	}
	/* The big page only: nothing started after it. */
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.warc_errors, 0);
	warc_discard(w);
}

/* Without an archive the results say "none". */
static void test_crawl_no_archive(void **state)
{
	static const struct request req[] = { { "a.test", "/page.html", CRAWL_PAGE } };
	struct crawl_opts o = base_opts(NULL);
	struct crawl_stats st;
	struct got got[1];

	(void)state;
	run(&o, req, 1, got, &st);
	assert_int_equal(got[0].status, 200);
	assert_int_equal(got[0].offset, -1);
	assert_string_equal(got[0].record_id, "");
	assert_int_equal(st.warc_records, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_error_cut_back),
		cmocka_unit_test(test_crawl_archive_failure),
		cmocka_unit_test(test_write_read_back),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_crawl_archives),
		cmocka_unit_test(test_crawl_cache_not_conditional),
		cmocka_unit_test(test_crawl_no_archive),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
