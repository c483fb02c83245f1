/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_tmf.c: SCSI error handling through task management.
 */
#ifndef INS_TMF_H
#define INS_TMF_H

#include <linux/types.h>

struct ins_session;
struct scsi_cmnd;

int ins_eh_abort(struct scsi_cmnd *sc);
int ins_eh_device_reset(struct scsi_cmnd *sc);
int ins_eh_target_reset(struct scsi_cmnd *sc);
void ins_tmf_rsp(struct ins_session *sess, u8 response);
void ins_tmf_fail(struct ins_session *sess);

#endif /* INS_TMF_H */
