/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - iSCSI/TCP initiator transport for swap on iSCSI.
 *
 * The shared types of the kernel side: session, connection, per-command
 * state. Each file's functions are declared in its own header (ins_conn.h,
 * ins_rx.h, ...); those include this one at most, never each other.
 *
 * Object layout:
 *   Scsi_Host (one per session, like iscsi_tcp)
 *     shost_priv -> struct ins_host
 *   iscsi_cls_session -> dd_data = struct ins_session (owns all buffers)
 *   iscsi_cls_conn    -> dd_data = struct ins_conn (socket, rx/tx state)
 *   scsi_cmnd         -> scsi_cmd_priv = struct ins_cmd
 *
 * Locking: ins_session.lock (a BH spinlock) protects the sequence numbers,
 * the connection state, the transmit queues, the management slots and the
 * per-command fields.
 * The transmit state machine is only ever run by the connection's
 * io_work; the receive state machine by whoever holds INS_RX_OWNED
 * (io_work, or sk_data_ready for the PDUs it may complete: ins_rx.c).
 */
#ifndef ISCSI_NETSWAP_H
#define ISCSI_NETSWAP_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/ratelimit_types.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>
#include <scsi/iscsi_proto.h>
#include <scsi/iscsi_if.h>

#include "ins_pdu.h"
#include "ins_cmd.h"
#include "ins_ring.h"
#include "ins_rxframe.h"
#include "ins_state.h"
#include "ins_serial.h"
#include "ins_sg.h"
#include "ins_swap.h"
#include "ins_recovery.h"

struct Scsi_Host;
struct scsi_cmnd;
struct scatterlist;
struct iscsi_cls_session;
struct iscsi_cls_conn;
struct scsi_host_template;
struct scsi_transport_template;
struct iscsi_transport;

#define INS_NAME		"iscsi_netswap"
/* the release: the packages, dkms.conf and the tool carry the same */
#define INS_RELEASE		"0.2.0"

/*
 * What a parameter callback returns for a parameter the transport does not
 * have: iscsid (usr/initiator.c) skips exactly this error code and fails
 * the login on any other, so the value is fixed by the userspace ABI.
 */
#define INS_PARAM_UNSUPPORTED	(-ENOSYS)

/*
 * MaxOutstandingR2T we accept. The R2T slots of every command are
 * allocated when iscsid sets the negotiated value, before the connection
 * starts (ins_session_set_max_r2t()); 256 slots cost 5 KiB per command.
 */
#define INS_MAX_R2T		256
/* Login/Text data segments (iscsid never sends more: the RFC default). */
#define INS_LOGIN_BUF		ISCSI_DEF_MAX_RECV_SEG_LEN
/* Linear receive buffer for non Data-In data segments. */
#define INS_RX_LINEAR		ISCSI_DEF_MAX_RECV_SEG_LEN
/* Largest payload sk_data_ready copies out of the ring (ins_rx.c). */
#define INS_RX_ATOMIC_MAX	(32 * 1024)
/* Room for a BHS, an extended CDB AHS and a header digest. */
#define INS_TX_HDR_MAX		(INS_BHS_LEN + INS_SCSI_CMD_AHS_MAX + \
				 INS_DIGEST_LEN)
/*
 * Longest CDB we take: what a scsi_cmnd holds. The first 16 bytes go in
 * the BHS, the rest in an Extended CDB AHS.
 */
#define INS_MAX_CMD_LEN		32

#define INS_DEF_CMDS_MAX	128
#define INS_MIN_CMDS_MAX	16
#define INS_MAX_CMDS_MAX	4096
#define INS_DEF_CMD_PER_LUN	32
/* Enough for a 1 MiB request in 4 KiB pages, with room to spare. */
#define INS_SG_TABLESIZE	256
#define INS_MAX_SECTORS		2048

/*
 * Initiator Task Tags: the low 16 bits index a SCSI request tag or a
 * management slot, bits 16..23 carry the connection generation so that a
 * late response for a previous connection is recognised and dropped.
 */
