/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive framer: cuts the byte stream a target sends into PDUs.
 *
 * A PDU arrives in four stages: the 48-byte BHS, then its AHS and header
 * digest, then its data segment, then the segment's pad bytes and data
 * digest. The framer runs those stages over whatever bytes the caller has
 * (any split of the stream, down to one byte at a time, gives the same
 * PDUs), checks both digests and hands each stage to the caller's ops:
 * the caller decodes the header and decides where the data goes, places
 * the data and acts on the finished PDU. The kernel's receive path
 * (ins_rx.c) and the userspace fuzz target (tests/fuzz/fuzz_rx.c) run the
 * same framer, so what the fuzzer drives is what the kernel runs.
 */
#ifndef INS_RXFRAME_H
#define INS_RXFRAME_H

#include "ins_pdu.h"

/* The header buffer holds a BHS, the longest AHS and a header digest. */
#define INS_RXF_HDR_MAX		(INS_BHS_LEN + INS_MAX_AHS_LEN + INS_DIGEST_LEN)

enum ins_rxf_stage {
	INS_RXF_BHS,
	INS_RXF_AHS,		/* AHS and header digest */
	INS_RXF_DATA,
	INS_RXF_TRAILER,	/* pad and data digest */
};

/**
 * struct ins_rxf_ops - what the framer's caller does at each stage
 * @take: copy up to @len received bytes to @buf. Returns the bytes
 *	copied, 0 when no more are there yet, or a negative error.
 * @may_go_on: called before each stage past the BHS; false stops the
 *	framer where it is (the caller resumes it later). NULL: always go on.
 * @header: a complete header (BHS and AHS, digest checked) is in the
 *	header buffer: decode it and choose where the data goes. 0 or a
 *	negative error.
 * @data: receive up to @left payload bytes into the place @header chose,
 *	passing them to ins_rxf_data_digest(). Returns the bytes received,
 *	0 when no more are there yet, or a negative error.
 * @pdu: the whole PDU is in, trailer checked: act on it. 0 or an error.
 * @digest_error: a digest did not match (@header true: the header's).
 *	Returns the error the framer stops with.
 */
struct ins_rxf_ops {
	int (*take)(void *ctx, void *buf, u32 len);
	bool (*may_go_on)(void *ctx);
	int (*header)(void *ctx);
	int (*data)(void *ctx, u32 left);
	int (*pdu)(void *ctx);
	int (*digest_error)(void *ctx, bool header);
};

/**
 * struct ins_rxf - the framer's state for one connection
 * @ops: the caller's stage handlers
 * @ctx: passed to every op
 * @hdr: INS_RXF_HDR_MAX bytes the caller provides; the current header
 * @stage: where in the PDU the stream is
 * @got: bytes of the current header or trailer stage received
 * @want: bytes that stage takes
 * @dlen: data segment length, from the BHS
 * @copied: data bytes received so far
 * @hdgst: the current PDU carries a header digest (latched at its BHS)
 * @ddgst: the current PDU carries a data digest (latched at its BHS)
 * @ddgst_calc: running CRC32C of the data segment
 * @trailer: pad bytes and data digest
 */
struct ins_rxf {
	const struct ins_rxf_ops *ops;
	void *ctx;
	u8 *hdr;
	enum ins_rxf_stage stage;
	u32 got;
	u32 want;
	u32 dlen;
	u32 copied;
	bool hdgst;
	bool ddgst;
	u32 ddgst_calc;
	u8 trailer[3 + INS_DIGEST_LEN];
};

void ins_rxf_init(struct ins_rxf *f, const struct ins_rxf_ops *ops,
		  void *ctx, u8 *hdr);
void ins_rxf_reset(struct ins_rxf *f);
int ins_rxf_run(struct ins_rxf *f, bool hdgst, bool ddgst, u32 budget);

/* Feed received payload bytes to the data digest (a no-op without one). */
static inline void ins_rxf_data_digest(struct ins_rxf *f, const void *buf,
				       u32 len)
{
	if (f->ddgst)
		f->ddgst_calc = ins_crc32c_update(f->ddgst_calc, buf, len);
}

/* Bytes of the current data segment received so far. */
static inline u32 ins_rxf_copied(const struct ins_rxf *f)
{
	return f->copied;
}

#endif /* INS_RXFRAME_H */
