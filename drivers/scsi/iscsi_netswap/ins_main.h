/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_main.c: module init: the workqueue, the transport
 * templates, parameters.
 */
#ifndef INS_MAIN_H
#define INS_MAIN_H

#include <linux/types.h>

struct iscsi_transport;
struct scsi_transport_template;

extern struct scsi_transport_template *ins_scsi_transport;
extern struct iscsi_transport ins_iscsi_transport;
extern unsigned int ins_max_lun;

#endif /* INS_MAIN_H */