#define INS_ITT_INDEX_MASK	0xffffu
#define INS_ITT_AGE_SHIFT	16
#define INS_ITT_AGE_MASK	0xffu
#define INS_ITT_MGMT_BASE	0xff00u

/* Management PDU slots, preallocated per session (decision D3). */
enum ins_mgmt_slot {
	INS_MGMT_LOGIN,		/* login and text from iscsid */
	INS_MGMT_LOGOUT,	/* logout from iscsid */
	INS_MGMT_UNOP,		/* NOP-Out from iscsid */
	INS_MGMT_PING,		/* our own NOP-Out ping */
	INS_MGMT_NOPREPLY,	/* answer to a NOP-In that asked for one */
	INS_MGMT_TMF,		/* task management (SCSI EH) */
	INS_MGMT_NR,
};

struct ins_mgmt {
	struct list_head entry;		/* on ins_conn.mgmt_q */
	u8 hdr[INS_BHS_LEN];		/* built by core, or by iscsid */
	void *data;			/* preallocated, or NULL */
	u32 data_len;
	u32 data_cap;
	bool queued;			/* on mgmt_q */
	bool busy;			/* sent or queued, response pending */
};

enum ins_tmf_state {
	INS_TMF_IDLE,
	INS_TMF_QUEUED,
	INS_TMF_DONE,
	INS_TMF_FAILED,			/* connection went away */
};

struct ins_r2t {
	u32 ttt;
	u32 offset;
	u32 len;
	u32 sent;
	u32 datasn;
};

/*
 * Per-command state in the blk-mq request payload (cmd_size): nothing is
 * allocated per command. Its lifecycle (outstanding, holds, end_pending)
 * belongs to ins_cmd.c alone; all of it is under the session lock.
 */
struct ins_cmd {
	struct list_head tx_entry;	/* on ins_conn.cmd_q while data is due */
	u32 itt;
	u32 cmdsn;
	u32 exp_datasn;			/* next Data-In DataSN */
	u32 data_in;			/* Data-In bytes received */
	u32 imm_len;			/* immediate data in the command PDU */
	u32 unsol_len;			/* unsolicited bytes incl. immediate */
	u32 unsol_sent;			/* unsolicited bytes sent incl. imm */
	u32 unsol_datasn;
	u32 r2t_next;			/* where the next R2T must start */
	u16 r2t_head;			/* in the session's r2t_pool */
	u16 r2t_count;
	bool outstanding;		/* ours, not ended yet */
	bool cmd_sent;			/* command PDU built: its CmdSN taken */
	u8 holds;			/* INS_CMD_HOLD_TX, INS_CMD_HOLD_RX */
	bool end_pending;		/* ended while held: deliver on unhold */
	bool pinged;			/* eh_timed_out already sent a ping */
	unsigned long last_xfer;	/* jiffies of the last progress */
};

/* Transmit state machine: one PDU at a time. */
struct ins_tx {
	bool active;
	u8 hdr[INS_TX_HDR_MAX];		/* BHS, AHS, header digest */
	u32 ahs_len;
	u32 hdr_len;
	u32 hdr_sent;
	/* data from a scatterlist (cmd != NULL) or a linear buffer */
	struct ins_cmd *cmd;
	struct scatterlist *sg;
	u32 sg_off;
	void *buf;
	u32 data_len;
	u32 data_sent;
	/* pad bytes and the data digest, sent after the data */
	u8 trailer[ISCSI_PAD_LEN + ISCSI_CRC_LEN];
	u32 trailer_len;
	u32 trailer_sent;
	struct ins_mgmt *mgmt;		/* slot to release once sent */
	bool more;		/* another PDU is queued behind this one */
	bool corked;		/* the last send held its tail back (MSG_MORE) */
};

