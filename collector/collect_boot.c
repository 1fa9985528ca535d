/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A boot's verdict and notes, and the commands run around boots. */
#include "collect_boot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * QEMU's isa-debug-exit device ends QEMU with (value << 1) | 1: an odd
 * status above 1 is likely a guest that exited on purpose.
 */
static const char *debug_exit_hint(int status)
{
	static char hint[96];

	if (status <= 1 || !(status & 1))
		return "";
	snprintf(hint, sizeof(hint), " (isa-debug-exit's (value << 1) | 1? --ok-exit %d "
		 "counts it as a good boot)", status);
	return hint;
}

static void judge_exit(struct boot_outcome *o, const struct vmm_output *output)
{
	char line[200];

	vmm_output_last_line(output, line, sizeof(line));
	if (!o->exit.exited)
		snprintf(o->detail, sizeof(o->detail), "the VMM was killed by signal %d (%s)%s%s",
			 o->exit.signal, strsignal(o->exit.signal), line[0] ? ": " : "", line);
	else
		snprintf(o->detail, sizeof(o->detail), "the VMM exited with status %d%s%s%s",
			 o->exit.exit_code, debug_exit_hint(o->exit.exit_code), line[0] ? ": " : "",
			 line);
}

void detail_note(char *detail, size_t len, const char *fmt, ...)
{
	size_t used = strlen(detail);
	va_list ap;

	if (used + 3 >= len)
		return;
	if (used)
		used += (size_t)snprintf(detail + used, len - used, "; ");
	va_start(ap, fmt);
	vsnprintf(detail + used, len - used, fmt, ap);
	va_end(ap);
}

void trace_notes(const struct boot_trace *t, char *detail, size_t len)
{
	if (t->string_writes)
		detail_note(detail, len, "%zu trace-point string writes (count > 1): only their "
			    "first value was kept", t->string_writes);
	if (t->console.lost_bytes)
		detail_note(detail, len, "%llu console bytes written by string I/O are not in the "
			    "text: the trace keeps only the first byte of each write",
			    (unsigned long long)t->console.lost_bytes);
	if (t->console.dropped_bytes)
		detail_note(detail, len, "%llu console bytes past the first %d MiB (or %d lines) "
			    "were dropped", (unsigned long long)t->console.dropped_bytes,
			    CONSOLE_TEXT_MAX >> 20, CONSOLE_LINES_MAX);
	if (t->dropped_points)
		detail_note(detail, len, "%llu trace points past the first %d were dropped",
			    (unsigned long long)t->dropped_points, DECODE_POINTS_MAX);
}

void boot_judge(struct collector *c, struct boot_outcome *o, const struct vmm_output *output)
{
	bool exit_ok = o->exit.exited && options_exit_ok(c->opts, o->exit.exit_code);

	o->status = "ok";
	o->detail[0] = '\0';
	if (o->wait == WAIT_TIMEOUT) {
		o->status = "timeout";
		snprintf(o->detail, sizeof(o->detail), "killed after the %.3g s timeout",
			 (double)c->opts->timeout_ns / 1e9);
	} else if (!exit_ok) {
		o->status = "failed";
		judge_exit(o, output);
	} else if (o->lost) {	/* before the exec check: a loss can take the exec */
		o->status = "lost_events";
		snprintf(o->detail, sizeof(o->detail), "%llu trace events were lost "
			 "(ring buffer overrun or drop; a larger --buffer-kb helps)",
			 (unsigned long long)o->lost);
	} else if (!o->trace.have_exec) {
		o->status = "failed";
		snprintf(o->detail, sizeof(o->detail), "no exec event was recorded for the VMM%s",
			 o->traced_pid ? "" : " (nor its line in the trace marker)");
	} else if (!o->trace.init_end_source) {
		/* /bin/true exits 0 too: a boot needs a vCPU that ran */
		o->status = "failed";
		snprintf(o->detail, sizeof(o->detail), "the VMM exited with status %d without ever "
			 "running a vCPU (no KVM_RUN): is it a VMM, and does it use KVM?",
			 o->exit.exit_code);
	}
	trace_notes(&o->trace, o->detail, sizeof(o->detail));
	if (o->exit.strays)
		detail_note(o->detail, sizeof(o->detail), "the VMM left %d process%s outside its "
			    "process group, killed now (does it daemonize? run it in the "
			    "foreground)", o->exit.strays, o->exit.strays == 1 ? "" : "es");
}

void boot_outcome_release(struct boot_outcome *o)
{
	boot_trace_release(&o->trace);
}

/* Total time of a boot for the progress line: exit if seen, else wall. */
int64_t boot_total_ns(const struct boot_outcome *o)
{
	const struct milestone *m = boot_trace_find(&o->trace, "vmm_exit");

	return m ? m->time_ns : o->wall_ns;
}

int hook_command(struct collector *c, const char *cmd, char *detail, size_t len)
{
	char shell[] = "/bin/sh", dash_c[] = "-c", *copy = strdup(cmd);
	char *argv[] = { shell, dash_c, copy, NULL };
	struct launch_spec spec = c->spec;
	struct vmm_exit exit_info = { 0 };
	struct vmm_proc proc;
	enum wait_result w;
	char line[200];

	if (!copy)
		return snprintf(detail, len, "out of memory"), -1;
	spec.argv = argv;
	spec.path = shell;
	spec.mark_fd = -1;	/* no boot: nothing to tie in the trace */
	spec.out_fd = c->outputs[0].write_fd;
	vmm_output_reset(&c->outputs[0]);
	if (vmm_start(&spec, &proc, detail, len) < 0) {
		vmm_proc_release(&proc);
		free(copy);
		return -1;
	}
	free(copy);
	w = vmm_wait(&proc, c->opts->timeout_ns, c->signal_fd, &c->signo, NULL, &exit_info);
	if (w != WAIT_EXITED)
		vmm_kill(&proc, &exit_info);
	vmm_proc_release(&proc);
	vmm_output_read(&c->outputs[0]);
	vmm_output_last_line(&c->outputs[0], line, sizeof(line));
	if (w == WAIT_SIGNAL)
		return snprintf(detail, len, "interrupted"), -1;
	if (w == WAIT_TIMEOUT)
		return snprintf(detail, len, "killed after the %.3g s timeout (-T)",
				(double)c->opts->timeout_ns / 1e9), -1;
	if (!exit_info.exited || exit_info.exit_code != 0)
		return snprintf(detail, len, "'%s' %s %d%s%s", cmd, exit_info.exited ?
				"exited with status" : "was killed by signal",
				exit_info.exited ? exit_info.exit_code : exit_info.signal,
				line[0] ? ": " : "", line), -1;
	return 0;
}
