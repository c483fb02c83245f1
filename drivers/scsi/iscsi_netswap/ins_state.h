/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - the state of a session's connection (ins_state.c): one
 * field, changed only through ins_state_change(), which refuses any
 * transition the table does not allow.
 */
#ifndef INS_STATE_H
#define INS_STATE_H

#include <linux/types.h>
#include <scsi/iscsi_if.h>

struct ins_conn;
struct ins_session;

enum ins_state {
	INS_ST_NEW,		/* no connection bound (created, or destroyed) */
	INS_ST_LOGIN,		/* socket bound: iscsid logs in via send_pdu */
	INS_ST_LIVE,		/* full feature phase: commands flow */
	INS_ST_LOGOUT,		/* iscsid sent a Logout: no new commands */
	INS_ST_FAILED,		/* failed: recovery or iscsid's stop follows */
	INS_ST_RECOVERING,	/* swap session reconnecting in the kernel */
	INS_ST_STOPPED,		/* stop_conn(RECOVER): blocked, iscsid relogs */
	INS_ST_GIVEN_UP,	/* the class's replacement timeout ran out */
	INS_ST_TERMINATED,	/* stop_conn(TERM): destroy follows */
	INS_ST_NR,
};

/* Full feature phase: PDUs of every kind flow (a logout is one of them). */
static inline bool ins_state_ffp(enum ins_state st)
{
	return st == INS_ST_LIVE || st == INS_ST_LOGOUT;
}

/*
 * Requests of the module's own (pings, task management): only while LIVE.
 * Nothing new may follow a Logout Request on its connection (RFC 7143
 * 11.14); iscsid's logout_timeout covers an unanswered Logout.
 */
static inline bool ins_state_may_request(enum ins_state st)
{
	return st == INS_ST_LIVE;
}

bool ins_state_change(struct ins_session *sess, enum ins_state new);
const char *ins_state_name(enum ins_state st);
void ins_state_show_class(struct ins_session *sess, bool up);
void ins_state_fail(struct ins_conn *conn, enum iscsi_err err);

#endif /* INS_STATE_H */
