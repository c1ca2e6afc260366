/*
 * log.h - the one logger: leveled messages on stderr.
 *
 * Reports go to files or stdout and never through here. Messages are one
 * line each and name the file and line, or the URL, they are about.
 */
#ifndef MA_LOG_H
#define MA_LOG_H

#include "core/macros.h" /* MA_PRINTF */

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);

void log_msg(enum log_level level, const char *fmt, ...) MA_PRINTF(2, 3);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
