/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_host.c: the SCSI host: template, queuecommand,
 * timeouts.
 */
#ifndef INS_HOST_H
#define INS_HOST_H

#include <linux/types.h>

struct Scsi_Host;
struct ins_session;
struct scsi_host_template;

extern struct scsi_host_template ins_sht;

#endif /* INS_HOST_H */
