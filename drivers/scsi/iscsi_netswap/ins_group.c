// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the swap session's reservation group (ins_group.h).
 *
 * Every swap session has a group "sessionN" (N: the iSCSI session id)
 * under the module's group "iscsi_netswap", which hangs under the
 * kernel's root. The session's group is sized to the session's reserve
 * and connected while the session backs swap, so that the emergency
 * watermark grows at swapon and shrinks back at swapoff; what the
 * network layer charges to it shows as its use and high-water mark.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_reserve.h>
#include <net/sock.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_group.h"

static struct mm_reserve ins_group_top;

int ins_group_module_init(void)
{
	mm_reserve_init(&ins_group_top, INS_NAME);
	return mm_reserve_connect(&ins_group_top, &mm_reserve_root);
}

void ins_group_module_exit(void)
{
	mm_reserve_disconnect(&ins_group_top);
}

/* At session creation: an empty group, not connected. */
void ins_group_init(struct ins_session *sess)
{
	mm_reserve_init(&sess->swap.group, sess->swap.group_name);
}

/**
 * ins_group_register - register the session's reserve with the kernel
 * @sess: a session that now backs swap; ctl_mutex held
 * @bytes: its reserve (ins_reserve_size())
 * @rx_bytes: the receive buffer's part of it
 *
 * Sizes the group and connects it if it is not yet; a second call
 * resizes. Where the kernel accounts the socket's emergency receive
 * memory, @rx_bytes goes to the socket's own group (ins_group_sock_on())
 * and the session's group keeps the rest. Return: 0, or -ENOMEM when the
 * kernel refuses the size (the reserves would pass a quarter of RAM): the
 * session must not back swap.
 */
int ins_group_register(struct ins_session *sess, u64 bytes, u64 rx_bytes)
{
	struct ins_swap *sw = &sess->swap;
	int err;

	lockdep_assert_held(&sess->ctl_mutex);
#ifdef INS_HAVE_SK_RESERVE
	sw->rx_bytes = min(rx_bytes, bytes);
	bytes -= sw->rx_bytes;
#endif
	err = mm_reserve_set_pages(&sw->group, DIV_ROUND_UP_ULL(bytes,
								PAGE_SIZE));
	/* connected: a second call only resizes */
	if (err || sw->group.parent)
		return err;
	/* the class numbers the session only once it is added */
	snprintf(sw->group_name, sizeof(sw->group_name), "session%u",
		 sess->cls->sid);
	err = mm_reserve_connect(&sw->group, &ins_group_top);
	if (err)
		mm_reserve_set_pages(&sw->group, 0);
	return err;
}

/* The session no longer backs swap (or goes away); ctl_mutex held. */
void ins_group_unregister(struct ins_session *sess)
{
	struct ins_swap *sw = &sess->swap;

	lockdep_assert_held(&sess->ctl_mutex);
	if (!sw->group.parent)
		return;
	mm_reserve_disconnect(&sw->group);
	mm_reserve_set_pages(&sw->group, 0);
}

/**
 * ins_group_usage - what the kernel holds for the session, for sysfs
 * @sess: session
 * @u: the session's group plus its live socket's
 *
 * The receive path charges the socket's group, the reconnects' scopes the
 * session's (ins_group_scope_enter()). The socket's high-water mark is
 * kept across the sockets a session has had (ins_group_sock_off()): a
 * reconnect gives the session a new socket and a new group.
 */
