/*
 * robots_cmd.h - the `robots FILE URL` command.
 */
#ifndef MA_ROBOTS_CMD_H
#define MA_ROBOTS_CMD_H

#include "src/cli.h"

/* EXIT_OK when allowed, EXIT_DISALLOWED when not, EXIT_INPUT / EXIT_RUN on errors. */
int robots_command(const struct config *cfg);

#endif
