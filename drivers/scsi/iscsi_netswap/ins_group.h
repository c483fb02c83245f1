/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - the swap session's reservation groups, on kernels with
 * the mm-patches series (CONFIG_MM_RESERVE, include/linux/mm_reserve.h):
 * the session's sized reserve (ins_reserve.h) is registered with the
 * kernel while it backs swap, and the page allocator keeps that much free
 * for the emergency reserves; on kernels that also account a memalloc
 * socket's emergency receive memory (sk_reserve_register(), found by the
 * Kbuild test INS_HAVE_SK_RESERVE) the receive buffer's part is the
 * socket's own group, and on kernels with reserve scopes
 * (INS_HAVE_RESERVE_SCOPE) a reconnect's emergency allocations are
 * charged to the session's group. Without the series the groups are not
 * there, a reconnect takes from the reserves uncharged, and the admin tool
 * adds the reserve to vm.min_free_kbytes instead (Documentation/reserve.rst).
 */
#ifndef INS_GROUP_H
#define INS_GROUP_H

#include <linux/types.h>
#ifdef CONFIG_MM_RESERVE
#include <linux/mm_reserve.h>
#endif

struct ins_session;
struct sock;

#ifdef CONFIG_MM_RESERVE
#define INS_HAVE_GROUPS	1
int ins_group_module_init(void);
void ins_group_module_exit(void);
void ins_group_init(struct ins_session *sess);
int ins_group_register(struct ins_session *sess, u64 bytes, u64 rx_bytes);
void ins_group_unregister(struct ins_session *sess);
/* bytes; see ins_group_usage() */
struct ins_group_usage {
	unsigned long limit;
	unsigned long used;
	unsigned long hwm;
};

void ins_group_usage(struct ins_session *sess, struct ins_group_usage *u);
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

static inline int ins_group_register(struct ins_session *sess, u64 bytes,
				     u64 rx_bytes)
{
	return 0;
}

static inline void ins_group_unregister(struct ins_session *sess)
{
}
#endif /* CONFIG_MM_RESERVE */

#if defined(CONFIG_MM_RESERVE) && defined(INS_HAVE_SK_RESERVE)
void ins_group_sock_on(struct ins_session *sess, struct sock *sk);
void ins_group_sock_off(struct ins_session *sess, struct sock *sk);
#else
static inline void ins_group_sock_on(struct ins_session *sess,
				     struct sock *sk)
{
}

static inline void ins_group_sock_off(struct ins_session *sess,
				      struct sock *sk)
{
}
#endif

/**
 * struct ins_group_scope - a reconnect attempt's charge on the reserves
 * @res: the kernel's scope, when the session's group pays
 * @in_group: @res is in use
 */
struct ins_group_scope {
#if defined(CONFIG_MM_RESERVE) && defined(INS_HAVE_RESERVE_SCOPE)
	struct mm_reserve_scope res;
	bool in_group;
#endif
};

#if defined(CONFIG_MM_RESERVE) && defined(INS_HAVE_RESERVE_SCOPE)
void ins_group_scope_enter(struct ins_session *sess,
			   struct ins_group_scope *scope);
void ins_group_scope_exit(struct ins_group_scope *scope);
#else
/* the attempt takes from the reserves uncharged (the worker's PF_MEMALLOC) */
static inline void ins_group_scope_enter(struct ins_session *sess,
					 struct ins_group_scope *scope)
{
}

static inline void ins_group_scope_exit(struct ins_group_scope *scope)
{
}
#endif

#endif /* INS_GROUP_H */
