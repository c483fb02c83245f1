// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the connection state machine.
 *
 * A session has one connection and one state, sess->state, written only
 * here, under the session lock. Who moves it:
 *
 *   NEW -> LOGIN           bind_conn
 *   LOGIN -> LIVE          start_conn (after iscsid's login)
 *   LIVE -> LOGOUT         iscsid sends a Logout
 *   LOGIN|LIVE|LOGOUT -> FAILED   a failure (ins_state_fail())
 *   FAILED -> RECOVERING   a swap session that was LIVE recovers in the
 *                          kernel; any other failure is reported to
 *                          iscsid (both decided by ins_recovery.c)
 *   RECOVERING -> LIVE     the kernel logged in again
 *   RECOVERING -> FAILED   recovery's deadline passed: iscsid takes over
 *   any but TERMINATED -> STOPPED|TERMINATED   stop_conn (RECOVER|TERM)
 *   STOPPED -> GIVEN_UP    the class's replacement timeout ran out
 *   STOPPED|GIVEN_UP -> LOGIN     iscsid binds a new socket
 *   any -> NEW             destroy_conn
 *
 * What each state lets in: queuecommand takes commands only in LIVE
 * (and keeps them without sending in RECOVERING); a command that times
 * out gets more time in every state from which the connection can come
 * back (LOGIN, LOGOUT, FAILED, RECOVERING, STOPPED); io_work runs in
 * LOGIN, LIVE and LOGOUT; pings and task management only in LIVE.
 */
#include <linux/bits.h>
#include <linux/wait.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"

#define S(st)	BIT(INS_ST_##st)

/* For each state, the states it may move to. */
static const u16 ins_state_next[INS_ST_NR] = {
	[INS_ST_NEW]		= S(LOGIN) | S(STOPPED) | S(TERMINATED),
	[INS_ST_LOGIN]		= S(LIVE) | S(FAILED) | S(STOPPED) |
				  S(TERMINATED) | S(NEW),
	[INS_ST_LIVE]		= S(LOGOUT) | S(FAILED) | S(STOPPED) |
				  S(TERMINATED) | S(NEW),
	[INS_ST_LOGOUT]		= S(FAILED) | S(STOPPED) | S(TERMINATED) |
				  S(NEW),
	[INS_ST_FAILED]		= S(RECOVERING) | S(STOPPED) | S(TERMINATED) |
				  S(NEW),
	[INS_ST_RECOVERING]	= S(LIVE) | S(FAILED) | S(STOPPED) |
				  S(TERMINATED) | S(NEW),
	[INS_ST_STOPPED]	= S(LOGIN) | S(GIVEN_UP) | S(STOPPED) |
				  S(TERMINATED) | S(NEW),
	[INS_ST_GIVEN_UP]	= S(LOGIN) | S(GIVEN_UP) | S(TERMINATED) |
				  S(NEW),
	[INS_ST_TERMINATED]	= S(TERMINATED) | S(NEW),
};

static const char * const ins_state_names[INS_ST_NR] = {
	[INS_ST_NEW]		= "new",
	[INS_ST_LOGIN]		= "login",
	[INS_ST_LIVE]		= "live",
	[INS_ST_LOGOUT]		= "logout",
	[INS_ST_FAILED]		= "failed",
	[INS_ST_RECOVERING]	= "recovering",
	[INS_ST_STOPPED]	= "stopped",
	[INS_ST_GIVEN_UP]	= "given-up",
	[INS_ST_TERMINATED]	= "terminated",
};

const char *ins_state_name(enum ins_state st)
{
	return st < INS_ST_NR ? ins_state_names[st] : "?";
}

/**
 * ins_state_change - move the session's connection to a new state
 * @sess: session, its lock held
 * @new: the state to move to
 *
 * Waiters on sess->state_wait are woken by the caller once it has done
 * what the new state needs (after the lock is dropped).
 *
 * Return: true if the transition is allowed (and made), false if the
 * table refuses it (the state is left as it was).
 */
bool ins_state_change(struct ins_session *sess, enum ins_state new)
{
	enum ins_state old = sess->state;

	lockdep_assert_held(&sess->lock);
	if (WARN_ON_ONCE(new >= INS_ST_NR))
		return false;
	if (!(ins_state_next[old] & BIT(new)))
		return false;
	WRITE_ONCE(sess->state, new);
	return true;
}

/**
 * ins_state_fail - report a broken connection
 * @conn: connection
 * @err: reason, for iscsid and the log
 *
 * From any context: io_work, the keepalive, the error handler. Only the
 * first report counts: the connection moves to FAILED, which stops
 * io_work and turns queuecommand away, and sess->fail_work decides in
 * process context who recovers it (ins_recovery.c: the kernel for a swap
 * session, iscsid otherwise). A failure in any other state is already
 * being dealt with. The model is nvme-tcp's error recovery: a checked
 * state change, then a work item, so the data path never calls up into
 * the code that tears it down.
 */
void ins_state_fail(struct ins_conn *conn, enum iscsi_err err)
{
	struct ins_session *sess = conn->sess;
	enum ins_state old;
	bool queue = false;

	spin_lock_bh(&sess->lock);
	old = sess->state;
	if ((old == INS_ST_LOGIN || ins_state_ffp(old)) &&
	    ins_state_change(sess, INS_ST_FAILED)) {
		sess->fail_err = err;
		sess->fail_from = old;
		sess->fail_at = jiffies;
		queue = true;
	}
	spin_unlock_bh(&sess->lock);
	if (queue)
		queue_work(ins_wq, &sess->fail_work);
}

/**
 * ins_state_show_class - show the class what an in-kernel recovery hides
 * @sess: session with a connection
 * @up: the connection is up (LIVE again, or about to be reported failed)
 *
 * iscsid and the class drive the class's states themselves, except
 * across a recovery of ours, which they do not see: sysfs and
 * 'iscsiadm -m session -P3' read FAILED while we recover and LOGGED_IN
 * once we are back. A recovery that gives up shows it up first, so that
 * the error event it then reports moves the class from UP to FAILED as
 * for any failure.
 */
void ins_state_show_class(struct ins_session *sess, bool up)
{
	struct iscsi_cls_session *cls = sess->cls;
	struct iscsi_cls_conn *cls_conn = sess->conn->cls_conn;
	unsigned long flags;

	spin_lock_irqsave(&cls_conn->lock, flags);
	WRITE_ONCE(cls_conn->state, up ? ISCSI_CONN_UP : ISCSI_CONN_FAILED);
	spin_unlock_irqrestore(&cls_conn->lock, flags);
	spin_lock_irqsave(&cls->lock, flags);
	cls->state = up ? ISCSI_SESSION_LOGGED_IN : ISCSI_SESSION_FAILED;
	spin_unlock_irqrestore(&cls->lock, flags);
}
