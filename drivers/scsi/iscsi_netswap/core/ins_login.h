/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Initiator login state machine (RFC 7143 sections 6 and 12)
 * for in-kernel reconnection: security stage (None or CHAP, optionally
 * mutual) -> operational stage -> full feature phase.  No allocation: the
 * caller owns every buffer, so a session can preallocate one complete login
 * context.
 *
 * Usage summary:
 *
 *	struct ins_login_cfg cfg;	(long-lived, e.g. per session)
 *	ins_login_cfg_init(&cfg);
 *	fill names, ISID, CID, credentials, cfg.offer; or replay what iscsid
 *	sent with ins_login_cfg_absorb(&cfg, bhs, data, dlen) per Login PDU.
 *
 *	struct ins_login l;		(per attempt)
 *	ins_login_init(&l, &cfg, rxbuf, rxsize, rand, rand_len);
 *	for (;;) {
 *		dlen = ins_login_build(&l, bhs, data, size);	(< 0: error)
 *		send bhs (+ data, padding, digests: none during login)
 *		receive a BHS; ins_bhs_decode(bhs, 48, INS_LOGIN_MAX_DSL, &pdu)
 *		receive pdu.dlength bytes of data (+ padding)
 *		ret = ins_login_recv(&l, &pdu, data, pdu.dlength);
 *		if (ret == INS_LOGIN_DONE) break;	(full feature phase)
 *		if (ret < 0) fail;			(see below)
 *	}
 *	l.nego.result: negotiated parameters; l.tsih, l.exp_statsn,
 *	l.exp_cmdsn, l.max_cmdsn: where the session continues.
 *
 * Errors from ins_login_recv(): -EACCES authentication/authorization failed
 * (login status 0201/0202, or the target failed mutual CHAP); -EREMOTE
 * redirection (l.redirect holds TargetAddress); -EAGAIN target error,
 * retry later (class 3); -ECONNREFUSED other initiator errors (class 2);
 * -EPROTO the target broke the protocol; -ENOSPC a caller buffer is too
 * small.  l.status_class / l.status_detail keep the login status.
 *
 * @rand must hold INS_LOGIN_RAND_LEN bytes of fresh randomness when mutual
 * CHAP is configured (our CHAP_I and CHAP_C); it is ignored otherwise.
 */
#ifndef INS_LOGIN_H
#define INS_LOGIN_H

#include "ins_compat.h"
#include "ins_pdu.h"
#include "ins_text.h"
#include "ins_chap.h"

/* Data segment limit that holds during login (MaxRecvDSL default). */
#define INS_LOGIN_MAX_DSL	8192
#define INS_LOGIN_RAND_LEN	(1 + INS_CHAP_CHALLENGE_LEN)
#define INS_LOGIN_PEND_MAX	2048	/* our answers to target offers */
#define INS_LOGIN_MAX_ROUNDS	32	/* exchanges before we give up */

/* ins_login_recv() results besides negative errno */
#define INS_LOGIN_MORE		1	/* call ins_login_build() and send */
#define INS_LOGIN_DONE		0	/* full feature phase reached */

/**
 * struct ins_login_cfg - what a login presents
 * @initiator_name: InitiatorName (required)
 * @initiator_alias: InitiatorAlias, "" to omit
 * @target_name: TargetName, required unless @discovery
 * @discovery: SessionType=Discovery instead of Normal
 * @isid: ISID of the session
 * @tsih: 0 for a new session (or reinstatement), else the session's TSIH
 * @cid: connection ID
 * @itt: ITT of the Login Requests
 * @cmdsn: CmdSN of the Login Requests
 * @exp_statsn: ExpStatSN of the first Login Request
 * @chap: offer CHAP (AuthMethod=CHAP,None; only CHAP when @mutual)
 * @username: CHAP_N we present
 * @secret: our CHAP secret, @secret_len bytes
 * @secret_len: 1..INS_CHAP_SECRET_MAX when @chap
 * @mutual: also authenticate the target
 * @username_in: CHAP_N the target must present, "" to accept any
 * @secret_in: the target's secret, @secret_in_len bytes
 * @secret_in_len: 1..INS_CHAP_SECRET_MAX when @mutual
 * @offer: operational keys to propose
 */
