/* One boot: launch under tracing, wait, drain, decode, judge. */
#include "collect_boot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DRAIN_TICK_NS 250000000LL	/* keeps long boots from overrunning */

static void drain_tick(void *data)
{
	struct collector *c = data;

	tracer_drain(c->tracer, &c->events);
}

/* The last line the VMM printed, for the reason of a failure. */
static void output_last_line(int fd, char *out, size_t len)
{
	char buf[4096];
	off_t size = lseek(fd, 0, SEEK_END), from = size > (off_t)sizeof(buf) - 1
						    ? size - (off_t)sizeof(buf) + 1 : 0;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, from);
	char *line;

	out[0] = '\0';
	if (n <= 0)
		return;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	line = strrchr(buf, '\n');
	snprintf(out, len, "%s", line ? line + 1 : buf);
}

static void output_reset(int fd)
{
	if (ftruncate(fd, 0) == 0)
		lseek(fd, 0, SEEK_SET);
}

/* Launches and waits; the VMM is gone (killed if need be) on return. */
static int boot_launch(struct collector *c, struct boot_outcome *o)
{
	struct vmm_proc proc;
	int64_t start;

	output_reset(c->out_fd);
	event_buf_reset(&c->events);
	utc_now_text(o->started_at);
	o->lost_before = tracer_lost_count(c->tracer);
	if (vmm_spawn(&c->spec, &proc, o->detail, sizeof(o->detail)) < 0)
		return -1;
	o->vmm_pid = proc.pid;
	janitor_watch(&c->janitor, proc.pid);	/* its process group */
	start = clock_mono_ns();
	if (vmm_release(&proc, o->detail, sizeof(o->detail)) < 0) {
		vmm_proc_release(&proc);
		return -1;
	}
	o->wait = vmm_wait(&proc, c->opts->timeout_ns, c->signal_fd, &c->signo,
			   DRAIN_TICK_NS, drain_tick, c, &o->exit);
	if (o->wait != WAIT_EXITED)
		vmm_kill(&proc, &o->exit);
	o->wall_ns = clock_mono_ns() - start;
	janitor_watch(&c->janitor, 0);
	vmm_proc_release(&proc);
	return 0;
}

/*
 * The VMM's pid in the events: the kernel's, from the line it wrote to the
 * trace marker with ours (they differ inside a PID namespace).
 */
static pid_t traced_pid(const struct event_buf *events, pid_t ours)
{
	size_t i;

	for (i = 0; i < events->n; i++)
		if (events->ev[i].kind == RAW_MARK && (pid_t)events->ev[i].value == ours)
			return events->ev[i].pid;
	return 0;
}

static void judge_exit(struct collector *c, struct boot_outcome *o)
{
	char line[200];

	output_last_line(c->out_fd, line, sizeof(line));
	if (!o->exit.exited)
		snprintf(o->detail, sizeof(o->detail), "the VMM was killed by signal %d (%s)%s%s",
			 o->exit.signal, strsignal(o->exit.signal), line[0] ? ": " : "", line);
	else
		snprintf(o->detail, sizeof(o->detail), "the VMM exited with status %d%s%s",
			 o->exit.exit_code, line[0] ? ": " : "", line);
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
	if (o->trace.string_writes && !o->detail[0])
		snprintf(o->detail, sizeof(o->detail), "%zu trace-point string writes "
			 "(count > 1): only their first value was kept", o->trace.string_writes);
	if (o->trace.console.lost_bytes && !o->detail[0])
		snprintf(o->detail, sizeof(o->detail), "%llu console bytes written by string I/O "
			 "are not in the text: the trace keeps only the first byte of each write",
			 (unsigned long long)o->trace.console.lost_bytes);
	if (o->exit.strays) {
		size_t len = strlen(o->detail);

		snprintf(o->detail + len, sizeof(o->detail) - len, "%sthe VMM left %d process%s "
			 "outside its process group, killed now (does it daemonize? run it in "
			 "the foreground)", len ? "; " : "", o->exit.strays,
			 o->exit.strays == 1 ? "" : "es");
	}
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
	rc = tracer_drain(c->tracer, &c->events);
	o->lost = tracer_lost_count(c->tracer) - o->lost_before;
	o->traced_pid = traced_pid(&c->events, o->vmm_pid);
	if (rc < 0 || decode_boot(c->events.ev, c->events.n, o->traced_pid, &c->decode,
				  &o->trace) < 0) {
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

void boot_output_dump(struct collector *c, FILE *out)
{
	char buf[4096];
	off_t off = 0;
	ssize_t n;

	while ((n = pread(c->out_fd, buf, sizeof(buf), off)) > 0) {
		fwrite(buf, 1, (size_t)n, out);
		off += n;
	}
}