struct ins_rx {
	struct ins_rxf frame;	/* where in the stream: the protocol core's */
	/* Data-In placement */
	struct ins_cmd *cmd;
	struct scatterlist *sg;
	u32 sg_off;
	u32 linear_len;		/* bytes kept in the linear buffer */
	struct ins_pdu pdu;	/* the header, checked by the protocol core */
	/*
	 * Receive ring positions (free-running, masked on use). The head
	 * moves under the socket lock (sk_data_ready or io_work), the tail
	 * only under INS_RX_OWNED.
	 */
	u32 ring_head;
	u32 ring_tail;
	unsigned long flags;	/* INS_RX_OWNED, INS_RX_AGAIN */
	bool atomic;		/* the owner is sk_data_ready: may not sleep */
	bool need_work;		/* sk_data_ready left a PDU to io_work */
	int err;		/* -ISCSI_ERR_* sk_data_ready found, for io_work */
};

/*
 * ins_rx.flags: the receive state machine is being run; io_work found it
 * taken and wants to run once its owner is done.
 */
#define INS_RX_OWNED	0
#define INS_RX_AGAIN	1

struct ins_stats {
	u64 txdata_octets;
	u64 rxdata_octets;
	u32 noptx_pdus, scsicmd_pdus, tmfcmd_pdus, login_pdus, text_pdus;
	u32 dataout_pdus, logout_pdus;
	u32 noprx_pdus, scsirsp_pdus, tmfrsp_pdus, textrsp_pdus;
	u32 datain_pdus, logoutrsp_pdus, r2t_pdus, async_pdus, rjt_pdus;
	u32 digest_err, timeout_err;
	u32 eh_abort_cnt, sendpage_copy;
};

struct ins_session;

struct ins_conn {
	struct ins_session *sess;
	struct iscsi_cls_conn *cls_conn;
	u8 age;				/* generation, part of every ITT */

	struct socket *sock;
	bool sock_kernel;		/* ours (recovery), not iscsid's fd */
	bool memalloc;			/* SOCK_MEMALLOC set by us; ctl_mutex */
	void (*old_data_ready)(struct sock *sk);
	void (*old_state_change)(struct sock *sk);
	void (*old_write_space)(struct sock *sk);

	struct work_struct io_work;
	struct delayed_work ka_work;	/* NOP-Out pings / dead peer */
	/*
	 * Where the receive machine reads from: the consumer end of the
	 * receive ring (ins_sock_take()). Bytes taken, or with none -EAGAIN,
	 * 0 (closed by the target) or -errno.
	 */
	int (*rx_take)(struct ins_conn *conn, void *buf, u32 len);

	struct list_head mgmt_q;	/* ins_mgmt to send, first */
	struct list_head cmd_q;		/* ins_cmd with PDUs to send */

	struct ins_tx tx;
	struct ins_rx rx;

	/* negotiated / configured connection parameters */
	u32 max_recv_dlength;		/* ours: what we accept */
	u32 max_xmit_dlength;		/* target's MaxRecvDataSegmentLength */
	int hdrdgst_en;
	int datadgst_en;
	u32 exp_statsn;
	int ping_tmo;			/* noop_out_timeout, seconds */
	int recv_tmo;			/* noop_out_interval, seconds */
	int persistent_port;
	char *persistent_address;
	char *local_ipaddr;

	unsigned long last_rx;		/* jiffies */
	unsigned long ping_sent;	/* jiffies, valid if ping busy */
	/* what a target provokes at will is logged at this rate at most */
	struct ratelimit_state rx_log_rs;

	struct ins_stats stats;
};

struct ins_session {
	struct iscsi_cls_session *cls;
	struct Scsi_Host *shost;
	spinlock_t lock;		/* see the locking note at the top */
	struct mutex ctl_mutex;		/* bind/start/stop/destroy/params */
	enum ins_state state;		/* ins_state.c alone writes it */
	bool unblocked;			/* start unblocked the class session */
	struct ins_conn *conn;		/* the only connection */
	/* a failure ins_state_fail() recorded for fail_work to act on */
	struct work_struct fail_work;	/* ins_recovery.c decides */
	int fail_err;			/* enum iscsi_err, 0: none pending */
	enum ins_state fail_from;	/* the state the failure ended */
	unsigned long fail_at;		/* jiffies */

	u32 cmdsn;			/* next CmdSN put on the wire */
	u32 queued_cmdsn;		/* next CmdSN counting queued cmds */
	struct ins_cmdsn_window win;	/* ExpCmdSN/MaxCmdSN, core rules */
	bool window_closed;		/* queuecommand refused on the window */

