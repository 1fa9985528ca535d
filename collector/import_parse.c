/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading one line of a text trace (pure). */
#include "import_parse.h"
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define KVM_RUN_IOCTL 0xae80
#define NS_PER_S 1000000000ULL
#define SHOWN_MAX 40	/* characters of a wrong field quoted in a message */

static enum line_kind bad(struct trace_line *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum line_kind bad(struct trace_line *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
	return LINE_BAD;
}

static enum line_kind unreadable(struct trace_line *out)
{
	return bad(out, "cannot read this line");
}

/* The same, for the readers that answer true or false. */
static bool not_readable(struct trace_line *out)
{
	unreadable(out);
	return false;
}

/*
 * The field WHAT, the LEN characters at TEXT, as a number from 0 to MAX;
 * false with the reason in OUT->why.
 */
static bool number_read(const char *what, const char *text, size_t len,
			unsigned long long max, unsigned long long *value, struct trace_line *out)
{
	int shown = (int)(len < SHOWN_MAX ? len : SHOWN_MAX);
	int rc = parse_number_span(text, len, max, value);

	if (rc == 0)
		return true;
	if (len == 0)
		bad(out, "the %s is missing", what);
	else if (rc == -ERANGE && text[1] == 'x')
		bad(out, "%s '%.*s' is past %#llx", what, shown, text, max);
	else if (rc == -ERANGE)
		bad(out, "%s '%.*s' is past %llu", what, shown, text, max);
	else if (text[0] == '-')
		bad(out, "%s '%.*s' is negative", what, shown, text);
	else
		bad(out, "%s '%.*s' is not a number", what, shown, text);
	return false;
}

static bool all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return len > 0;
}

/* Does S start with "SECONDS.FRACTION:"? Then the lengths of both. */
static bool time_shape(const char *s, size_t *sec, size_t *frac)
{
	*sec = strspn(s, "0123456789");
	if (*sec == 0 || s[*sec] != '.')
		return false;
	*frac = strspn(s + *sec + 1, "0123456789");
	return *frac > 0 && s[*sec + 1 + *frac] == ':';
}

/* "4640.661379:" or "4640.661379472:" as ns (beyond ns cut); END after the colon. */
static bool time_read(const char *s, uint64_t *ns, const char **end, struct trace_line *out)
{
	unsigned long long sec, frac;
	size_t nsec, nfrac, digits, i;

	if (!time_shape(s, &nsec, &nfrac))
		return not_readable(out);
	digits = nfrac < 9 ? nfrac : 9;
	if (parse_number_span(s + nsec + 1, digits, ~0ULL, &frac) < 0)
		return not_readable(out);
	for (i = digits; i < 9; i++)
		frac *= 10;
	if (parse_number_span(s, nsec, ~0ULL / NS_PER_S, &sec) < 0 ||
	    sec * NS_PER_S > ~0ULL - frac) {
		bad(out, "time '%.*s' is past 2^64 ns", (int)(nsec + 1 + nfrac), s);
		return false;
	}
	*ns = sec * NS_PER_S + frac;
	*end = s + nsec + 1 + nfrac + 1;
	return true;
}

/* The first " [NNN]" CPU field; NULL when there is none. */
static const char *cpu_field(const char *line, const char **after)
{
	const char *p = line;

	while ((p = strchr(p, '[')) != NULL) {
		const char *q = p + 1;

		while (isdigit((unsigned char)*q))
			q++;
		if (q > p + 1 && *q == ']' && p > line && p[-1] == ' ') {
			*after = q + 1;
			return p;
		}
		p++;
	}
	return NULL;
}

/* A task's id: tid or pid, 0 to the kernel's largest. */
static bool id_read(const char *what, const char *s, size_t len, pid_t *id, struct trace_line *out)
{
	unsigned long long v;

	if (!number_read(what, s, len, IMPORT_PID_MAX, &v, out))
		return false;
	*id = (pid_t)v;
	return true;
}

/* perf's "tid" or "pid/tid" (all digits), at the end of BUF; false when not of that shape. */
static bool perf_ids_shape(const char *last)
{
	const char *slash = strchr(last, '/');

	if (!slash)
		return all_digits(last, strlen(last));
	return all_digits(last, (size_t)(slash - last)) && all_digits(slash + 1, strlen(slash + 1));
}

/* Reads perf's ids from LAST and cuts BUF before them. */
static bool perf_ids_read(char *buf, char *last, struct trace_line *out)
{
	char *slash = strchr(last, '/');

	if (slash && !id_read("pid", last, (size_t)(slash - last), &out->pid, out))
		return false;
	if (!id_read("tid", slash ? slash + 1 : last, strlen(slash ? slash + 1 : last), &out->tid, out))
		return false;
	if (last > buf)
		last[-1] = '\0';
	return true;
}

