/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi-netswap: the small system helpers the tool's commands share
 * (iscsi-netswap.c defines them; nsw_logout.c uses them too).
 */
#ifndef NSW_SYS_H
#define NSW_SYS_H

#include <stddef.h>

#define ISCSI_SESSIONS	"/sys/class/iscsi_session"

/* "iscsi-netswap: " and the message on stderr. */
void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A small file's text; return its length or -errno. */
int read_text(const char *path, char *buf, size_t len);
/* Write @text to an existing file (sysfs, procfs); 0 or -errno. */
int write_text(const char *path, const char *text);
/* The number after @prefix in a path component ("host3" -> 3), or -1. */
int component_num(const char *comp, const char *prefix);
/* The device number of a block device's sysfs directory; 0 or -1. */
int blockdir_dev(const char *dir, unsigned int *maj, unsigned int *min);
/* Is the block device @maj:@min an active swap area? */
int in_proc_swaps(unsigned int maj, unsigned int min);
/* The iSCSI session number behind a disk or partition, or -1 (told why). */
int session_of_device(const char *path);

/* nsw_logout.c */
int cmd_safe_logout(const char *what);
int cmd_logout(const char *what, int force);
/* Tell on stderr when iscsid would log a swap session out. */
void warn_unsafe_logout(void);
/* One line for `status`; return 1 when the refusal is in force. */
int print_safe_logout(void);
/* The same as a token for `status --json`: off, on-no-daemon, on-stale,
 * in-force, or unknown (iscsid.conf unreadable). */
const char *safe_logout_name(void);

#endif /* NSW_SYS_H */
