/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_sysfs.c: what a session shows and takes in
 * /sys/class/scsi_host/hostN/netswap/, and its counters in get_stats.
 */
#ifndef INS_SYSFS_H
#define INS_SYSFS_H

struct attribute_group;
struct iscsi_stats;
struct ins_session;

extern const struct attribute_group *ins_shost_groups[];

void ins_sysfs_fill_stats(struct ins_session *sess, struct iscsi_stats *stats);

#endif /* INS_SYSFS_H */
