/* Reading one line of a text trace (pure). */
#include "import_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KVM_RUN_IOCTL 0xae80

/* "4640.661379:" or "4640.661379472:" as ns; the end of the colon in *END. */
static bool time_parse(const char *s, uint64_t *ns, const char **end)
{
	uint64_t sec = 0, frac = 0;
	int digits = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		sec = sec * 10 + (uint64_t)(*s++ - '0');
	if (*s++ != '.')
		return false;
	while (isdigit((unsigned char)*s) && digits < 9) {
		frac = frac * 10 + (uint64_t)(*s++ - '0');
		digits++;
	}
	while (isdigit((unsigned char)*s))
		s++;
	if (*s != ':' || digits == 0)
		return false;
	while (digits++ < 9)
		frac *= 10;
	*ns = sec * 1000000000ULL + frac;
	*end = s + 1;
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

/*
 * "comm tid", "comm pid/tid" (perf) or "comm-tid" (ftrace, trace-cmd),
 * maybe after a trace-cmd instance prefix "name:"; comm may hold spaces.
 */
static bool task_parse(const char *s, size_t len, struct trace_line *out)
{
	char buf[512], *last, *dash, *slash;
	size_t n;

	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	last = strrchr(buf, ' ');
	last = last ? last + 1 : buf;
	out->pid = -1;
	if (isdigit((unsigned char)*last) && last > buf) {	/* perf: "comm tid" or "comm pid/tid" */
		out->tid = (pid_t)strtol(last, &slash, 10);
		if (*slash == '/') {
			out->pid = out->tid;
			out->tid = (pid_t)strtol(slash + 1, &slash, 10);
		}
		if (*slash)
			return false;
		last[-1] = '\0';
	} else {					/* ftrace: "comm-tid" */
		dash = strrchr(buf, '-');
		if (!dash || !isdigit((unsigned char)dash[1]))
			return false;
		out->tid = (pid_t)strtol(dash + 1, &slash, 10);
		if (*slash)
			return false;
		*dash = '\0';
	}
	s = buf;
	n = strlen(buf);
	/* trace-cmd prefixes an instance's lines with "name:" */
	if (n && strchr(buf, ':') && buf[strcspn(buf, ":") + 1] == ' ')
		s = buf + strcspn(buf, ":") + 1;
	while (isspace((unsigned char)*s))
		s++;
	while (n && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	snprintf(out->comm, sizeof(out->comm), "%s", s);
	return out->tid >= 0;
}

static long field_number(const char *text, const char *key)
{
	const char *p = text;
	size_t klen = strlen(key);

	while ((p = strstr(p, key)) != NULL) {
		if (p == text || p[-1] == ' ')
			return strtol(p + klen, NULL, 0);
		p += klen;
	}
	return -1;
}

static enum line_kind exec_fill(const char *args, struct trace_line *out)
{
	const char *f = strstr(args, "filename=");
	long pid = field_number(args, "pid=");

	if (!f || pid < 0)
		return LINE_BAD;
	f += strlen("filename=");
	snprintf(out->filename, sizeof(out->filename), "%.*s", (int)strcspn(f, " "), f);
	out->ev.kind = RAW_EXEC;
	out->ev.pid = (pid_t)pid;
	return LINE_EVENT;
}

static enum line_kind pio_fill(const char *args, struct trace_line *out)
{
	unsigned port, size, count, val;
	char rw[8];

	if (sscanf(args, "pio_%7s at %x size %u count %u val %x", rw, &port, &size, &count, &val) != 5)
		return LINE_BAD;
	out->ev.kind = RAW_PIO;
	out->ev.write = strcmp(rw, "write") == 0;
	out->ev.port = (uint16_t)port;
	out->ev.count = count;
	out->ev.value = val;
	return LINE_EVENT;
}

static enum line_kind mmio_fill(const char *args, struct trace_line *out)
{
	unsigned long long gpa, val;
	unsigned len;
	char type[24];

	if (sscanf(args, "mmio %23s len %u gpa %llx val %llx", type, &len, &gpa, &val) != 4)
		return LINE_BAD;
	out->ev.kind = RAW_MMIO;
	out->ev.write = strcmp(type, "write") == 0;
	out->ev.address = gpa;
	out->ev.value = (uint32_t)val;
	return LINE_EVENT;
}

/* The event's details: what kvmboot uses, or LINE_SKIP. */
static enum line_kind event_fill(const char *name, const char *args, struct trace_line *out)
{
	long v;

	if (strcmp(name, "sched_process_exec") == 0)
		return exec_fill(args, out);
	if (strcmp(name, "sched_process_exit") == 0 || strcmp(name, "sched_process_fork") == 0) {
		bool fork = name[14] == 'f';

		v = field_number(args, fork ? "child_pid=" : "pid=");
		if (v < 0)
			return LINE_BAD;
		out->ev.kind = fork ? RAW_FORK : RAW_EXIT;
		out->ev.pid = out->child = (pid_t)v;
		return LINE_EVENT;
	}
	if (strcmp(name, "kvm_entry") == 0) {
		out->ev.kind = RAW_KVM_ENTRY;
		return LINE_EVENT;
	}
	if (strcmp(name, "kvm_pio") == 0)
		return pio_fill(args, out);
	if (strcmp(name, "kvm_mmio") == 0)
		return mmio_fill(args, out);
	if (strcmp(name, "sys_enter_ioctl") == 0 || strcmp(name, "sys_ioctl") == 0) {
		const char *cmd = strstr(args, "cmd: ");

		if (!cmd)
			return LINE_BAD;
		if (strtoul(cmd + 5, NULL, 16) != KVM_RUN_IOCTL)
			return LINE_SKIP;
		out->ev.kind = RAW_KVM_RUN;
		return LINE_EVENT;
	}
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

enum line_kind trace_line_parse(const char *line, struct trace_line *out)
{
	const char *cpu, *rest, *args;
	char name[64];
	size_t n;

	memset(out, 0, sizeof(*out));
	if (header_line(line))
		return LINE_SKIP;
	cpu = cpu_field(line, &rest);
	if (!cpu || !task_parse(line, (size_t)(cpu - line), out))
		return LINE_BAD;
	while (isspace((unsigned char)*rest) || (*rest && strchr(".dDNnhHsSbBXz0123456789", *rest) &&
		!time_parse(rest, &out->ev.ts, &args)))
		rest++;	/* ftrace's latency flags, such as "....." or "d..1." */
	if (!time_parse(rest, &out->ev.ts, &args))
		return LINE_BAD;
	while (isspace((unsigned char)*args))
		args++;
	/* "sched:sched_process_exec: ...", "kvm_pio:  ...", or "sys_ioctl(fd: 9, ...)" */
	n = strcspn(args, ":(");
	if (n == 0 || n >= sizeof(name))
		return LINE_BAD;
	if (args[n] == ':' && args[n + 1] != ' ' && args[n + 1] != '\0') {	/* system: */
		args += n + 1;
		n = strcspn(args, ":(");
		if (n == 0 || n >= sizeof(name))
			return LINE_BAD;
	}
	snprintf(name, sizeof(name), "%.*s", (int)n, args);
	args += n + (args[n] == ':' || args[n] == '(');
	while (isspace((unsigned char)*args))
		args++;
	return event_fill(name, args, out);
}

enum line_kind stap_line_parse(const char *line, struct trace_line *out)
{
	unsigned long long t;
	char kind[16], a[256] = "", b[32] = "";
	int pid, n;

	memset(out, 0, sizeof(*out));
	if (strncmp(line, "kvmboot-stap ", 13) != 0)
		return LINE_SKIP;
	n = sscanf(line + 13, "%d %llu %15s %255s %31s", &pid, &t, kind, a, b);
	if (n < 3 || pid <= 0)
		return LINE_BAD;
	out->ev.ts = t;
	out->ev.pid = out->tid = out->pid = pid;
	if (strcmp(kind, "exec") == 0 && n >= 4) {
		out->ev.kind = RAW_EXEC;
		snprintf(out->filename, sizeof(out->filename), "%s", a);
	} else if (strcmp(kind, "kvm_entry") == 0) {
		out->ev.kind = RAW_KVM_ENTRY;
	} else if (strcmp(kind, "exit") == 0) {
		out->ev.kind = RAW_EXIT;
	} else if (strcmp(kind, "pio") == 0 && n == 5) {
		out->ev.kind = RAW_PIO;
		out->ev.write = true;
		out->ev.count = 1;
		out->ev.port = (uint16_t)strtoul(a, NULL, 0);
		out->ev.value = (uint32_t)strtoul(b, NULL, 0);
	} else {
		return LINE_BAD;
	}
	return LINE_EVENT;
}
