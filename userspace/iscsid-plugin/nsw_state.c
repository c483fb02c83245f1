// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi-netswap: state file and vm.min_free_kbytes arithmetic (no I/O).
 *
 * The state file is text, one item a line:
 *
 *   version 1
 *   orig_min_free_kbytes 1793
 *   set_min_free_kbytes 15128
 *   pending 0
 *   swap 8:1 host=2 session=1 reserve_kb=13335 path=/dev/sda1
 *
 * vm.min_free_kbytes = orig + the sum of the reserves of the sessions
 * that back swap through the tool, each session counted once however
 * many of its devices are swap.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsw_state.h"

unsigned long long nsw_bytes_to_kb(unsigned long long bytes)
{
	return bytes / 1024 + (bytes % 1024 != 0);
}

void nsw_state_init(struct nsw_state *st, unsigned long long cur_kb)
{
	memset(st, 0, sizeof(*st));
	st->orig_kb = cur_kb;
	st->set_kb = cur_kb;
}

static int nsw_parse_ull(const char *s, unsigned long long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

static int nsw_parse_int(const char *s, int *out)
{
	unsigned long long v;

	if (nsw_parse_ull(s, &v) || v > 0x7fffffff)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* "MAJ:MIN host=H session=S reserve_kb=K path=PATH" */
static int nsw_parse_entry(char *s, struct nsw_entry *e)
{
	unsigned long long v;
	char *tok, *next;
	int have = 0;

	memset(e, 0, sizeof(*e));
	if (sscanf(s, "%u:%u", &e->major, &e->minor) != 2)
		return -EINVAL;
	tok = strchr(s, ' ');
	while (tok) {
		while (*tok == ' ')
			tok++;
		if (!*tok)
			break;
		if (!strncmp(tok, "path=", 5)) {
			/* the rest of the line */
			if (strlen(tok + 5) == 0 ||
			    strlen(tok + 5) >= sizeof(e->path))
				return -EINVAL;
			strcpy(e->path, tok + 5);
			have |= 8;
			break;
		}
		next = strchr(tok, ' ');
		if (next)
			*next++ = '\0';
		if (!strncmp(tok, "host=", 5)) {
			if (nsw_parse_int(tok + 5, &e->host))
				return -EINVAL;
			have |= 1;
		} else if (!strncmp(tok, "session=", 8)) {
			if (nsw_parse_int(tok + 8, &e->session))
				return -EINVAL;
			have |= 2;
		} else if (!strncmp(tok, "reserve_kb=", 11)) {
			if (nsw_parse_ull(tok + 11, &v))
				return -EINVAL;
			e->reserve_kb = v;
			have |= 4;
		} else {
			return -EINVAL;
		}
		tok = next;
	}
	return have == 15 ? 0 : -EINVAL;
}

/**
 * nsw_state_parse - read a state file's text
 * @text: NUL-terminated contents
 * @st: filled on success
 *
 * Return: 0, or -EINVAL for anything not written by nsw_state_format()
 * of this version (the caller refuses to guess).
 */
int nsw_state_parse(const char *text, struct nsw_state *st)
{
	char line[NSW_PATH_MAX + 128];
	const char *p = text;
	int have_version = 0, have_orig = 0, have_set = 0;
	struct nsw_entry e;
	unsigned long long v;

	memset(st, 0, sizeof(*st));
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *val;

		if (len >= sizeof(line))
			return -EINVAL;
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl ? 1 : 0);
		if (!len || line[0] == '#')
			continue;
		val = strchr(line, ' ');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(line, "version")) {
			if (nsw_parse_ull(val, &v) || v != NSW_STATE_VERSION)
				return -EINVAL;
			have_version = 1;
		} else if (!strcmp(line, "orig_min_free_kbytes")) {
			if (nsw_parse_ull(val, &st->orig_kb))
				return -EINVAL;
			have_orig = 1;
		} else if (!strcmp(line, "set_min_free_kbytes")) {
			if (nsw_parse_ull(val, &st->set_kb))
				return -EINVAL;
			have_set = 1;
		} else if (!strcmp(line, "pending")) {
			if (nsw_parse_ull(val, &v) || v > 1)
				return -EINVAL;
			st->pending = (int)v;
		} else if (!strcmp(line, "swap")) {
			if (nsw_parse_entry(val, &e) || nsw_add(st, &e))
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	return have_version && have_orig && have_set ? 0 : -EINVAL;
}

/* Return: bytes written (without the NUL), or -ENOSPC. */
int nsw_state_format(const struct nsw_state *st, char *buf, size_t len)
{
	size_t off = 0;
	int i, n;

	n = snprintf(buf, len,
		     "# written by iscsi-netswap; do not edit\n"
		     "version %d\norig_min_free_kbytes %llu\n"
		     "set_min_free_kbytes %llu\npending %d\n",
		     NSW_STATE_VERSION, st->orig_kb, st->set_kb, st->pending);
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	off = n;
	for (i = 0; i < st->n; i++) {
		const struct nsw_entry *e = &st->e[i];

		n = snprintf(buf + off, len - off,
			     "swap %u:%u host=%d session=%d reserve_kb=%llu path=%s\n",
			     e->major, e->minor, e->host, e->session,
			     e->reserve_kb, e->path);
		if (n < 0 || (size_t)n >= len - off)
			return -ENOSPC;
		off += n;
	}
	return (int)off;
}

int nsw_find(const struct nsw_state *st, unsigned int major,
	     unsigned int minor)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (st->e[i].major == major && st->e[i].minor == minor)
			return i;
	return -1;
}

