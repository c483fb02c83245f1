/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi-netswap: what `status` shows, as data, and its two renderings:
 * a table for people (one line per session) and JSON for scripts. The
 * tool fills the structures from sysfs and the state (iscsi-netswap.c);
 * nothing here reads a file, so tests/unit/test_nsw_status.c can check
 * both renderings.
 */
#ifndef NSW_STATUS_H
#define NSW_STATUS_H

#include <stddef.h>

#define NSW_STATUS_ATTRS	32
#define NSW_STATUS_DEVS		8

/* One file of /sys/class/scsi_host/hostN/netswap/, as read. */
struct nsw_attr {
	char name[32];
	char value[64];
};

/* One iSCSI session driven by iscsi_netswap. */
struct nsw_session {
	int host;
	int session;
	char target[224];
	char state[24];			/* the iSCSI class's: LOGGED_IN, FAILED */
	char nic[16];			/* "" when not found */
	char driver[32];
	int ndev;			/* its disks and partitions that are swap */
	char dev[NSW_STATUS_DEVS][64];
	int nattr;
	struct nsw_attr attr[NSW_STATUS_ATTRS];
};

/* A swap device the tool's state records (a swapon through the tool). */
struct nsw_status_swap {
	char path[256];
	unsigned int major, minor;
	int host;
	int session;
	unsigned long long reserve_kb;
	int active;			/* still in /proc/swaps */
};

/* Everything else `status` tells. */
struct nsw_status_sys {
	unsigned long long min_free_kb;
	int have_state;			/* the tool's state could be read */
	unsigned long long orig_kb;	/* meaningful when nswap > 0 */
	unsigned long long tool_reserve_kb;
	int state_differs;		/* min_free_kbytes is not what the state says */
	/* off, on-no-daemon, on-stale, in-force, unknown (not root) */
	const char *safe_logout;
	unsigned long long now_s;	/* CLOCK_BOOTTIME seconds */
	int nswap;
	const struct nsw_status_swap *swap;
};

/* The value of a netswap/ file, or NULL when the session has none. */
const char *nsw_attr_get(const struct nsw_session *s, const char *name);
/* 0 and *v set when the file exists and holds a number. */
int nsw_attr_num(const struct nsw_session *s, const char *name,
		 unsigned long long *v);

/* Bytes as people read them, rounded up to kB: "912k", "64M", "20G". */
void nsw_fmt_size(char *buf, size_t len, unsigned long long bytes);
/* A time span in seconds as "42s", "3m12s", "5h03m", "2d04h". */
void nsw_fmt_ago(char *buf, size_t len, unsigned long long secs);

/*
 * The renderings, into @buf: the table (one line per session), --long
 * (every file as name=value) and --json. Return: the length written, or
 * -1 when @buf is too small (the caller sizes it generously).
 */
int nsw_status_table(const struct nsw_session *s, int n,
		     const struct nsw_status_sys *sys, char *buf, size_t len);
int nsw_status_long(const struct nsw_session *s, int n,
		    const struct nsw_status_sys *sys, char *buf, size_t len);
int nsw_status_json(const struct nsw_session *s, int n,
		    const struct nsw_status_sys *sys, char *buf, size_t len);

#endif /* NSW_STATUS_H */
