/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_transport.c: the iSCSI transport class callbacks.
 */
#ifndef INS_TRANSPORT_H
#define INS_TRANSPORT_H

#include <linux/types.h>

umode_t ins_attr_is_visible(int param_type, int param);

#endif /* INS_TRANSPORT_H */
