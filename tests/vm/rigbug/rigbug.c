// SPDX-License-Identifier: GPL-2.0
/*
 * rigbug - a module that does one thing wrong on purpose, so that the
 * rig's debug kernel can be shown to catch it (tests/vm/debug-selftest.sh).
 *
 *   insmod rigbug.ko bug=oob     a one-byte write past a kmalloc'ed buffer (KASAN)
 *   insmod rigbug.ko bug=leak    a buffer nobody points to any more (kmemleak)
 *   insmod rigbug.ko bug=none    nothing wrong: the control run
 *
 * Never load it anywhere but in a rig guest.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *bug = "none";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "what to get wrong: oob, leak or none");

/* Kept visible to the compiler so the faulty store is not optimised out. */
static void rigbug_store(char *p, size_t i)
{
	WRITE_ONCE(p[i], 1);
}

static int __init rigbug_init(void)
{
	char *p;

	if (!strcmp(bug, "none"))
		return 0;
	p = kmalloc(64, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	if (!strcmp(bug, "oob")) {
		rigbug_store(p, 64);
		kfree(p);
		return 0;
	}
	if (!strcmp(bug, "leak")) {
		/* the last reference dies with this stack frame */
		memset(p, 0x5a, 64);
		pr_info("rigbug: leaking 64 bytes\n");
		return 0;
	}
	kfree(p);
	return -EINVAL;
}

static void __exit rigbug_exit(void)
{
}

module_init(rigbug_init);
module_exit(rigbug_exit);
MODULE_DESCRIPTION("Deliberate bugs for the rig's debug-kernel self test");
MODULE_LICENSE("GPL");
