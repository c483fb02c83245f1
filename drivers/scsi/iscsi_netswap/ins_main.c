// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - module entry: parameters, workqueue and registration of
 * the iSCSI transport "tcp" (a drop-in for iscsi_tcp, decision D1).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/namei.h>
#include <linux/workqueue.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_group.h"
#include "ins_main.h"

struct workqueue_struct *ins_wq;
struct scsi_transport_template *ins_scsi_transport;

unsigned int ins_max_lun = ~0u;
module_param_named(max_lun, ins_max_lun, uint, 0444);
MODULE_PARM_DESC(max_lun, "Highest LUN number scanned on each session (default: no limit)");

/*
 * iscsi_register_transport() only refuses a second registration of the
 * same structure; a second transport named "tcp" fails deep inside sysfs
 * with a stack dump. Look for the class device first and say why.
 */
static bool ins_tcp_transport_present(void)
{
	struct path path;

	if (kern_path("/sys/class/iscsi_transport/tcp", LOOKUP_FOLLOW, &path))
		return false;
	path_put(&path);
	return true;
}

static int __init ins_init(void)
{
	int err;

	if (ins_max_lun < 1) {
		pr_err(INS_NAME ": max_lun must be at least 1\n");
		return -EINVAL;
	}

	if (ins_tcp_transport_present()) {
		pr_err(INS_NAME ": an iSCSI transport named \"tcp\" is already registered (iscsi_tcp loaded?); iscsi_netswap and iscsi_tcp are alternatives: unload iscsi_tcp first\n");
		return -EBUSY;
	}

	/*
	 * Socket I/O for a disk that may back swap: it must make progress
	 * under memory pressure, hence the rescuer thread. Unbound, and not
	 * high-priority: a nice -20 worker woken by queuecommand takes the
	 * submitter's CPU at once and sends one command per run; a normal
	 * one sends from an idle CPU, or after the submitter has queued
	 * its batch (Documentation/bench.md).
	 */
	ins_wq = alloc_workqueue("iscsi_netswap", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	if (!ins_wq)
		return -ENOMEM;
	err = ins_group_module_init();
	if (err) {
		destroy_workqueue(ins_wq);
		return err;
	}

	ins_scsi_transport = iscsi_register_transport(&ins_iscsi_transport);
	if (!ins_scsi_transport) {
		pr_err(INS_NAME ": cannot register the iSCSI transport \"tcp\" (is iscsi_tcp loaded? the two modules are alternatives)\n");
		ins_group_module_exit();
		destroy_workqueue(ins_wq);
		return -ENODEV;
	}
	pr_info(INS_NAME ": iSCSI/TCP initiator transport \"tcp\" registered\n");
	return 0;
}

static void __exit ins_exit(void)
{
	iscsi_unregister_transport(&ins_iscsi_transport);
	ins_group_module_exit();
	destroy_workqueue(ins_wq);
}

module_init(ins_init);
module_exit(ins_exit);

MODULE_DESCRIPTION("iSCSI/TCP initiator transport for swap on iSCSI (drop-in for iscsi_tcp)");
MODULE_LICENSE("GPL");
MODULE_VERSION(INS_RELEASE);
MODULE_SOFTDEP("pre: crc32c");
