/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi-netswap: the pure part of the admin tool. The state kept under
 * /run/iscsi-netswap/ (which devices the tool made swap, on which session,
 * with which reserve, and what vm.min_free_kbytes was before), its text
 * form, and the arithmetic that derives vm.min_free_kbytes from it. No
 * I/O here: tests/unit/test_nsw_state.c tests it in userspace.
 */
#ifndef NSW_STATE_H
#define NSW_STATE_H

#include <stddef.h>

#define NSW_MAX_ENTRIES		64
#define NSW_PATH_MAX		256
#define NSW_STATE_VERSION	1

/* One block device made swap through the tool. */
struct nsw_entry {
	unsigned int major;
	unsigned int minor;
	int host;			/* SCSI host number: one session */
	int session;			/* iSCSI session number */
	unsigned long long reserve_kb;	/* the session's reserve, rounded up */
	char path[NSW_PATH_MAX];	/* what swapon(2) was given */
};

struct nsw_state {
	/* vm.min_free_kbytes before the first swapon through the tool */
	unsigned long long orig_kb;
	/* the value the tool set (or, when pending, is about to set) */
	unsigned long long set_kb;
	/* written before vm.min_free_kbytes: set_kb may not be in force */
	int pending;
	int n;
	struct nsw_entry e[NSW_MAX_ENTRIES];
};

/* Bytes to kilobytes, rounded up: a reserve is never made smaller. */
unsigned long long nsw_bytes_to_kb(unsigned long long bytes);

void nsw_state_init(struct nsw_state *st, unsigned long long cur_kb);
int nsw_state_parse(const char *text, struct nsw_state *st);
int nsw_state_format(const struct nsw_state *st, char *buf, size_t len);

int nsw_find(const struct nsw_state *st, unsigned int major,
	     unsigned int minor);
int nsw_add(struct nsw_state *st, const struct nsw_entry *e);
int nsw_remove(struct nsw_state *st, unsigned int major, unsigned int minor);
int nsw_host_in_use(const struct nsw_state *st, int host);

unsigned long long nsw_reserve_sum(const struct nsw_state *st);
unsigned long long nsw_target_kb(const struct nsw_state *st);
void nsw_sync_current(struct nsw_state *st, unsigned long long cur_kb);

#endif /* NSW_STATE_H */
