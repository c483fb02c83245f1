/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi-netswap: the pure part of `iscsi-netswap safe-logout`. iscsid
 * refuses to log out a session whose disks back swap or a mount only when
 * its config file says `iscsid.safe_logout = Yes` (open-iscsi's default is
 * No). These functions read that setting as iscsid does and turn it on and
 * off in the file's text, leaving a marker comment so that `off` restores
 * exactly what `on` found. No I/O: tests/unit/test_nsw_conf.c tests them.
 */
#ifndef NSW_CONF_H
#define NSW_CONF_H

#include <stddef.h>

#define NSW_SAFE_LOGOUT_KEY	"iscsid.safe_logout"
#define NSW_SAFE_LOGOUT_LINE	NSW_SAFE_LOGOUT_KEY " = Yes"
#define NSW_MARK_ADDED		"# iscsi-netswap: added the next line"
#define NSW_MARK_WAS		"# iscsi-netswap: the next line was: "

/* 1 when iscsid would read iscsid.safe_logout as Yes from @text. */
int nsw_safe_logout_enabled(const char *text);

/*
 * Write into @out (@len bytes) the text of @text with safe logout on.
 * Return: 0 changed, 1 already on (@out is a copy), -1 @out too small.
 */
int nsw_safe_logout_on(const char *text, char *out, size_t len);

/*
 * Undo what nsw_safe_logout_on() did to @text, into @out.
 * Return: 0 changed, 1 nothing of ours found (@out is a copy), -1 @out too
 * small.
 */
int nsw_safe_logout_off(const char *text, char *out, size_t len);

#endif /* NSW_CONF_H */
