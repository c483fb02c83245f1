// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi-netswap: iscsid.safe_logout in the text of iscsid.conf (see
 * nsw_conf.h). The file is taken line by line; a line is iscsid's setting
 * when it reads it so: the key appears with no '#' before it, then '=',
 * then a value; the first such line wins.
 */
#include <string.h>

#include "nsw_conf.h"

struct nsw_out {
	char *buf;
	size_t len, used;
	int overflow;
};

static void out_put(struct nsw_out *o, const char *s, size_t n)
{
	if (o->overflow || o->used + n + 1 > o->len) {
		o->overflow = 1;
		return;
	}
	memcpy(o->buf + o->used, s, n);
	o->used += n;
	o->buf[o->used] = '\0';
}

static void out_str(struct nsw_out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

/* Length of the line at @p, its newline included. */
static size_t line_len(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? (size_t)(nl - p) + 1 : strlen(p);
}

/*
 * Is the line at @p (@n bytes) an active iscsid.safe_logout setting?
 * *@yes tells whether its value is exactly "Yes", as iscsid compares it.
 */
static int setting_line(const char *p, size_t n, int *yes)
{
	const size_t klen = strlen(NSW_SAFE_LOGOUT_KEY);
	const char *key = NULL, *eq, *v, *end = p + n;
	size_t i;

	for (i = 0; i + klen <= n; i++) {
		if (p[i] == '#')
			return 0;
		if (!memcmp(p + i, NSW_SAFE_LOGOUT_KEY, klen)) {
			key = p + i;
			break;
		}
	}
	if (!key)
		return 0;
	eq = memchr(key, '=', (size_t)(end - key));
	if (!eq)
		return 0;
	v = eq + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\n' || end[-1] == '\r' ||
			   end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == v)
		return 0;	/* iscsid skips a line with no value */
	*yes = end - v == 3 && !memcmp(v, "Yes", 3);
	return 1;
}

static int starts_with(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && !memcmp(p, prefix, k);
}

int nsw_safe_logout_enabled(const char *text)
{
	const char *p;
	int yes;

	for (p = text; *p; p += line_len(p))
		if (setting_line(p, line_len(p), &yes))
			return yes;
	return 0;
}

int nsw_safe_logout_on(const char *text, char *out, size_t len)
{
	struct nsw_out o = { out, len, 0, 0 };
	const char *p;
	int done = 0, yes;

	/* even an empty result needs its terminating NUL */
	if (len)
		out[0] = '\0';
	else
		o.overflow = 1;
	if (nsw_safe_logout_enabled(text)) {
		out_str(&o, text);
		return o.overflow ? -1 : 1;
	}
	for (p = text; *p; p += line_len(p)) {
		size_t n = line_len(p);

		if (!done && setting_line(p, n, &yes)) {
			/* the first setting is the one iscsid reads */
			out_str(&o, NSW_MARK_WAS);
			out_put(&o, p, n);
			if (p[n - 1] != '\n')
				out_str(&o, "\n");
			out_str(&o, NSW_SAFE_LOGOUT_LINE "\n");
			done = 1;
			continue;
		}
		out_put(&o, p, n);
	}
	if (!done) {
		if (o.used && out[o.used - 1] != '\n')
			out_str(&o, "\n");
		out_str(&o, NSW_MARK_ADDED "\n" NSW_SAFE_LOGOUT_LINE "\n");
	}
	return o.overflow ? -1 : 0;
}

int nsw_safe_logout_off(const char *text, char *out, size_t len)
{
	struct nsw_out o = { out, len, 0, 0 };
	const char *p;
	int changed = 0;

	/* even an empty result needs its terminating NUL */
	if (len)
		out[0] = '\0';
	else
		o.overflow = 1;
	for (p = text; *p; p += line_len(p)) {
		size_t n = line_len(p), next;
		int yes = 0;

		if (!starts_with(p, n, NSW_MARK_ADDED) &&
		    !starts_with(p, n, NSW_MARK_WAS)) {
			out_put(&o, p, n);
			continue;
		}
		/* ours only if our line still follows it */
		next = line_len(p + n);
		if (!next || !setting_line(p + n, next, &yes) || !yes) {
			out_put(&o, p, n);
			continue;
		}
		if (starts_with(p, n, NSW_MARK_WAS)) {
			size_t k = strlen(NSW_MARK_WAS);

			out_put(&o, p + k, n - k);
		}
		/* the loop's step goes over our setting line */
		p += n;
		changed = 1;
	}
	if (o.overflow)
		return -1;
	return changed ? 0 : 1;
}