/* ftrace's "comm-tid": reads tid and cuts BUF at the dash. */
static bool ftrace_id_read(char *buf, struct trace_line *out)
{
	char *dash = strrchr(buf, '-');

	if (!dash || !all_digits(dash + 1, strlen(dash + 1)))
		return not_readable(out);
	if (!id_read("tid", dash + 1, strlen(dash + 1), &out->tid, out))
		return false;
	*dash = '\0';
	return true;
}

/*
 * "comm tid", "comm pid/tid" (perf) or "comm-tid" (ftrace, trace-cmd),
 * maybe after a trace-cmd instance prefix "name:"; comm may hold spaces
 * ("CPU 0/KVM 102", "CPU 0/KVM-102").
 */
static bool task_parse(const char *s, size_t len, struct trace_line *out)
{
	char buf[512], *last, *name;
	size_t n;

	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	if (len == 0 || len >= sizeof(buf))
		return not_readable(out);
	memcpy(buf, s, len);
	buf[len] = '\0';
	last = strrchr(buf, ' ');
	last = last ? last + 1 : buf;
	out->pid = -1;
	if (last > buf && perf_ids_shape(last)) {
		if (!perf_ids_read(buf, last, out))
			return false;
	} else if (!ftrace_id_read(buf, out)) {
		return false;
	}
	name = buf;
	n = strcspn(buf, ":");	/* trace-cmd prefixes an instance's lines with "name:" */
	if (buf[n] == ':' && buf[n + 1] == ' ')
		name = buf + n + 1;
	while (isspace((unsigned char)*name))
		name++;
	n = strlen(name);
	while (n && isspace((unsigned char)name[n - 1]))
		name[--n] = '\0';
	snprintf(out->comm, sizeof(out->comm), "%s", name);
	return true;
}

/* The next word of *P (up to a space) in *WORD; its length, 0 at the end. */
static size_t word_next(const char **p, const char **word)
{
	size_t len;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	*word = *p;
	len = strcspn(*p, " \t");
	*p += len;
	return len;
}

static bool word_is(const char **p, const char *want)
{
	const char *w;
	size_t len = word_next(p, &w);

	return len == strlen(want) && memcmp(w, want, len) == 0;
}

/* The next word of *P as the number WHAT, 0 to MAX. */
static bool number_next(const char **p, const char *what, unsigned long long max,
			unsigned long long *value, struct trace_line *out)
{
	const char *w;
	size_t len = word_next(p, &w);

	return number_read(what, w, len, max, value, out);
}

/* Nothing but spaces left in P (and "(...)" where ALLOWED)? */
static enum line_kind end_check(const char *p, const char *allowed, struct trace_line *out)
{
	const char *w;
	size_t len = word_next(&p, &w);

	if (len && allowed && len == strlen(allowed) && memcmp(w, allowed, len) == 0)
		len = word_next(&p, &w);
	if (len == 0)
		return LINE_EVENT;
	return bad(out, "trailing '%.*s' after the event's fields", (int)(len < SHOWN_MAX ? len :
		   SHOWN_MAX), w);
}

/* The text of " KEY=" in ARGS, up to the next space; NULL when absent. */
static const char *key_find(const char *args, const char *key, size_t *len)
{
	size_t klen = strlen(key);
	const char *p = args;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == args || p[-1] == ' ') && p[klen] == '=') {
			p += klen + 1;
			*len = strcspn(p, " \t");
			return p;
		}
		p += klen;
	}
	return NULL;
}

/* KEY=PID in ARGS, 0 to the kernel's largest pid. */
static bool key_pid(const char *args, const char *key, pid_t *pid, struct trace_line *out)
{
	size_t len;
	const char *v = key_find(args, key, &len);

	if (!v) {
		bad(out, "no '%s=' in the event's fields", key);
		return false;
	}
	return id_read(key, v, len, pid, out);
}

static enum line_kind exec_fill(const char *args, struct trace_line *out)
{
	size_t len;
	const char *f = key_find(args, "filename", &len);

	if (!f)
		return bad(out, "no 'filename=' in the event's fields");
	if (!key_pid(args, "pid", &out->ev.pid, out))
		return LINE_BAD;
	snprintf(out->filename, sizeof(out->filename), "%.*s", (int)len, f);
	out->ev.kind = RAW_EXEC;
	return LINE_EVENT;
}

