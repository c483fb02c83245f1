// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - socket callbacks, the receive ring, and the
 * per-connection io_work that runs both state machines.
 *
 * sk_data_ready moves the received bytes out of the socket into the
 * session's preallocated receive ring, in softirq, completes the commands
 * whose responses are there (ins_rx.c) and queues io_work for the rest:
 * every other PDU is parsed, and every write made, in io_work,
 * non-blocking, in a NOIO context. One work item per connection means the
 * transmit machine never runs concurrently with itself.
 *
 * Why a ring: TCP charges queued skbs to the protocol's global memory
 * (tcp_mem). When other sockets hold the hard limit (a flood into sockets
 * that nobody reads, decision D4's competitor), TCP drops every segment
 * for a socket whose receive queue is not empty; only a segment to an
 * empty queue is accepted. Waiting for io_work leaves the queue non-empty
 * for the rest of a NAPI batch, so the swap connection would lose most of
 * its segments to retransmission timeouts. Emptying the queue as each
 * segment is queued keeps it accepted.
 */
#include <linux/jiffies.h>
#include <linux/sched/mm.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_rx.h"
#include "ins_sock.h"
#include "ins_tmf.h"
#include "ins_tx.h"

/* How long one io_work run may keep the CPU before it requeues itself. */
#define INS_IO_BUDGET	msecs_to_jiffies(2)

/* tcp_read_sock() actor: copy as much of @skb as the ring has room for. */
static int ins_rx_ring_actor(read_descriptor_t *desc, struct sk_buff *skb,
			     unsigned int offset, size_t len)
{
	struct ins_conn *conn = desc->arg.data;
	struct ins_rx *rx = &conn->rx;
	u32 head = rx->ring_head;
	u32 room, done;

	ins_swap_rx_skb(conn, skb);
	/* pairs with the release in ins_sock_take(): those bytes are read */
	room = ins_ring_room(head, smp_load_acquire(&rx->ring_tail));
	done = ins_ring_put_skb(conn->sess->rx_ring, head, room, skb, offset,
				min_t(size_t, len, U32_MAX));
	/* the bytes are in place before io_work can see the new head */
	smp_store_release(&rx->ring_head, head + done);
	return done;
}

/*
 * Move what TCP queued into the ring, as far as it fits. Socket locked.
 * Returns the bytes moved.
 */
static u32 ins_rx_ring_fill(struct ins_conn *conn, struct sock *sk)
{
	read_descriptor_t desc = { .arg.data = conn, .count = 1 };
	int n = tcp_read_sock(sk, &desc, ins_rx_ring_actor);

	return n > 0 ? n : 0;
}

/*
 * Refill the ring from io_work: sk_data_ready fills it, this picks up
 * what it left in the socket when the ring was full.
 */
static void ins_rx_ring_pull(struct ins_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	lock_sock(sk);
	ins_rx_ring_fill(conn, sk);
	release_sock(sk);
}

/*
 * Why the ring is empty: -EAGAIN while the connection is open, 0 once the
 * target closed its side, or the socket's error, as a read would say.
 */
static int ins_sock_rx_status(struct ins_conn *conn)
{
	struct sock *sk = conn->sock->sk;
	int err = READ_ONCE(sk->sk_err);

	if (err)
		return -err;
	if ((READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) ||
	    READ_ONCE(sk->sk_state) == TCP_CLOSE)
		return 0;
	return -EAGAIN;
}

/* Bytes in the receive ring, consumer side. */
static u32 ins_sock_rx_avail(struct ins_conn *conn)
{
	struct ins_rx *rx = &conn->rx;

	/* pairs with the release in ins_rx_ring_actor(): bytes are there */
	return ins_ring_used(smp_load_acquire(&rx->ring_head), rx->ring_tail);
}

/**
 * ins_sock_take - the consumer end of the receive ring
 * @conn: connection with a socket
 * @buf: where the bytes go
 * @len: at most this many
 *
 * In sk_data_ready (@conn->rx.atomic) only the ring is read: the socket
 * has just been emptied into it. From io_work an empty ring is refilled
 * from the socket first, and bytes that came with a FIN or an error are
 * taken before the close is reported.
 *
 * Return: bytes taken, or with none: -EAGAIN while the connection is open
 * (always, in sk_data_ready), 0 once the target closed it, or -errno.
 */
int ins_sock_take(struct ins_conn *conn, void *buf, u32 len)
{
	struct ins_rx *rx = &conn->rx;
	u32 tail = rx->ring_tail;
	u32 avail = ins_sock_rx_avail(conn);
	int st;

	if (!avail) {
		if (rx->atomic)
			return -EAGAIN;
		ins_rx_ring_pull(conn);
		avail = ins_sock_rx_avail(conn);
	}
	if (!avail) {
		st = ins_sock_rx_status(conn);
		avail = ins_sock_rx_avail(conn);
		if (!avail)
			return st;
	}
	len = min(len, avail);
	ins_ring_get(conn->sess->rx_ring, tail, buf, len);
	/* the bytes are copied out before the producer may reuse them */
	smp_store_release(&rx->ring_tail, tail + len);
	return len;
}

/*
 * Called with the socket locked, in softirq or in the owner's
 * release_sock() as it runs the backlog. The responses in the ring are
 * completed here (ins_rx_run_atomic()); io_work is woken only for what
 * they leave. sk_callback_lock is held throughout, so a stop, which
 * restores the callbacks first, waits for this to be done with the
 * connection's receive state.
 */
static void ins_sk_data_ready(struct sock *sk)
{
	struct ins_conn *conn;
	bool work;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn) {
		ins_rx_ring_fill(conn, sk);
		/* a parse stopped on its budget leaves bytes for io_work */
		do {
			work = ins_rx_run_atomic(conn) ||
			       ins_sock_rx_avail(conn);
		} while (!work && ins_rx_ring_fill(conn, sk));
		/* the ring was too full to take everything */
		if (work || !skb_queue_empty(&sk->sk_receive_queue))
			ins_queue_io(conn);
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
			ins_queue_io(conn);
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
			ins_queue_io(conn);
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
	enum ins_state st = READ_ONCE(conn->sess->state);

	return conn->sock && (st == INS_ST_LOGIN || ins_state_ffp(st));
}

/**
 * ins_io_work - receive and transmit until both would block
 * @work: ins_conn.io_work
 *
 * Runs under memalloc_noio_save() so that nothing it allocates can wait
 * for I/O, which may be the very swap-out waiting on this connection;
 * and under memalloc_noreclaim_save() too while the session may use the
 * reserves (ins_swap_io_begin()). Errors end the connection through
 * ins_state_fail().
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
			ins_state_fail(conn, -rx);
			break;
		}
		tx = ins_tx_run(conn);
		if (tx < 0) {
			ins_state_fail(conn, -tx);
			break;
		}
		sent += tx;
		if (!rx && !tx)
			break;
		if (time_after(jiffies, deadline)) {
			ins_queue_io(conn);
			break;
		}
	}
	ins_swap_io_end(conn, &ctx, sent);
}

/**
 * ins_sock_prepare - what every socket of ours is set to
 * @sock: iscsid's socket at bind, or one a recovery created
 *
 * Socket allocations happen while a swap-out may be waiting on us: never
 * recurse into I/O. Page frags from the task would be taken in whatever
 * context io_work runs, so use the socket's own. Sends time out after
 * 15 s; receives never block (tcp_read_sock()). A recovery sets its own
 * timeouts for its blocking login and calls this again once it is done.
 */
void ins_sock_prepare(struct socket *sock)
{
	struct sock *sk = sock->sk;

	sk->sk_reuse = SK_CAN_REUSE;
	sk->sk_allocation = GFP_NOIO | __GFP_NOWARN;
	sk->sk_use_task_frag = false;
	sk->sk_sndtimeo = 15 * HZ;
	sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	sock_no_linger(sk);
	tcp_sock_set_nodelay(sk);
}

/**
 * ins_sock_flush - forget every queued or half-done PDU
 * @conn: connection whose io_work is not running (bind, quiesce)
 *
 * A half-sent or half-received PDU lets go of its command; the commands
 * themselves stay outstanding.
 */
void ins_sock_flush(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_cmd *cmd, *tmp, *tx_done = NULL, *rx_done = NULL;
	int i;

	spin_lock_bh(&sess->lock);
	if (conn->tx.cmd && ins_cmd_unhold(conn->tx.cmd, INS_CMD_HOLD_TX))
		tx_done = conn->tx.cmd;
	if (conn->rx.cmd && ins_cmd_unhold(conn->rx.cmd, INS_CMD_HOLD_RX))
		rx_done = conn->rx.cmd;
	list_for_each_entry_safe(cmd, tmp, &conn->cmd_q, tx_entry)
		list_del_init(&cmd->tx_entry);
	INIT_LIST_HEAD(&conn->mgmt_q);
	for (i = 0; i < INS_MGMT_NR; i++) {
		INIT_LIST_HEAD(&sess->mgmt[i].entry);
		sess->mgmt[i].queued = false;
		sess->mgmt[i].busy = false;
	}
	ins_tx_reset(conn);
	ins_rx_reset(conn);
	spin_unlock(&sess->lock);
	ins_cmd_deliver(tx_done ? ins_sc(tx_done) : NULL);
	ins_cmd_deliver(rx_done ? ins_sc(rx_done) : NULL);
	local_bh_enable();
}

/*
 * Detach from the socket and give it back to iscsid's file, or release
 * it if a recovery created it.
 */
static void ins_sock_release(struct ins_conn *conn)
{
	struct socket *sock = conn->sock;
	bool kernel;

	if (!sock)
		return;

	/* start the shutdown now even if iscsid is slow to close the fd */
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_hold(sock->sk);
	ins_sock_restore_callbacks(conn);
	sock_put(sock->sk);

	cancel_work_sync(&conn->io_work);
	cancel_delayed_work_sync(&conn->ka_work);

	mutex_lock(&conn->sess->ctl_mutex);
	ins_swap_set_memalloc(conn, false);
	conn->sock = NULL;
	kernel = conn->sock_kernel;
	conn->sock_kernel = false;
	mutex_unlock(&conn->sess->ctl_mutex);
	if (kernel)
		sock_release(sock);
	else
		sockfd_put(sock);
}

/**
 * ins_sock_quiesce - stop both sides of a connection, forget its PDUs
 * @conn: connection
 *
 * The socket is detached (given back to iscsid's file, or released if a
 * recovery made it), io_work and the pings are stopped, every queued or
 * half-done PDU is dropped with the holds it had on commands, and a
 * waiting task management request fails. The commands stay outstanding:
 * stop and destroy fail them next, a recovery sends them again.
 */
void ins_sock_quiesce(struct ins_conn *conn)
{
	ins_sock_release(conn);
	ins_sock_flush(conn);
	ins_tmf_fail(conn->sess);
}
