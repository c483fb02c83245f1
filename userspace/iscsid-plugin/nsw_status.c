// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi-netswap: `status` as a table and as JSON (nsw_status.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsw_status.h"

/* An output buffer that remembers it overflowed instead of failing each call. */
struct out {
	char *p;
	size_t len, pos;
	int full;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->p + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->pos) {
		o->full = 1;
		return;
	}
	o->pos += n;
}

static int done(struct out *o)
{
	return o->full ? -1 : (int)o->pos;
}

const char *nsw_attr_get(const struct nsw_session *s, const char *name)
{
	int i;

	for (i = 0; i < s->nattr; i++)
		if (!strcmp(s->attr[i].name, name))
			return s->attr[i].value;
	return NULL;
}

static int is_number(const char *v)
{
	if (!*v)
		return 0;
	for (; *v; v++)
		if (*v < '0' || *v > '9')
			return 0;
	return 1;
}

int nsw_attr_num(const struct nsw_session *s, const char *name,
		 unsigned long long *v)
{
	const char *t = nsw_attr_get(s, name);

	if (!t || !is_number(t))
		return -1;
	*v = strtoull(t, NULL, 10);
	return 0;
}

void nsw_fmt_size(char *buf, size_t len, unsigned long long bytes)
{
	unsigned long long kb = (bytes + 1023) / 1024;

	if (kb < 10240)
		snprintf(buf, len, "%lluk", kb);
	else if (kb < 10240ULL * 1024)
		snprintf(buf, len, "%lluM", (kb + 512) / 1024);
	else
		snprintf(buf, len, "%lluG", (kb + 512 * 1024) / (1024 * 1024));
}