/* Return: 0, -EEXIST for a device already listed, -ENOSPC when full. */
int nsw_add(struct nsw_state *st, const struct nsw_entry *e)
{
	if (nsw_find(st, e->major, e->minor) >= 0)
		return -EEXIST;
	if (st->n >= NSW_MAX_ENTRIES)
		return -ENOSPC;
	st->e[st->n++] = *e;
	return 0;
}

int nsw_remove(struct nsw_state *st, unsigned int major, unsigned int minor)
{
	int i = nsw_find(st, major, minor);

	if (i < 0)
		return -ENOENT;
	memmove(&st->e[i], &st->e[i + 1], (st->n - i - 1) * sizeof(st->e[0]));
	st->n--;
	return 0;
}

int nsw_host_in_use(const struct nsw_state *st, int host)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (st->e[i].host == host)
			return 1;
	return 0;
}

/* Each session once, with the largest reserve any of its devices saw. */
unsigned long long nsw_reserve_sum(const struct nsw_state *st)
{
	unsigned long long sum = 0, best;
	int i, j, seen;

	for (i = 0; i < st->n; i++) {
		seen = 0;
		for (j = 0; j < i; j++)
			if (st->e[j].host == st->e[i].host)
				seen = 1;
		if (seen)
			continue;
		best = st->e[i].reserve_kb;
		for (j = i + 1; j < st->n; j++)
			if (st->e[j].host == st->e[i].host &&
			    st->e[j].reserve_kb > best)
				best = st->e[j].reserve_kb;
		sum += best;
	}
	return sum;
}

/* What vm.min_free_kbytes must be: the original once nothing is swap. */
unsigned long long nsw_target_kb(const struct nsw_state *st)
{
	return st->n ? st->orig_kb + nsw_reserve_sum(st) : st->orig_kb;
}

/**
 * nsw_sync_current - account for the value vm.min_free_kbytes has now
 * @st: loaded state (or a fresh one)
 * @cur_kb: vm.min_free_kbytes as read
 *
 * With no entries the current value is the original. A run that died
 * between writing the state and the sysctl left @pending: the value is
 * ours either way. Otherwise a value that differs from the one set means
 * the admin changed it: the original moves by the same amount, so that
 * our reserve stays on top of the admin's choice and is taken off exactly
 * at the last swapoff.
 */
void nsw_sync_current(struct nsw_state *st, unsigned long long cur_kb)
{
	if (!st->n) {
		st->orig_kb = cur_kb;
		st->set_kb = cur_kb;
		st->pending = 0;
		return;
	}
	if (st->pending)
		return;
	if (cur_kb != st->set_kb) {
		if (cur_kb > st->set_kb)
			st->orig_kb += cur_kb - st->set_kb;
		else if (st->set_kb - cur_kb <= st->orig_kb)
			st->orig_kb -= st->set_kb - cur_kb;
		else
			st->orig_kb = 0;
		st->set_kb = cur_kb;
	}
}