void ins_group_usage(struct ins_session *sess, struct ins_group_usage *u)
{
	struct ins_swap *sw = &sess->swap;
	unsigned long sock_hwm = 0;
#ifdef INS_HAVE_SK_RESERVE
	struct ins_conn *conn = ins_swap_get_conn(sess);
	struct mm_reserve *g = NULL;
#endif

	mutex_lock(&sess->ctl_mutex);
	u->limit = mm_reserve_limit(&sw->group);
	u->used = mm_reserve_used(&sw->group);
	u->hwm = mm_reserve_hwm(&sw->group);
#ifdef INS_HAVE_SK_RESERVE
	if (conn && conn->sock)
		g = sk_reserve_group(conn->sock->sk);
	if (g) {
		u->limit += mm_reserve_limit(g);
		u->used += mm_reserve_used(g);
		sock_hwm = mm_reserve_hwm(g);
	}
	sock_hwm = max(sock_hwm, (unsigned long)atomic_long_read(&sw->sock_hwm));
#endif
	u->hwm += sock_hwm;
	mutex_unlock(&sess->ctl_mutex);
#ifdef INS_HAVE_SK_RESERVE
	if (conn)
		iscsi_put_conn(conn->cls_conn);
#endif
}

#ifdef INS_HAVE_SK_RESERVE
/**
 * ins_group_sock_on - account the socket's emergency receive memory
 * @sess: session
 * @sk: its socket, just given SOCK_MEMALLOC
 *
 * While the session's group is registered, the socket gets a group of
 * the receive buffer's part of the reserve: the pfmemalloc skbs it holds
 * are charged to it and dropped past it (TcpExt PFMemallocReserveDrop),
 * and the kernel keeps that much free. A second call resizes; a call once
 * the session's group is gone (an unmark that leaves the socket
 * SOCK_MEMALLOC, memalloc=always) gives the socket's group back.
 */
void ins_group_sock_on(struct ins_session *sess, struct sock *sk)
{
	struct ins_swap *sw = &sess->swap;
	int err;

	if (!READ_ONCE(sw->group.parent) || !sw->rx_bytes) {
		ins_group_sock_off(sess, sk);
		return;
	}
	err = sk_reserve_register(sk, sw->rx_bytes);
	if (err)
		shost_printk(KERN_WARNING, sess->shost,
			     "cannot register the socket's receive reserve of %llu bytes (%d): its emergency receive memory is not accounted\n",
			     sw->rx_bytes, err);
}

/* Before the socket loses SOCK_MEMALLOC or is released; it sleeps. */
void ins_group_sock_off(struct ins_session *sess, struct sock *sk)
{
	struct mm_reserve *g = sk_reserve_group(sk);
	atomic_long_t *keep = &sess->swap.sock_hwm;
	long hwm, cur;

	if (!g)
		return;
	/* the session's high-water mark outlives its sockets */
	hwm = mm_reserve_hwm(g);
	cur = atomic_long_read(keep);
	while (hwm > cur && !atomic_long_try_cmpxchg(keep, &cur, hwm))
		;
	sk_reserve_unregister(sk);
}
#endif /* INS_HAVE_SK_RESERVE */

#ifdef INS_HAVE_RESERVE_SCOPE
/**
 * ins_group_scope_enter - charge a reconnect attempt to the session's group
 * @sess: session under recovery
 * @scope: on the recovery worker's stack
 *
 * The worker already has PF_MEMALLOC. While the session backs swap, each
 * page the attempt can get only from the emergency reserves (the socket,
 * the route, the SYN, the login skbs, all allocated by the network stack)
 * is first charged to the session's group, and refused past the group's
 * limit: the attempt then fails and is retried after its backoff. The
 * exit gives the charge back; the group's high-water mark keeps the most
 * one attempt took. A session that does not back swap has no group: its
 * attempt takes from the reserves uncharged, as on a kernel without them.
 * A swapoff meanwhile empties the group: the rest of the attempt goes
 * without the reserves.
 */
void ins_group_scope_enter(struct ins_session *sess,
			   struct ins_group_scope *scope)
{
	struct ins_swap *sw = &sess->swap;

	scope->in_group = !!READ_ONCE(sw->group.parent);
	if (scope->in_group)
		mm_reserve_scope_enter(&scope->res, &sw->group);
}

void ins_group_scope_exit(struct ins_group_scope *scope)
{
	if (scope->in_group)
		mm_reserve_scope_exit(&scope->res);
}
#endif /* INS_HAVE_RESERVE_SCOPE */
