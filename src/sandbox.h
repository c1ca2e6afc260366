/*
 * sandbox.h - documents read in a child process held to a time and an
 * address-space limit (sandbox.c). One sandbox per worker thread.
 */
#ifndef MA_SANDBOX_H
#define MA_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct doc_text;

/* The hidden command the child is started with: `mentor-audit __read-documents`. */
#define SANDBOX_COMMAND "__read-documents"

struct sandbox {
	pid_t pid;      /* the child; 0: none */
	int fd;         /* our end of its socket; -1: none */
};

#define SANDBOX_INIT { 0, -1 }

/*
 * Read buf[0..len) in the child (started from exe when there is none),
 * within time_ms (0: CAP_DOC_READ_MS). A document the child did not answer
 * for in time, or died on, is cut by its reader (DOC_FAIL_OVER_CAP,
 * DOC_CUT_READER) and the child is gone. 0 with *out the caller's; -1 when
 * no child could be started or memory ran out.
 */
int sandbox_read(struct sandbox *sb, const char *exe, const char *buf, size_t len, bool ocr, long time_ms,
                 struct doc_text **out);
/* Kill the child, if any, and wait for it. */
void sandbox_stop(struct sandbox *sb);

/* The child's main: serve documents on stdin/stdout until the parent closes. Its exit status. */
int sandbox_reader_main(void);

#endif
