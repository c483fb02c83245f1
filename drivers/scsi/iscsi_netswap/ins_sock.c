// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - socket callbacks and the per-connection io_work that
 * runs both state machines.
 *
 * Softirq callbacks only queue io_work; all reads and writes happen there,
 * non-blocking, in a NOIO context. One work item per connection means the
 * receive and transmit machines never run concurrently with each other.
 */
#include <linux/jiffies.h>
#include <linux/sched/mm.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"

/* How long one io_work run may keep the CPU before it requeues itself. */
#define INS_IO_BUDGET	msecs_to_jiffies(2)

static void ins_sk_data_ready(struct sock *sk)
{
	struct ins_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn) {
		ins_swap_rx_ready(conn, sk);
		ins_conn_queue_io(conn);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ins_sk_write_space(struct sock *sk)
{
	void (*old)(struct sock *sk) = NULL;
	struct ins_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn) {
		old = conn->old_write_space;
		if (sk_stream_is_writeable(sk)) {
			clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
			ins_conn_queue_io(conn);
		}
	}
	read_unlock_bh(&sk->sk_callback_lock);
	if (old)
		old(sk);
}

static void ins_sk_state_change(struct sock *sk)
{
	void (*old)(struct sock *sk) = NULL;
	struct ins_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn) {
		old = conn->old_state_change;
		/* the receive side sees EOF or the error and reports it */
		switch (sk->sk_state) {
		case TCP_CLOSE:
		case TCP_CLOSE_WAIT:
		case TCP_FIN_WAIT1:
		case TCP_FIN_WAIT2:
		case TCP_LAST_ACK:
			ins_conn_queue_io(conn);
			break;
		default:
			break;
		}
	}
	read_unlock_bh(&sk->sk_callback_lock);
	if (old)
		old(sk);
}

void ins_sock_set_callbacks(struct ins_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = conn;
	conn->old_data_ready = sk->sk_data_ready;
	conn->old_state_change = sk->sk_state_change;
	conn->old_write_space = sk->sk_write_space;
	sk->sk_data_ready = ins_sk_data_ready;
	sk->sk_state_change = ins_sk_state_change;
	sk->sk_write_space = ins_sk_write_space;
	write_unlock_bh(&sk->sk_callback_lock);
}

void ins_sock_restore_callbacks(struct ins_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data == conn) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = conn->old_data_ready;
		sk->sk_state_change = conn->old_state_change;
		sk->sk_write_space = conn->old_write_space;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

static bool ins_conn_io_allowed(struct ins_conn *conn)
{
	enum ins_conn_state st = READ_ONCE(conn->state);

	return conn->sock && (st == INS_CONN_BOUND || st == INS_CONN_FFP);
}

/**
 * ins_io_work - receive and transmit until both would block
 * @work: ins_conn.io_work
 *
 * Runs under memalloc_noio_save() so that nothing it allocates can wait
 * for I/O, which may be the very swap-out waiting on this connection;
 * and under memalloc_noreclaim_save() too while the session may use the
 * reserves (ins_swap_io_begin()). Errors end the connection through
 * ins_conn_failure().
 */
void ins_io_work(struct work_struct *work)
{
	struct ins_conn *conn = container_of(work, struct ins_conn, io_work);
	unsigned long deadline = jiffies + INS_IO_BUDGET;
	struct ins_io_ctx ctx;
	u64 sent = 0;
	int rx, tx;

	ins_swap_io_begin(conn, &ctx);
	for (;;) {
		if (!ins_conn_io_allowed(conn))
			break;
		rx = ins_rx_run(conn);
		if (rx < 0) {
			ins_conn_failure(conn, -rx);
			break;
		}
		tx = ins_tx_run(conn);
		if (tx < 0) {
			ins_conn_failure(conn, -tx);
			break;
		}
		sent += tx;
		if (!rx && !tx)
			break;
		if (time_after(jiffies, deadline)) {
			ins_conn_queue_io(conn);
			break;
		}
	}
	ins_swap_io_end(conn, &ctx, sent);
}