	/* preallocated management PDUs and buffers (D3) */
	struct ins_mgmt mgmt[INS_MGMT_NR];
	void *login_buf;		/* INS_LOGIN_BUF, login/text data */
	void *nop_buf;			/* INS_RX_LINEAR, NOP-In echo data */
	void *rx_hdr;			/* INS_RXF_HDR_MAX */
	void *rx_linear;		/* INS_RX_LINEAR + pad */
	u8 *rx_ring;			/* INS_RX_RING */
	/* R2T rings: r2t_slots per command, indexed by request tag */
	struct ins_r2t *r2t_pool;
	u16 r2t_slots;

	/* task management, one at a time (the EH is serialised) */
	struct mutex tmf_mutex;
	wait_queue_head_t tmf_wait;
	enum ins_tmf_state tmf_state;
	u8 tmf_response;
	wait_queue_head_t state_wait;	/* session state changes */

	/* what iscsid saw at login: kept for in-kernel recovery (D5) */
	u8 isid[6];
	u16 tsih;

	/* negotiated session parameters */
	int initial_r2t_en;
	int imm_data_en;
	u32 first_burst;
	u32 max_burst;
	u16 max_r2t;
	int pdu_inorder_en;
	int dataseq_inorder_en;
	int erl;
	int tpgt;
	int fast_abort;
	int abort_timeout;
	int lu_reset_timeout;
	int tgt_reset_timeout;
	int def_taskmgmt_tmo;
	int time2wait;
	int time2retain;
	int discovery_sess;
	char *targetname;
	char *targetalias;
	char *username;
	char *username_in;
	char *password;
	char *password_in;
	char *ifacename;
	char *initiatorname;
	char *boot_root;
	char *boot_nic;
	char *boot_target;
	char *portal_type;
	char *discovery_parent_type;

	struct ins_swap swap;		/* ins_swap.c: swap mark, counters */
	struct ins_recovery recovery;	/* ins_recovery.c */
};

/* Scsi_Host private area. */
struct ins_host {
	struct ins_session *sess;
	char *netdev;
	char *hwaddress;
	char *initiatorname;
};

/* the module's workqueue (ins_main.c): io_work, pings, recovery, marks */
extern struct workqueue_struct *ins_wq;

/*
 * Kick io_work (ins_sock.c): whoever queues a PDU, opens the window or
 * changes what the connection may do.
 */
static inline void ins_queue_io(struct ins_conn *conn)
{
	queue_work(ins_wq, &conn->io_work);
}

/* The ITT of a management slot on this connection generation. */
static inline u32 ins_mgmt_itt(struct ins_conn *conn, enum ins_mgmt_slot slot)
{
	return (INS_ITT_MGMT_BASE + slot) |
		((u32)conn->age << INS_ITT_AGE_SHIFT);
}

/**
 * ins_cmd_r2t - R2T slot @n (ring position) of a command
 * @sess: session, lock held
 * @cmd: command
 * @n: position, reduced modulo the ring size here
 */
static inline struct ins_r2t *ins_cmd_r2t(struct ins_session *sess,
					  struct ins_cmd *cmd, u32 n)
{
	u32 tag = cmd->itt & INS_ITT_INDEX_MASK;

	return &sess->r2t_pool[tag * sess->r2t_slots + n % sess->r2t_slots];
}

static inline struct ins_session *ins_shost_session(struct Scsi_Host *shost)
{
	return ((struct ins_host *)shost_priv(shost))->sess;
}

static inline u32 ins_pad(u32 len)
{
	return ins_pad_len(len);
}

static inline struct ins_cmd *ins_cmd(struct scsi_cmnd *sc)
{
	return scsi_cmd_priv(sc);
}

/* Inverse of scsi_cmd_priv(): the payload follows the scsi_cmnd. */
static inline struct scsi_cmnd *ins_sc(struct ins_cmd *cmd)
{
	return (struct scsi_cmnd *)cmd - 1;
}

#endif /* ISCSI_NETSWAP_H */