struct ins_login_cfg {
	char initiator_name[INS_NAME_MAX + 1];
	char initiator_alias[INS_VALUE_MAX + 1];
	char target_name[INS_NAME_MAX + 1];
	bool discovery;
	u8 isid[INS_ISID_LEN];
	u16 tsih;
	u16 cid;
	u32 itt;
	u32 cmdsn;
	u32 exp_statsn;
	bool chap;
	char username[INS_CHAP_NAME_MAX + 1];
	u8 secret[INS_CHAP_SECRET_MAX];
	u32 secret_len;
	bool mutual;
	char username_in[INS_CHAP_NAME_MAX + 1];
	u8 secret_in[INS_CHAP_SECRET_MAX];
	u32 secret_in_len;
	struct ins_offer offer;
};

void ins_login_cfg_init(struct ins_login_cfg *cfg);
int ins_login_cfg_absorb(struct ins_login_cfg *cfg, const u8 *bhs,
			 const char *data, u32 len);

/* What the next ins_login_build() sends. */
enum ins_login_step {
	INS_LSTEP_SEC_START,	/* names + AuthMethod */
	INS_LSTEP_CHAP_A,	/* CHAP_A=5 */
	INS_LSTEP_CHAP_RSP,	/* CHAP_N, CHAP_R (+ CHAP_I, CHAP_C) */
	INS_LSTEP_SEC_NEXT,	/* ask again to leave the security stage */
	INS_LSTEP_OP_START,	/* operational offer */
	INS_LSTEP_OP_NEXT,	/* answers to the target, ask for FFP */
	INS_LSTEP_DONE,
	INS_LSTEP_FAILED,
};

/**
 * struct ins_login - one login attempt; see the summary above
 * @cfg: configuration, must outlive the attempt
 * @nego: operational negotiation state and result
 * @step: enum ins_login_step
 * @awaiting: a request was built and its response is awaited
 * @cont: the target set C: the next request is empty, with T=0
 * @stage: CSG of the last request
 * @req_transit: the last request had T=1
 * @req_nsg: NSG of the last request
 * @rounds: requests built so far
 * @rx: caller buffer collecting a response text split over C bits
 * @rx_size: size of @rx
 * @rx_len: bytes in @rx
 * @pend: our answers to keys the target offered, sent next
 * @pend_len: bytes in @pend
 * @chap_id: CHAP_I the target sent
 * @chap_rsp: our CHAP_R to its challenge
 * @my_id: our CHAP_I in mutual CHAP
 * @my_chal: our CHAP_C in mutual CHAP
 * @tsih: TSIH from the last response
 * @exp_statsn: ExpStatSN for the next request (and for the session)
 * @exp_cmdsn: ExpCmdSN of the last response
 * @max_cmdsn: MaxCmdSN of the last response
 * @status_class: Status-Class of the last response
 * @status_detail: Status-Detail of the last response
 * @redirect: TargetAddress of a redirection, NUL-terminated
 * @scratch: decoded CHAP_C / CHAP_R of the target
 */
struct ins_login {
	const struct ins_login_cfg *cfg;
	struct ins_nego nego;
	u8 step;
	bool awaiting;
	bool cont;
	u8 stage;
	bool req_transit;
	u8 req_nsg;
	u32 rounds;
	char *rx;
	u32 rx_size;
	u32 rx_len;
	char pend[INS_LOGIN_PEND_MAX];
	u32 pend_len;
	u8 chap_id;
	u8 chap_rsp[INS_CHAP_RSP_LEN];
	u8 my_id;
	u8 my_chal[INS_CHAP_CHALLENGE_LEN];
	u16 tsih;
	u32 exp_statsn;
	u32 exp_cmdsn;
	u32 max_cmdsn;
	u8 status_class;
	u8 status_detail;
	char redirect[INS_VALUE_MAX + 1];
	u8 scratch[INS_CHAP_CHALLENGE_MAX];
};

int ins_login_init(struct ins_login *l, const struct ins_login_cfg *cfg,
		   char *rx, u32 rx_size, const u8 *rand, size_t rand_len);
int ins_login_build(struct ins_login *l, u8 *bhs, char *data, u32 size);
int ins_login_recv(struct ins_login *l, const struct ins_pdu *pdu,
		   const char *data, u32 len);

#endif /* INS_LOGIN_H */
