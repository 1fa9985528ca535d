/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-report's command line: global options, then the command's. */
#ifndef KVMBOOT_CLI_H
#define KVMBOOT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* The command table, ending with a NULL name. */
extern const struct command report_commands[];

/* Finds a command by name, or NULL. */
const struct command *command_find(const char *name);

/*
 * Parses ARGV: global options, the command name, and the command's own
 * options and arguments. Returns the command (NULL with ERR for a usage
 * error; NULL with ERR empty for a plain --help/--version, already printed).
 */
const struct command *cli_parse(int argc, char **argv, struct report_args *a,
				char *err, size_t errlen);

void cli_usage(FILE *out);
void cli_command_usage(FILE *out, const struct command *c);

#endif
