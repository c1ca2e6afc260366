/*
 * audit_cmd.h - the `audit` and `check URL` commands: load the registry (or
 * make one row of URL) and the rules, crawl, and write the reports (audit)
 * or explain each verdict on stdout (check). Both share one run, so `check`
 * decides exactly as `audit` does.
 */
#ifndef MA_AUDIT_CMD_H
#define MA_AUDIT_CMD_H

#include "src/cli.h"

/* `audit`, or `check` when cfg->check_url is set. Exit code as in cli.h. */
int audit_command(const struct config *cfg);

#endif
