// SPDX-License-Identifier: GPL-2.0
/*
 * The receive framer (ins_rxframe.h): RFC 7143 section 11's PDU layout
 * (BHS, AHS, header digest, data segment padded to 4 bytes, data digest)
 * applied to a byte stream that arrives in pieces of any size.
 */
#include "ins_compat.h"
#include "ins_rxframe.h"

/**
 * ins_rxf_init - set up a framer for a new connection
 * @f: framer
 * @ops: the caller's stage handlers
 * @ctx: passed to every op
 * @hdr: INS_RXF_HDR_MAX bytes for the header, owned by the caller
 */
void ins_rxf_init(struct ins_rxf *f, const struct ins_rxf_ops *ops,
		  void *ctx, u8 *hdr)
{
	f->ops = ops;
	f->ctx = ctx;
	f->hdr = hdr;
	ins_rxf_reset(f);
}

/**
 * ins_rxf_reset - forget any partly received PDU
 * @f: framer
 *
 * The next byte the framer takes is the first of a BHS: for a new
 * connection, since ERL0 never resumes a stream.
 */
void ins_rxf_reset(struct ins_rxf *f)
{
	f->stage = INS_RXF_BHS;
	f->got = 0;
	f->want = INS_BHS_LEN;
	f->dlen = 0;
	f->copied = 0;
	f->hdgst = false;
	f->ddgst = false;
	f->ddgst_calc = ins_crc32c_init();
}

/* Take bytes into @buf until the stage has f->want: 1, 0 (dry) or < 0. */
static int ins_rxf_fill(struct ins_rxf *f, u8 *buf, u32 *total)
{
	int r;

	while (f->got < f->want) {
		r = f->ops->take(f->ctx, buf + f->got, f->want - f->got);
		if (r <= 0)
			return r;
		f->got += r;
		*total += r;
	}
	return 1;
}

static bool ins_rxf_go_on(struct ins_rxf *f)
{
	return !f->ops->may_go_on || f->ops->may_go_on(f->ctx);
}

/* The header is in: its digest is checked before anything reads it. */
static int ins_rxf_header_done(struct ins_rxf *f)
{
	u32 ahs = ins_bhs_ahs_len(f->hdr);

	if (f->hdgst &&
	    ins_hdr_digest_check(f->hdr, f->hdr + INS_BHS_LEN, ahs,
				 f->hdr + INS_BHS_LEN + ahs))
		return f->ops->digest_error(f->ctx, true);
	return f->ops->header(f->ctx);
}

/* Pad and data digest are in: the pad bytes count, whatever they hold. */
static int ins_rxf_trailer_done(struct ins_rxf *f)
{
	u32 pad = ins_pad_len(f->dlen);
	u32 crc;

	if (f->ddgst && f->dlen) {
		crc = ins_crc32c_update(f->ddgst_calc, f->trailer, pad);
		if (ins_crc32c_final(crc) != ins_digest_get(f->trailer + pad))
			return f->ops->digest_error(f->ctx, false);
	}
	return f->ops->pdu(f->ctx);
}

/**
 * ins_rxf_run - frame and hand over PDUs until the bytes run out
 * @f: framer
 * @hdgst: PDUs from the next BHS on carry a header digest
 * @ddgst: and a data digest
 * @budget: return once more than this many bytes were taken
 *
 * Return: the bytes taken plus one per finished PDU (so a run that ended
 * an empty PDU is never 0), 0 when there was nothing to do or an op said
 * not to go on, or the first negative error of an op.
 */
int ins_rxf_run(struct ins_rxf *f, bool hdgst, bool ddgst, u32 budget)
{
	u32 total = 0;
	int r;

	for (;;) {
		switch (f->stage) {
		case INS_RXF_BHS:
			r = ins_rxf_fill(f, f->hdr, &total);
			if (r <= 0)
				goto out;
			f->hdgst = hdgst;
			f->ddgst = ddgst;
			f->dlen = ins_bhs_dlength(f->hdr);
			f->copied = 0;
			f->ddgst_calc = ins_crc32c_init();
			f->got = 0;
			f->want = ins_bhs_ahs_len(f->hdr) +
				  (hdgst ? INS_DIGEST_LEN : 0);
			f->stage = INS_RXF_AHS;
			fallthrough;
		case INS_RXF_AHS:
			if (!ins_rxf_go_on(f))
				return (int)total;
			r = ins_rxf_fill(f, f->hdr + INS_BHS_LEN, &total);
			if (r <= 0)
				goto out;
			r = ins_rxf_header_done(f);
			if (r < 0)
				return r;
			f->stage = INS_RXF_DATA;
			fallthrough;
		case INS_RXF_DATA:
			if (!ins_rxf_go_on(f))
				return (int)total;
			if (f->copied < f->dlen) {
				r = f->ops->data(f->ctx, f->dlen - f->copied);
				if (r <= 0)
					goto out;
				f->copied += r;
				total += r;
				if (f->copied < f->dlen)
					break;
			}
			f->got = 0;
			f->want = f->dlen ? ins_pad_len(f->dlen) +
				  (f->ddgst ? INS_DIGEST_LEN : 0) : 0;
			f->stage = INS_RXF_TRAILER;
			fallthrough;
		case INS_RXF_TRAILER:
			if (!ins_rxf_go_on(f))
				return (int)total;
			r = ins_rxf_fill(f, f->trailer, &total);
			if (r <= 0)
				goto out;
			r = ins_rxf_trailer_done(f);
			if (r < 0)
				return r;
			f->stage = INS_RXF_BHS;
			f->got = 0;
			f->want = INS_BHS_LEN;
			total++;
			break;
		}
		if (total > budget)
			return (int)total;
	}
out:
	return r < 0 ? r : (int)total;
}
