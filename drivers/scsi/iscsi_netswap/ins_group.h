/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - the swap session's reservation group, on kernels with
 * the mm-patches series (CONFIG_MM_RESERVE, include/linux/mm_reserve.h):
 * the session's sized reserve (ins_reserve.h) is registered with the
 * kernel while it backs swap, and the page allocator keeps that much free
 * for the emergency reserves. Without the series every call is a no-op
 * and the admin tool adds the reserve to vm.min_free_kbytes instead
 * (Documentation/reserve.rst).
 */
#ifndef INS_GROUP_H
#define INS_GROUP_H

#include <linux/types.h>

struct ins_session;

#ifdef CONFIG_MM_RESERVE
#define INS_HAVE_GROUPS	1
int ins_group_module_init(void);
void ins_group_module_exit(void);
void ins_group_init(struct ins_session *sess);
int ins_group_register(struct ins_session *sess, u64 bytes);
void ins_group_unregister(struct ins_session *sess);
#else
#define INS_HAVE_GROUPS	0
static inline int ins_group_module_init(void)
{
	return 0;
}

static inline void ins_group_module_exit(void)
{
}

static inline void ins_group_init(struct ins_session *sess)
{
}

static inline int ins_group_register(struct ins_session *sess, u64 bytes)
{
	return 0;
}

static inline void ins_group_unregister(struct ins_session *sess)
{
}
#endif /* CONFIG_MM_RESERVE */

#endif /* INS_GROUP_H */
