/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 1982 serial number arithmetic (SERIAL_BITS = 32) and
 * the CmdSN window of RFC 7143 section 4.2.2.1.
 *
 * Usage summary:
 *   ins_sn_lt/le/gt/ge(a, b)   compare sequence numbers across wraparound;
 *   ins_sn_between(x, lo, hi)  lo <= x <= hi;
 *   ins_cmdsn_window_open(w, cmdsn)  may a non-immediate command with this
 *                              CmdSN be sent now;
 *   ins_cmdsn_window_update(w, exp, max)  apply ExpCmdSN/MaxCmdSN from a
 *                              received PDU; returns false if ignored;
 *   ins_cmdsn_window_reset(w, next)  a new connection: until the target's
 *                              first PDU only the command numbered @next
 *                              may go;
 *   ins_cmdsn_window_may_queue(w, cmdsn)  may the initiator hand out
 *                              @cmdsn (the next number, counting commands
 *                              queued but not yet sent) now.
 *
 * Two numbers exactly 2^31 apart are not comparable under RFC 1982: every
 * comparison between them is false here, so such values never open a window
 * or move it.
 */
#ifndef INS_SERIAL_H
#define INS_SERIAL_H

#include "ins_compat.h"

#define INS_SN_HALF	0x80000000U

static inline bool ins_sn_lt(u32 a, u32 b)
{
	return a != b && (u32)(b - a) < INS_SN_HALF;
}

static inline bool ins_sn_gt(u32 a, u32 b)
{
	return a != b && (u32)(a - b) < INS_SN_HALF;
}

static inline bool ins_sn_le(u32 a, u32 b)
{
	return a == b || ins_sn_lt(a, b);
}

static inline bool ins_sn_ge(u32 a, u32 b)
{
	return a == b || ins_sn_gt(a, b);
}

/* lo <= x <= hi; false whenever a pair is not comparable. */
static inline bool ins_sn_between(u32 x, u32 lo, u32 hi)
{
	return ins_sn_le(lo, x) && ins_sn_le(x, hi) && ins_sn_le(lo, hi);
}

struct ins_cmdsn_window {
	u32 exp_cmdsn;
	u32 max_cmdsn;
};

static inline void ins_cmdsn_window_init(struct ins_cmdsn_window *w,
					 u32 exp_cmdsn, u32 max_cmdsn)
{
	w->exp_cmdsn = exp_cmdsn;
	w->max_cmdsn = max_cmdsn;
}

/* MaxCmdSN == ExpCmdSN - 1 is the closed window (no command may be sent). */
static inline bool ins_cmdsn_window_closed(const struct ins_cmdsn_window *w)
{
	return w->max_cmdsn == w->exp_cmdsn - 1;
}

static inline bool ins_cmdsn_window_open(const struct ins_cmdsn_window *w,
					 u32 cmdsn)
{
	return ins_sn_between(cmdsn, w->exp_cmdsn, w->max_cmdsn);
}

/* Is (exp, max) a legal pair: MaxCmdSN >= ExpCmdSN - 1 serially? */
static inline bool ins_cmdsn_pair_valid(u32 exp_cmdsn, u32 max_cmdsn)
{
	return ins_sn_ge(max_cmdsn, exp_cmdsn - 1);
}

/**
 * ins_cmdsn_window_update() - apply ExpCmdSN/MaxCmdSN from a target PDU
 * @w: current window
 * @exp_cmdsn: ExpCmdSN field of the received PDU
 * @max_cmdsn: MaxCmdSN field of the received PDU
 *
 * PDUs may arrive carrying older values than ones already seen (they are
 * generated on different paths in the target), so each edge only moves
 * forward.  A pair with MaxCmdSN < ExpCmdSN - 1 must be ignored entirely.
 *
 * Return: false if the pair was ignored, true otherwise.
 */
static inline bool ins_cmdsn_window_update(struct ins_cmdsn_window *w,
					   u32 exp_cmdsn, u32 max_cmdsn)
{
	if (!ins_cmdsn_pair_valid(exp_cmdsn, max_cmdsn))
		return false;
	if (ins_sn_gt(exp_cmdsn, w->exp_cmdsn))
		w->exp_cmdsn = exp_cmdsn;
	if (ins_sn_gt(max_cmdsn, w->max_cmdsn))
		w->max_cmdsn = max_cmdsn;
	return true;
}

/**
 * ins_cmdsn_window_reset() - window of a new connection
 * @w: window
 * @next_cmdsn: the CmdSN the next non-immediate command will carry
 *
 * The target states its window in every PDU, the Login Response first;
 * until then only @next_cmdsn is known to be acceptable.  The window only
 * moves forward afterwards, so it must not start above what the target
 * will say.
 */
static inline void ins_cmdsn_window_reset(struct ins_cmdsn_window *w,
					  u32 next_cmdsn)
{
	w->exp_cmdsn = next_cmdsn;
	w->max_cmdsn = next_cmdsn;
}

/**
 * ins_cmdsn_window_may_queue() - may a command take CmdSN @cmdsn now
 * @w: window
 * @cmdsn: the number it would get (commands queued before it counted)
 *
 * Only the upper edge matters: numbers below ExpCmdSN have been handed
 * out already, and a target that acknowledges more than was sent must not
 * stop the session.  Numbers 2^31 away compare false: the window is
 * closed.
 */
static inline bool ins_cmdsn_window_may_queue(const struct ins_cmdsn_window *w,
					      u32 cmdsn)
{
	return ins_sn_le(cmdsn, w->max_cmdsn);
}

#endif /* INS_SERIAL_H */
