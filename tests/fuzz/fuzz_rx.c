// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the receive path as a whole. The input is what a
 * target sends on a connection with commands outstanding; the core's
 * framer (ins_rxframe.c) cuts it into PDUs, split where the input says,
 * and the stand-in below acts on each PDU as ins_rx.c does, with the
 * same core checks: a Data-In's payload is copied into its command's
 * buffer (an exact-size heap block, so ASan sees any write the checks
 * let through), a response ends its command and frees the buffer (a late
 * PDU for it would be a use after free), an R2T is queued against the
 * limits. What ins_rx.c would turn into a dropped connection ends the
 * input here.
 *
 * Input: byte 0 = digests (bit 0 header, bit 1 data) and in-order
 * delivery (bit 2); byte 1 = the largest piece the stream arrives in
 * (1..256 bytes); bytes 2-5 = buffer sizes of the four commands in
 * 512-byte units; then the stream.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "ins_compat.h"
#include "ins_rxframe.h"

#define NCMDS		4
#define LINEAR		8192	/* the kernel's INS_RX_LINEAR */
#define MAX_R2T		4
#define MAX_BURST	(64 * 1024)

struct cmd {
	u8 *buf;		/* NULL: not outstanding */
	u32 bufflen;
	bool is_read;
	bool sent;		/* the target may know its ITT */
	u32 exp_datasn;
	u32 data_in;
	u32 r2t_next;
	u32 r2t_count;
};

struct conn {
	const u8 *in;
	size_t len, pos;
	u32 piece;
	bool inorder;
	struct ins_rxf f;
	u8 hdr[INS_RXF_HDR_MAX];
	u8 *linear;		/* LINEAR bytes, exact size */
	u32 linear_len;
	struct ins_pdu pdu;
	struct cmd cmds[NCMDS];
	struct cmd *rx_cmd;	/* the Data-In being placed */
	u32 sizes[NCMDS];
};

static void cmd_issue(struct conn *c, u32 i)
{
	struct cmd *cmd = &c->cmds[i];

	memset(cmd, 0, sizeof(*cmd));
	cmd->bufflen = c->sizes[i];
	cmd->buf = malloc(cmd->bufflen ? cmd->bufflen : 1);
	cmd->is_read = !(i & 1);
	/* the last one is queued but never sent: its ITT is not known */
	cmd->sent = i != NCMDS - 1;
}

static void cmd_end(struct cmd *cmd)
{
	free(cmd->buf);
	cmd->buf = NULL;
}

/* ins_rx_find_cmd(): an ITT of a command sent and still outstanding */
static struct cmd *find_cmd(struct conn *c, u32 itt)
{
	if (itt >= NCMDS || !c->cmds[itt].buf || !c->cmds[itt].sent)
		return NULL;
	return &c->cmds[itt];
}

static int take(void *ctx, void *buf, u32 len)
{
	struct conn *c = ctx;
	size_t n = c->len - c->pos;

	if (n > len)
		n = len;
	if (n > c->piece)
		n = c->piece;
	memcpy(buf, c->in + c->pos, n);
	c->pos += n;
	return (int)n;
}

static int header(void *ctx)
{
	struct conn *c = ctx;
	struct cmd *cmd;
	u32 exp;

	c->rx_cmd = NULL;
	c->linear_len = 0;
	if (ins_bhs_decode(c->hdr, INS_BHS_LEN, LINEAR, &c->pdu))
		return -1;
	if (c->pdu.opcode != INS_OP_DATA_IN)
		return c->pdu.dlength > LINEAR ? -1 : 0;
	cmd = find_cmd(c, c->pdu.itt);
	if (!cmd)
		return -1;
	exp = c->inorder ? cmd->data_in : INS_DATA_ANY_ORDER;
	if (ins_data_in_check(&c->pdu, cmd->exp_datasn, exp, cmd->bufflen,
			      cmd->is_read))
		return -1;
	c->rx_cmd = cmd;
	return 0;
}

static int data(void *ctx, u32 left)
{
	struct conn *c = ctx;
	u8 *dst;
	int r;

	if (c->rx_cmd)
		dst = c->rx_cmd->buf + c->pdu.u.data_in.offset +
		      ins_rxf_copied(&c->f);
	else
		dst = c->linear + c->linear_len;
	r = take(ctx, dst, left);
	if (r > 0) {
		ins_rxf_data_digest(&c->f, dst, r);
		if (!c->rx_cmd)
			c->linear_len += r;
	}
	return r;
}