void nsw_fmt_ago(char *buf, size_t len, unsigned long long s)
{
	if (s < 60)
		snprintf(buf, len, "%llus", s);
	else if (s < 3600)
		snprintf(buf, len, "%llum%02llus", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lluh%02llum", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, len, "%llud%02lluh", s / 86400, s % 86400 / 3600);
}

/* ------------------------------------------------------------ the table */

enum { C_DEV, C_SESS, C_TARGET, C_STATE, C_RESERVE, C_MEMALLOC, C_RECOV,
       C_LAST, C_CMDS, C_R2T, C_NR };

static const char * const heads[C_NR] = {
	"DEVICE", "SESSION", "TARGET", "STATE", "RESERVE", "MEMALLOC",
	"RECOVERIES", "LAST RECOVERY", "CMDS HWM", "R2T HWM",
};

#define CELL	256

static void num_cell(char *c, const struct nsw_session *s, const char *name)
{
	unsigned long long v;

	if (nsw_attr_num(s, name, &v))
		snprintf(c, CELL, "?");
	else
		snprintf(c, CELL, "%llu", v);
}

/*
 * Where the session's reserve is held: registered with the kernel (its
 * limit, and the most ever charged to it), added to vm.min_free_kbytes
 * by the tool (what the tool's state recorded), or nowhere: a session
 * marked by a plain swapon on a kernel without the reserve series.
 */
static void session_reserve(const struct nsw_session *s,
			    const struct nsw_status_sys *sys, char *cell)
{
	unsigned long long v, limit, hwm;
	char a[32], b[32];
	int i;

	if (nsw_attr_num(s, "swap", &v) || !v) {
		snprintf(cell, CELL, "-");
		return;
	}
	if (!nsw_attr_num(s, "reserve_limit_bytes", &limit)) {
		if (!limit) {
			snprintf(cell, CELL, "not registered");
			return;
		}
		nsw_fmt_size(a, sizeof(a), limit);
		nsw_fmt_size(b, sizeof(b),
			     nsw_attr_num(s, "reserve_hwm_bytes", &hwm) ? 0 : hwm);
		snprintf(cell, CELL, "%s (kernel, hwm %s)", a, b);
		return;
	}
	for (i = 0; i < sys->nswap; i++) {
		if (sys->swap[i].session == s->session && sys->swap[i].active) {
			nsw_fmt_size(a, sizeof(a), sys->swap[i].reserve_kb * 1024);
			snprintf(cell, CELL, "%s (min_free)", a);
			return;
		}
	}
	snprintf(cell, CELL, "none (not swapon'd by the tool)");
}

static void session_row(const struct nsw_session *s,
			const struct nsw_status_sys *sys, char row[C_NR][CELL])
{
	unsigned long long v, at, ms;
	const char *t;
	char a[32];

	if (!s->ndev)
		snprintf(row[C_DEV], CELL, "-");
	else if (s->ndev == 1)
		snprintf(row[C_DEV], CELL, "%s", s->dev[0]);
	else
		snprintf(row[C_DEV], CELL, "%s +%d", s->dev[0], s->ndev - 1);
	snprintf(row[C_SESS], CELL, "%d", s->session);
	snprintf(row[C_TARGET], CELL, "%s", s->target[0] ? s->target : "?");
	t = nsw_attr_get(s, "recovery_state");
	if (t && !strcmp(t, "recovering"))
		snprintf(row[C_STATE], CELL, "RECOVERING");
	else
		snprintf(row[C_STATE], CELL, "%s", s->state[0] ? s->state : "?");

	session_reserve(s, sys, row[C_RESERVE]);
	t = nsw_attr_get(s, "memalloc_active");
	snprintf(row[C_MEMALLOC], CELL, "%s", !t ? "?" : strcmp(t, "0") ? "on" : "off");
	num_cell(row[C_RECOV], s, "recoveries");
	if (nsw_attr_num(s, "recoveries", &v) || !v) {
		snprintf(row[C_LAST], CELL, "never");
	} else if (nsw_attr_num(s, "recovery_last_at_s", &at) || !at ||
		   at > sys->now_s) {
		snprintf(row[C_LAST], CELL, "?");
	} else {
		nsw_fmt_ago(a, sizeof(a), sys->now_s - at);
		if (nsw_attr_num(s, "recovery_last_ms", &ms))
			snprintf(row[C_LAST], CELL, "%s ago", a);
		else
			snprintf(row[C_LAST], CELL, "%s ago, %llu.%llus", a,
				 ms / 1000, ms % 1000 / 100);
	}
	num_cell(row[C_CMDS], s, "cmds_hwm");
	num_cell(row[C_R2T], s, "r2t_hwm");
}

/* One line, each column padded to its width; the last one is not. */
static void put_row(struct out *o, const char *const *cell, const int *w)
{
	int c;

	for (c = 0; c < C_NR - 1; c++)
		put(o, "%-*s  ", w[c], cell[c]);
	put(o, "%s\n", cell[c]);
}

int nsw_status_table(const struct nsw_session *s, int n,
		     const struct nsw_status_sys *sys, char *buf, size_t len)
{
	struct out o = { buf, len, 0, 0 };
	char (*rows)[C_NR][CELL];
	int w[C_NR], i, c;

	if (len)
		buf[0] = '\0';
	if (!n) {
		put(&o, "no iSCSI session driven by iscsi_netswap\n");
	} else {
		rows = calloc(n, sizeof(*rows));
		if (!rows)
			return -1;
		for (c = 0; c < C_NR; c++)
			w[c] = strlen(heads[c]);
		for (i = 0; i < n; i++) {
			session_row(&s[i], sys, rows[i]);
			for (c = 0; c < C_NR; c++)
				if ((int)strlen(rows[i][c]) > w[c])
					w[c] = strlen(rows[i][c]);
		}
		put_row(&o, heads, w);
		for (i = 0; i < n; i++) {
			const char *cell[C_NR];

			for (c = 0; c < C_NR; c++)
				cell[c] = rows[i][c];
			put_row(&o, cell, w);
		}
		free(rows);
	}

	put(&o, "vm.min_free_kbytes %llu", sys->min_free_kb);
	if (!sys->have_state)
		put(&o, " (the tool's state is readable by root only)");
	else if (sys->nswap)
		put(&o, " = %llu before the tool's first swapon + %llu reserved by it%s",
		    sys->orig_kb, sys->tool_reserve_kb,
		    sys->state_differs ?
		    " (differs from the state: run swapon/swapoff to repair)" : "");
	put(&o, "\n");
	for (i = 0; i < sys->nswap; i++)
		if (!sys->swap[i].active)
			put(&o, "stale: %s (%u:%u) is in the tool's state but no longer swap\n",
			    sys->swap[i].path, sys->swap[i].major,
			    sys->swap[i].minor);
	return done(&o);
}

/* ------------------------------------------------------------- JSON */

static void put_json_str(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c == '\n')
			put(o, "\\n");
		else if (c == '\t')
			put(o, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			put(o, "\\u%04x", c);	/* ASCII out: valid JSON whatever the bytes */
		else
			put(o, "%c", c);
	}
	put(o, "\"");
}

