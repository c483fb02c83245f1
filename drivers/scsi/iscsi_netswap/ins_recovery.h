/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - in-kernel connection recovery for swap sessions (D5).
 *
 * Documentation/recovery.rst describes it; its settings and counters are
 * in /sys/class/scsi_host/hostN/netswap/ (ins_sysfs.c).
 */
#ifndef INS_RECOVERY_H
#define INS_RECOVERY_H

#include <linux/mutex.h>
#include <linux/socket.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct attribute;
struct ins_conn;
struct ins_session;
struct ins_login;
struct ins_login_cfg;
struct net;
struct socket;

/*
 * Per-session recovery state. Everything a recovery needs is allocated
 * with the session; @sock is the one object a recovery creates, and it is
 * created under PF_MEMALLOC from a socket that has SOCK_MEMALLOC before
 * its first byte.
 */
struct ins_recovery {
	struct ins_session *sess;
	struct delayed_work work;
	struct mutex sock_mutex;	/* @sock against a concurrent stop */
	struct socket *sock;		/* the attempt's socket, not yet live */
	bool cancel;			/* stop_conn: no more attempts */

	/* what iscsid's login through us showed, and what is in force */
	struct ins_login_cfg *staged;
	struct ins_login_cfg *cfg;
	bool staged_ok;
	bool have_cfg;
	struct ins_login *login;
	char *rx_text;			/* login text spanning PDUs */
	u8 *pdu_data;			/* one login data segment + pad */

	struct net *net;		/* of the socket iscsid bound */
	struct sockaddr_storage peer;	/* the portal iscsid connected to */
	int peer_len;
	int rcvbuf;			/* its buffers, where iscsid set them */
	int sndbuf;			/* (tcp.window_size), else 0 */

	/* the outage under way (under the session lock) */
	unsigned long failed_at;	/* jiffies of the failure */
	unsigned int attempt;
	unsigned int backoff_ms;
	int last_err;

	/* admin settings and what happened so far */
	bool enabled;			/* recover swap sessions in the kernel */
	unsigned int deadline;		/* seconds, 0 = wait for ever */
	u64 recoveries;
	u64 attempts;
	u32 last_ms;			/* failure to full feature phase */
	u32 max_ms;
	u64 last_at;			/* boot-time seconds it ended, 0 never */
};

int ins_recovery_alloc(struct ins_session *sess);
void ins_recovery_free(struct ins_session *sess);
void ins_recovery_bound(struct ins_conn *conn);
void ins_recovery_login_pdu(struct ins_session *sess, const u8 *bhs,
			    const char *data, u32 len);
void ins_recovery_started(struct ins_conn *conn);
void ins_recovery_cancel(struct ins_session *sess);

#endif /* INS_RECOVERY_H */