static enum line_kind exit_fill(const char *args, struct trace_line *out)
{
	if (!key_pid(args, "pid", &out->ev.pid, out))
		return LINE_BAD;
	out->ev.kind = RAW_EXIT;
	return LINE_EVENT;
}

/* As live collection: pid is the child, value the parent. */
static enum line_kind fork_fill(const char *args, struct trace_line *out)
{
	pid_t parent;

	if (!key_pid(args, "child_pid", &out->ev.pid, out) || !key_pid(args, "pid", &parent, out))
		return LINE_BAD;
	out->ev.kind = RAW_FORK;
	out->ev.value = (uint32_t)parent;
	return LINE_EVENT;
}

/* "pio_write at 0xf4 size 1 count 1 val 0x6 ", then "(...)" for string I/O. */
static enum line_kind pio_fill(const char *p, struct trace_line *out)
{
	unsigned long long port, size, count, val;
	const char *w;
	size_t len = word_next(&p, &w);

	if (len == 9 && memcmp(w, "pio_write", 9) == 0)
		out->ev.write = true;
	else if (len != 8 || memcmp(w, "pio_read", 8) != 0)
		return unreadable(out);
	if (!word_is(&p, "at") || !number_next(&p, "port", 0xffff, &port, out) ||
	    !word_is(&p, "size") || !number_next(&p, "size", 8, &size, out) ||
	    !word_is(&p, "count") || !number_next(&p, "count", UINT32_MAX, &count, out) ||
	    !word_is(&p, "val") || !number_next(&p, "value", UINT32_MAX, &val, out))
		return out->why[0] ? LINE_BAD : unreadable(out);
	out->ev.kind = RAW_PIO;
	out->ev.port = (uint16_t)port;
	out->ev.count = (uint32_t)count;
	out->ev.value = (uint32_t)val;
	return end_check(p, "(...)", out);
}

/* "mmio write len 1 gpa 0xd0000 val 0x7b": as live, the value's low 32 bits. */
static enum line_kind mmio_fill(const char *p, struct trace_line *out)
{
	unsigned long long len, gpa, val;
	const char *w;
	size_t n;

	if (!word_is(&p, "mmio"))
		return unreadable(out);
	n = word_next(&p, &w);
	out->ev.write = n == 5 && memcmp(w, "write", 5) == 0;
	if (n == 0 || !word_is(&p, "len") || !number_next(&p, "length", 8, &len, out) ||
	    !word_is(&p, "gpa") || !number_next(&p, "address", ~0ULL, &gpa, out) ||
	    !word_is(&p, "val") || !number_next(&p, "value", ~0ULL, &val, out))
		return out->why[0] ? LINE_BAD : unreadable(out);
	out->ev.kind = RAW_MMIO;
	out->ev.address = gpa;
	out->ev.value = (uint32_t)val;
	return end_check(p, NULL, out);
}

/* perf's "fd: 0x0000000b, cmd: 0x0000ae80, ..." or tracefs's "(fd: 9, cmd: 0xae80, arg: 0)". */
static enum line_kind ioctl_fill(const char *args, struct trace_line *out)
{
	const char *cmd = strstr(args, "cmd: ");
	unsigned long long v;

	if (!cmd)
		return bad(out, "no 'cmd:' in the event's fields");
	cmd += 5;
	if (!number_read("cmd", cmd, strcspn(cmd, ", )"), ~0ULL, &v, out))
		return LINE_BAD;
	if (v != KVM_RUN_IOCTL)
		return LINE_SKIP;
	out->ev.kind = RAW_KVM_RUN;
	return LINE_EVENT;
}

/* The event's details: what kvmboot uses, or LINE_SKIP. */
static enum line_kind event_fill(const char *name, const char *args, struct trace_line *out)
{
	if (strcmp(name, "sched_process_exec") == 0)
		return exec_fill(args, out);
	if (strcmp(name, "sched_process_exit") == 0)
		return exit_fill(args, out);
	if (strcmp(name, "sched_process_fork") == 0)
		return fork_fill(args, out);
	if (strcmp(name, "kvm_entry") == 0) {
		out->ev.kind = RAW_KVM_ENTRY;
		return LINE_EVENT;
	}
	if (strcmp(name, "kvm_pio") == 0)
		return pio_fill(args, out);
	if (strcmp(name, "kvm_mmio") == 0)
		return mmio_fill(args, out);
	if (strcmp(name, "sys_enter_ioctl") == 0 || strcmp(name, "sys_ioctl") == 0)
		return ioctl_fill(args, out);
	return LINE_SKIP;
}

