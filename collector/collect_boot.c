/* One boot: launch under tracing, wait, drain, decode, judge. */
#include "collect_boot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DRAIN_TICK_NS 250000000LL	/* keeps long boots from overrunning */

/*
 * Moves what the trace holds now into the boot's decoder: memory follows
 * what a boot keeps, not how much its guest writes. 0 or -errno.
 */
static int drain_decode(struct collector *c)
{
	int rc = tracer_drain(c->tracer, &c->events);

	if (rc == 0)
		rc = decoder_feed(&c->decoder, c->events.ev, c->events.n);
	event_buf_reset(&c->events);
	return rc;
}

static void drain_tick(void *data)
{
	struct collector *c = data;

	if (c->drain_error == 0)
		c->drain_error = drain_decode(c);
}

static void output_read(void *data)
{
	struct collector *c = data;

	vmm_output_read(&c->output);
}

/* Launches and waits; the VMM is gone (killed if need be) on return. */
static int boot_launch(struct collector *c, struct boot_outcome *o)
{
	struct wait_hooks hooks = { DRAIN_TICK_NS, drain_tick, c->output.read_fd, output_read, c };
	struct vmm_proc proc;
	int64_t start;

	vmm_output_reset(&c->output);
	event_buf_reset(&c->events);
	utc_now_text(o->started_at);
	o->lost_before = tracer_lost_count(c->tracer);
	if (vmm_spawn(&c->spec, &proc, o->detail, sizeof(o->detail)) < 0)
		return -1;
	o->vmm_pid = proc.pid;
	decoder_init(&c->decoder, &c->decode, 0, proc.pid);	/* its marker names it */
	c->drain_error = 0;
	janitor_watch(&c->janitor, proc.pid);	/* its process group */
	start = clock_mono_ns();
	if (vmm_release(&proc, o->detail, sizeof(o->detail)) < 0) {
		vmm_proc_release(&proc);
		return -1;
	}
	o->wait = vmm_wait(&proc, c->opts->timeout_ns, c->signal_fd, &c->signo, &hooks, &o->exit);
	if (o->wait != WAIT_EXITED)
		vmm_kill(&proc, &o->exit);
	o->wall_ns = clock_mono_ns() - start;
	vmm_output_read(&c->output);	/* its last words */
	janitor_watch(&c->janitor, 0);
	vmm_proc_release(&proc);
	return 0;
}

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

static void judge_exit(struct collector *c, struct boot_outcome *o)
{
	char line[200];

	vmm_output_last_line(&c->output, line, sizeof(line));
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

/* Decides the boot's status; the first reason that applies wins. */
static void boot_judge(struct collector *c, struct boot_outcome *o)
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
		judge_exit(c, o);
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

int boot_run(struct collector *c, struct boot_outcome *o)
{
	int rc;

	memset(o, 0, sizeof(*o));
	if (boot_launch(c, o) < 0)
		return -1;
	if (o->wait == WAIT_SIGNAL)
		return 0;
	o->reaped_ns = clock_mono_ns();
	rc = c->drain_error ? c->drain_error : drain_decode(c);
	o->lost = tracer_lost_count(c->tracer) - o->lost_before;
	o->traced_pid = decoder_vmm_pid(&c->decoder);
	if (rc < 0)
		decoder_release(&c->decoder);
	if (rc < 0 || decoder_finish(&c->decoder, &o->trace) < 0) {
		snprintf(o->detail, sizeof(o->detail), "cannot read the trace events: %s",
			 strerror(rc < 0 ? -rc : ENOMEM));
		return -1;
	}
	o->decoded_ns = clock_mono_ns();
	boot_judge(c, o);
	return 0;
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
	vmm_output_reset(&c->output);
	if (vmm_spawn(&spec, &proc, detail, len) < 0 || vmm_release(&proc, detail, len) < 0) {
		vmm_proc_release(&proc);
		free(copy);
		return -1;
	}
	free(copy);
	w = vmm_wait(&proc, c->opts->timeout_ns, c->signal_fd, &c->signo, NULL, &exit_info);
	if (w != WAIT_EXITED)
		vmm_kill(&proc, &exit_info);
	vmm_proc_release(&proc);
	vmm_output_read(&c->output);
	vmm_output_last_line(&c->output, line, sizeof(line));
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