/* Status for a command: what the read received must add up, then it ends. */
static int status_done(struct conn *c, struct cmd *cmd)
{
	u32 res;

	if (ins_read_status_check(&c->pdu, cmd->bufflen, cmd->data_in,
				  cmd->is_read))
		return -1;
	if (!ins_pdu_residual(&c->pdu, cmd->bufflen, &res))
		assert(res <= cmd->bufflen);
	cmd_end(cmd);
	return 0;
}

static int data_in_done(struct conn *c)
{
	struct cmd *cmd = c->rx_cmd;

	cmd->exp_datasn++;
	cmd->data_in += c->pdu.dlength;
	if (c->inorder)
		assert(cmd->data_in <= cmd->bufflen);
	if (!c->pdu.has_status)
		return 0;
	return status_done(c, cmd);
}

static int scsi_rsp_done(struct conn *c)
{
	const u8 *sense;
	u32 sense_len;
	struct cmd *cmd;

	if (ins_scsi_rsp_sense(c->linear, c->linear_len, &sense, &sense_len))
		return -1;
	if (sense)
		assert(sense + sense_len <= c->linear + c->linear_len);
	cmd = find_cmd(c, c->pdu.itt);
	if (!cmd)
		return -1;
	return status_done(c, cmd);
}

static int r2t_done(struct conn *c)
{
	const struct ins_pdu_r2t *r = &c->pdu.u.r2t;
	struct cmd *cmd = find_cmd(c, c->pdu.itt);
	struct ins_r2t_limits lim;

	if (!cmd)
		return -1;
	lim.bufflen = cmd->bufflen;
	lim.exp_offset = c->inorder ? cmd->r2t_next : INS_DATA_ANY_ORDER;
	lim.max_burst = MAX_BURST;
	lim.pending = cmd->r2t_count;
	lim.max_pending = MAX_R2T;
	lim.is_write = !cmd->is_read;
	if (ins_r2t_check(&c->pdu, &lim))
		return -1;
	/* the Data-Out it asks for reads these bytes of the buffer */
	assert(r->offset + (u64)r->desired_len <= cmd->bufflen);
	if (r->desired_len)
		(void)ins_crc32c_update(ins_crc32c_init(),
					cmd->buf + r->offset, r->desired_len);
	cmd->r2t_count++;
	cmd->r2t_next = r->offset + r->desired_len;
	return 0;
}

static int pdu(void *ctx)
{
	struct conn *c = ctx;
	u32 i;

	switch (c->pdu.opcode) {
	case INS_OP_DATA_IN:
		return data_in_done(c);
	case INS_OP_SCSI_RSP:
		return scsi_rsp_done(c);
	case INS_OP_R2T:
		return r2t_done(c);
	case INS_OP_NOP_IN:
		/*
		 * Here the stand-in catches up: queued Data-Outs went out,
		 * ended commands are issued again with the same ITTs (a
		 * stale PDU for the old one must not reach the new buffer).
		 */
		for (i = 0; i < NCMDS; i++) {
			c->cmds[i].r2t_count = 0;
			if (!c->cmds[i].buf)
				cmd_issue(c, i);
		}
		return 0;
	default:
		return 0;
	}
}

static int digest_error(void *ctx, bool hdr)
{
	(void)ctx;
	(void)hdr;
	return -1;
}

static const struct ins_rxf_ops ops = {
	.take = take,
	.header = header,
	.data = data,
	.pdu = pdu,
	.digest_error = digest_error,
};

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	struct conn c;
	bool hd, dd;
	u32 i;
	int r;

	if (size < 6)
		return 0;
	memset(&c, 0, sizeof(c));
	hd = in[0] & 1;
	dd = in[0] & 2;
	c.inorder = in[0] & 4;
	c.piece = in[1] + 1;
	for (i = 0; i < NCMDS; i++) {
		c.sizes[i] = in[2 + i] * 512u;
		cmd_issue(&c, i);
	}
	/* an exact-size copy, so ASan sees any read past the end */
	c.len = size - 6;
	c.in = malloc(c.len ? c.len : 1);
	memcpy((void *)c.in, in + 6, c.len);
	c.linear = malloc(LINEAR);
	ins_rxf_init(&c.f, &ops, &c, c.hdr);
	do {
		r = ins_rxf_run(&c.f, hd, dd, 4096);
	} while (r > 0);
	for (i = 0; i < NCMDS; i++)
		cmd_end(&c.cmds[i]);
	free(c.linear);
	free((void *)c.in);
	return 0;
}
