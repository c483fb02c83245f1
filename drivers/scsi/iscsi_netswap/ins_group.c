// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the swap session's reservation group (ins_group.h).
 *
 * Every swap session has a group "sessionN" (N: the iSCSI session id)
 * under the module's group "iscsi_netswap", which hangs under the
 * kernel's root. The session's group is sized to the session's reserve
 * and connected while the session backs swap, so that the emergency
 * watermark grows at swapon and shrinks back at swapoff; what the
 * network layer charges to it shows as its use and high-water mark.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_reserve.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_group.h"

static struct mm_reserve ins_group_top;

int ins_group_module_init(void)
{
	mm_reserve_init(&ins_group_top, INS_NAME);
	return mm_reserve_connect(&ins_group_top, &mm_reserve_root);
}

void ins_group_module_exit(void)
{
	mm_reserve_disconnect(&ins_group_top);
}

/* At session creation: an empty group, not connected. */
void ins_group_init(struct ins_session *sess)
{
	struct ins_swap *sw = &sess->swap;

	snprintf(sw->group_name, sizeof(sw->group_name), "session%u",
		 sess->cls->sid);
	mm_reserve_init(&sw->group, sw->group_name);
}

/**
 * ins_group_register - register the session's reserve with the kernel
 * @sess: a session that now backs swap; ctl_mutex held
 * @bytes: its reserve (ins_reserve_size())
 *
 * Sizes the group and connects it if it is not yet; a second call
 * resizes. Return: 0, or -ENOMEM when the kernel refuses the size (the
 * reserves would pass a quarter of RAM): the session must not back swap.
 */
int ins_group_register(struct ins_session *sess, u64 bytes)
{
	struct ins_swap *sw = &sess->swap;
	int err;

	lockdep_assert_held(&sess->ctl_mutex);
	err = mm_reserve_set_pages(&sw->group, DIV_ROUND_UP_ULL(bytes,
								PAGE_SIZE));
	/* connected: a second call only resizes */
	if (err || sw->group.parent)
		return err;
	err = mm_reserve_connect(&sw->group, &ins_group_top);
	if (err)
		mm_reserve_set_pages(&sw->group, 0);
	return err;
}

/* The session no longer backs swap (or goes away); ctl_mutex held. */
void ins_group_unregister(struct ins_session *sess)
{
	struct ins_swap *sw = &sess->swap;

	lockdep_assert_held(&sess->ctl_mutex);
	if (!sw->group.parent)
		return;
	mm_reserve_disconnect(&sw->group);
	mm_reserve_set_pages(&sw->group, 0);
}