static bool header_line(const char *line)
{
	while (isspace((unsigned char)*line))
		line++;
	return !*line || *line == '#' || strncmp(line, "cpus=", 5) == 0 ||
	       strncmp(line, "version", 7) == 0 || strncmp(line, "Buffer:", 7) == 0 ||
	       (strncmp(line, "CPU", 3) == 0 && strstr(line, "is empty"));
}

/* Skips ftrace's latency flags, such as "....." or "d..1.", up to the time. */
static const char *time_find(const char *s)
{
	size_t sec, frac;

	while (*s && !time_shape(s, &sec, &frac)) {
		if (!isspace((unsigned char)*s) && !strchr(".dDNnhHsSbBXz0123456789", *s))
			return NULL;
		s++;
	}
	return *s ? s : NULL;
}

/* "sched:sched_process_exec: ...", "kvm_pio:  ...", or "sys_ioctl(fd: 9, ...)". */
static const char *event_name(const char *args, char *name, size_t size)
{
	size_t n = strcspn(args, ":(");

	if (n == 0 || n >= size)
		return NULL;
	if (args[n] == ':' && args[n + 1] != ' ' && args[n + 1] != '\0') {	/* system: */
		args += n + 1;
		n = strcspn(args, ":(");
		if (n == 0 || n >= size)
			return NULL;
	}
	snprintf(name, size, "%.*s", (int)n, args);
	args += n + (args[n] == ':' || args[n] == '(');
	while (isspace((unsigned char)*args))
		args++;
	return args;
}

enum line_kind trace_line_parse(const char *line, struct trace_line *out)
{
	const char *cpu, *rest, *args;
	char name[64];

	memset(out, 0, sizeof(*out));
	if (header_line(line))
		return LINE_SKIP;
	cpu = cpu_field(line, &rest);
	if (!cpu || !(rest = time_find(rest)))
		return unreadable(out);
	if (!task_parse(line, (size_t)(cpu - line), out))
		return LINE_BAD;
	if (!time_read(rest, &out->ev.ts, &args, out))
		return LINE_BAD;
	while (isspace((unsigned char)*args))
		args++;
	args = event_name(args, name, sizeof(name));
	if (!args)
		return unreadable(out);
	return event_fill(name, args, out);
}

/* kvmboot-stap's "exec FILE", "kvm_entry", "pio PORT VALUE", "exit". */
static enum line_kind stap_event_fill(const char *kind, size_t klen, const char *p,
				      struct trace_line *out)
{
	unsigned long long port, value;

	if (klen == 4 && memcmp(kind, "exec", 4) == 0) {
		while (*p == ' ')
			p++;
		if (!*p)
			return bad(out, "exec without a file name");
		out->ev.kind = RAW_EXEC;
		snprintf(out->filename, sizeof(out->filename), "%s", p);	/* may hold spaces */
		return LINE_EVENT;
	}
	if (klen == 3 && memcmp(kind, "pio", 3) == 0) {
		if (!number_next(&p, "port", 0xffff, &port, out) ||
		    !number_next(&p, "value", UINT32_MAX, &value, out))
			return LINE_BAD;
		out->ev.kind = RAW_PIO;
		out->ev.write = true;
		out->ev.count = 1;
		out->ev.port = (uint16_t)port;
		out->ev.value = (uint32_t)value;
	} else if (klen == 9 && memcmp(kind, "kvm_entry", 9) == 0) {
		out->ev.kind = RAW_KVM_ENTRY;
	} else if (klen == 4 && memcmp(kind, "exit", 4) == 0) {
		out->ev.kind = RAW_EXIT;
	} else {
		return bad(out, "cannot read this line (not kvmboot.stp's format)");
	}
	return end_check(p, NULL, out);
}

enum line_kind stap_line_parse(const char *line, struct trace_line *out)
{
	const char *p = line + 13, *kind;
	unsigned long long pid, t;
	size_t klen;

	memset(out, 0, sizeof(*out));
	if (strncmp(line, "kvmboot-stap ", 13) != 0)
		return LINE_SKIP;
	if (!number_next(&p, "pid", IMPORT_PID_MAX, &pid, out) ||
	    !number_next(&p, "time", ~0ULL, &t, out))
		return LINE_BAD;
	if (pid == 0)
		return bad(out, "pid '0' is not a process");
	klen = word_next(&p, &kind);
	out->ev.ts = t;
	out->ev.pid = out->tid = out->pid = (pid_t)pid;
	return stap_event_fill(kind, klen, p, out);
}