/* "name": value, a number when it reads as one. */
static void put_json_value(struct out *o, const char *v)
{
	if (is_number(v) && (v[0] != '0' || !v[1]))
		put(o, "%s", v);
	else
		put_json_str(o, v);
}

static void put_json_session(struct out *o, const struct nsw_session *s)
{
	int i;

	put(o, "{\"host\": %d, \"session\": %d, \"target\": ", s->host,
	    s->session);
	put_json_str(o, s->target);
	put(o, ", \"state\": ");
	put_json_str(o, s->state);
	put(o, ", \"nic\": ");
	if (s->nic[0])
		put_json_str(o, s->nic);
	else
		put(o, "null");
	put(o, ", \"driver\": ");
	if (s->driver[0])
		put_json_str(o, s->driver);
	else
		put(o, "null");
	put(o, ", \"swap_devices\": [");
	for (i = 0; i < s->ndev; i++) {
		put(o, i ? ", " : "");
		put_json_str(o, s->dev[i]);
	}
	put(o, "], \"netswap\": {");
	for (i = 0; i < s->nattr; i++) {
		put(o, i ? ", " : "");
		put_json_str(o, s->attr[i].name);
		put(o, ": ");
		put_json_value(o, s->attr[i].value);
	}
	put(o, "}}");
}

int nsw_status_json(const struct nsw_session *s, int n,
		    const struct nsw_status_sys *sys, char *buf, size_t len)
{
	struct out o = { buf, len, 0, 0 };
	int i;

	if (len)
		buf[0] = '\0';
	put(&o, "{\"min_free_kbytes\": %llu, \"state_readable\": %s",
	    sys->min_free_kb, sys->have_state ? "true" : "false");
	if (sys->have_state && sys->nswap)
		put(&o, ", \"min_free_kbytes_before\": %llu, \"tool_reserve_kb\": %llu, \"state_differs\": %s",
		    sys->orig_kb, sys->tool_reserve_kb,
		    sys->state_differs ? "true" : "false");
	put(&o, ", \"safe_logout\": ");
	put_json_str(&o, sys->safe_logout ? sys->safe_logout : "unknown");
	put(&o, ",\n \"sessions\": [");
	for (i = 0; i < n; i++) {
		put(&o, i ? ",\n  " : "\n  ");
		put_json_session(&o, &s[i]);
	}
	put(&o, "],\n \"tool_swaps\": [");
	for (i = 0; i < sys->nswap; i++) {
		const struct nsw_status_swap *w = &sys->swap[i];

		put(&o, i ? ",\n  " : "\n  ");
		put(&o, "{\"path\": ");
		put_json_str(&o, w->path);
		put(&o, ", \"major\": %u, \"minor\": %u, \"session\": %d, \"reserve_kb\": %llu, \"active\": %s}",
		    w->major, w->minor, w->session, w->reserve_kb,
		    w->active ? "true" : "false");
	}
	put(&o, "]}\n");
	return done(&o);
}

/* ------------------------------------------------------------- --long */

int nsw_status_long(const struct nsw_session *s, int n,
		    const struct nsw_status_sys *sys, char *buf, size_t len)
{
	struct out o = { buf, len, 0, 0 };
	int i, j;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		put(&o, "host%d session=%d target=%s state=%s", s[i].host,
		    s[i].session, s[i].target, s[i].state);
		if (s[i].nic[0])
			put(&o, " nic=%s driver=%s", s[i].nic, s[i].driver);
		for (j = 0; j < s[i].ndev; j++)
			put(&o, " swap_device=%s", s[i].dev[j]);
		for (j = 0; j < s[i].nattr; j++)
			put(&o, " %s=%s", s[i].attr[j].name, s[i].attr[j].value);
		put(&o, "\n");
	}
	if (!n)
		put(&o, "no iSCSI session driven by iscsi_netswap\n");
	put(&o, "vm.min_free_kbytes=%llu", sys->min_free_kb);
	if (sys->have_state && sys->nswap)
		put(&o, " original=%llu reserves=%llu%s", sys->orig_kb,
		    sys->tool_reserve_kb, sys->state_differs ?
		    " (differs from the state: run swapon/swapoff to repair)" : "");
	put(&o, "\n");
	for (i = 0; i < sys->nswap; i++) {
		const struct nsw_status_swap *w = &sys->swap[i];

		put(&o, "swap %s (%u:%u) host%d session=%d reserve_kb=%llu%s\n",
		    w->path, w->major, w->minor, w->host, w->session,
		    w->reserve_kb, w->active ? "" : " (not active: stale)");
	}
	return done(&o);
}
