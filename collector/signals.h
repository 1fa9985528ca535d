/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signals that end the collector (SIGINT, SIGTERM, SIGHUP, SIGQUIT) are
 * blocked and read from a signalfd at safe points, so every exit path runs
 * the same cleanup.
 */
#ifndef KVMBOOT_SIGNALS_H
#define KVMBOOT_SIGNALS_H

#include <signal.h>

/* Blocks them and returns a non-blocking signalfd, or -1; OLD gets the old mask. */
int signals_catch(sigset_t *old);

/* The number of a signal that arrived, or 0; does not wait. */
int signals_pending(int fd);

/* Dies of SIGNO the default way, so the caller's shell sees it (after cleanup). */
void signals_die(int signo, const sigset_t *old) __attribute__((noreturn));

#endif
