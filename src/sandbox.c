/*
 * sandbox.c - documents read in a child process, held to a time and an
 * address-space limit (CAP_DOC_READ_MS, CAP_DOC_READ_BYTES): poppler
 * cannot be interrupted, and a page of a million text operators or an image
 * drawn at full size would otherwise hold a worker for seconds and the
 * process to gigabytes. The one place the program starts a process.
 *
 * The child is this program again (`mentor-audit __read-documents`,
 * reader_main below): it loads the readers (and Tesseract) once and reads
 * one document at a time from a socket: a request is the flags and the
 * body's length (u32 each, little-endian) and the body; the answer is the
 * length and a doc_text (doc_wire.c). A child that passes the time is
 * killed; one that dies (out of its memory) is gone: the document is
 * cut by the reader (DOC_CUT_READER), and the next one gets a new child.
 */
#include "src/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/caps.h"
#include "parsers/doc.h"
#include "parsers/ocr.h"

extern char **environ;

#define SANDBOX_OCR 1u      /* request flag: pages without text are recognised */
#define SANDBOX_OMP_ENV "OMP_THREAD_LIMIT=1"  /* Tesseract's OpenMP: one thread per reader */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void put32(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Write all of buf; -1 when the peer is gone. */
static int send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read exactly len bytes before deadline (0: none); -1 at the end, an error or the deadline. */
static int recv_all(int fd, void *buf, size_t len, long long deadline)
{
	char *p = buf;

	while (len > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long long left = deadline ? deadline - now_ms() : -1;
		ssize_t n;

		if (deadline && left <= 0)
			return -1;
		if (poll(&pfd, 1, deadline ? (int)left : -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (!(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = recv(fd, p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ---- the parent's side ---- */

void sandbox_stop(struct sandbox *sb)
{
	if (sb->pid > 0) {
		kill(sb->pid, SIGKILL);
		while (waitpid(sb->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (sb->fd >= 0)
		close(sb->fd);
	sb->pid = 0;
	sb->fd = -1;
}

/*
 * The child's environment: ours, with OpenMP held to one thread. Tesseract
 * runs its recognition on OpenMP threads, one per core, which spin while
 * they wait; with a reader per worker thread they only fight each other
 * (a page took 1.5 s of wall time alone, 5.2 s so on a busy machine). The
 * variable is read when libgomp loads, so it must be in the environment
 * the child starts with. The caller frees the array (not its strings).
 */
static char **reader_environment(void)
{
	static char omp[] = SANDBOX_OMP_ENV;
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "OMP_THREAD_LIMIT=", 17) != 0)
			env[k++] = environ[i];
	env[k] = omp;
	return env;
}

static int sandbox_start(struct sandbox *sb, const char *exe)
{
	char *argv[] = { (char *)exe, (char *)SANDBOX_COMMAND, NULL };
	char **env = reader_environment();
	posix_spawn_file_actions_t fa;
	int sv[2], rc;

	if (!env)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		free(env);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawn(&sb->pid, exe, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(sv[1]);
	if (rc) {
		close(sv[0]);
		sb->pid = 0;
		return -1;
	}
	sb->fd = sv[0];
	return 0;
}

/* A document its reader did not come back from in time, or at all. */
static int reader_stopped(struct doc_text **out, const char *buf, size_t len)
{
	struct doc_text *t = calloc(1, sizeof(*t));

	if (t)
		t->text = calloc(1, 1);
	if (!t || !t->text) {
		free(t);
		return -1;
	}
	t->type = doc_sniff(buf, len);
	t->failure = DOC_FAIL_OVER_CAP;
	t->cuts = DOC_CUT_READER;
	*out = t;
	return 0;
}

int sandbox_read(struct sandbox *sb, const char *exe, const char *buf, size_t len, bool ocr, long time_ms,
                 struct doc_text **out)
{
	unsigned char head[8], answer[4];
	long long deadline = now_ms() + (time_ms > 0 ? time_ms : CAP_DOC_READ_MS);
	char *reply = NULL;
	uint32_t n = 0;
	bool ok;

	*out = NULL;
	if (sb->fd < 0 && sandbox_start(sb, exe))
		return -1;
	put32(head, ocr ? SANDBOX_OCR : 0);
	put32(head + 4, (uint32_t)len);
	ok = send_all(sb->fd, head, sizeof(head)) == 0 && send_all(sb->fd, buf, len) == 0 &&
	     recv_all(sb->fd, answer, sizeof(answer), deadline) == 0;
	if (ok)
		n = get32(answer);
	if (ok && n <= CAP_DOC_WIRE_BYTES)
		reply = malloc(n ? n : 1);
	ok = ok && reply && recv_all(sb->fd, reply, n, deadline) == 0 && doc_text_decode(out, reply, n) == 0;
	free(reply);
	if (ok)
		return 0;
	/* No answer in time, none at all, or not a valid one: this child is done with. */
	sandbox_stop(sb);
	return reader_stopped(out, buf, len);
}

/* ---- the child's side ---- */

/* One request read and answered. 1: the parent is gone; 0 done; -1 failed. */
static int serve_one(struct ocr **ocr)
{
	struct doc_options opt = { 0 };
	struct doc_text *t = NULL;
	unsigned char head[8], len4[4];
	struct buf out;
	uint32_t flags, len;
	char *body;
	int rc = -1;

	if (recv_all(0, head, sizeof(head), 0))
		return 1;
	flags = get32(head);
	len = get32(head + 4);
	if (len > CAP_DOC_BODY_BYTES)
		return -1;
	body = malloc(len ? len : 1);
	if (!body)
		return -1;
	if (recv_all(0, body, len, 0)) {
		free(body);
		return 1;
	}
	if ((flags & SANDBOX_OCR) && !*ocr && ocr_new(ocr, NULL, NULL, NULL, 0))
		*ocr = NULL;
	opt.ocr = *ocr;
	buf_init(&out, CAP_DOC_WIRE_BYTES);
	if (doc_extract(&t, body, len, &opt) == 0 && doc_text_encode(t, &out) == 0) {
		put32(len4, (uint32_t)out.len);
		rc = send_all(1, len4, sizeof(len4)) || send_all(1, out.data ? out.data : "", out.len) ? 1 : 0;
	}
	doc_text_free(t);
	buf_free(&out);
	free(body);
	return rc;
}

int sandbox_reader_main(void)
{
	struct rlimit as = { CAP_DOC_READ_BYTES, CAP_DOC_READ_BYTES }, core = { 0, 0 };
	struct ocr *ocr = NULL;
	int rc;

	/* Under AddressSanitizer the address space is its shadow's: no limit there (the tests' build). */
#ifndef __SANITIZE_ADDRESS__
	setrlimit(RLIMIT_AS, &as);
#else
	(void)as;
#endif
	setrlimit(RLIMIT_CORE, &core);
	doc_global_init();
	while ((rc = serve_one(&ocr)) == 0)
		;
	ocr_free(ocr);
	return rc > 0 ? 0 : 1;
}
