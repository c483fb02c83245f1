# SPDX-License-Identifier: GPL-2.0
"""The hostile cases: one small function each, registered with @case
(engine.py explains trigger, expect, io, session). `t` is the case's
Run: t.cmd is the command that triggered it, t.read_pdus() the PDUs a
good target would answer it with; the case sends something else."""
import copy
import time

import pdu as P
from engine import case

KIB = 1024


def drop_after(t, *pdus):
    """Send what must make the initiator drop the connection, then wait."""
    t.send(*pdus)
    t.until_gone()


def bad_data_in(t, **fields):
    p = t.read_pdus(size=16 * KIB)[0].copy()
    p.flags = 0
    for k, v in fields.items():
        setattr(p, k, v)
    drop_after(t, p)


# ------------------------------------------------------- Data-In arithmetic
@case('data-in')
def datain_offset_at_end(t):
    """A Data-In that starts exactly at the end of the buffer."""
    bad_data_in(t, offset=t.cmd.edtl, data=b'\xee' * 512)


@case('data-in')
def datain_offset_past_end(t):
    """A Data-In that starts 4 KiB past the end of the buffer."""
    bad_data_in(t, offset=t.cmd.edtl + 4 * KIB, data=b'\xee' * 512)


@case('data-in')
def datain_offset_wraps(t):
    """BufferOffset + length wraps around 2^32 back into the buffer."""
    bad_data_in(t, offset=0xfffffe00, data=b'\xee' * 1024)


@case('data-in')
def datain_overlap(t):
    """The second Data-In overlaps the first by 512 bytes."""
    pdus = t.read_pdus(size=16 * KIB)
    pdus[1].offset -= 512
    drop_after(t, pdus[0], pdus[1])


@case('data-in')
def datain_gap(t):
    """The second 16 KiB is never sent; DataSN stays continuous."""
    pdus = t.read_pdus(size=16 * KIB)
    rest = pdus[2:]
    for p in rest:
        p.datasn -= 1
    drop_after(t, pdus[0], *rest)


@case('data-in')
def datain_datasn_gap(t):
    """DataSN jumps from 0 to 2."""
    pdus = t.read_pdus(size=16 * KIB)
    for p in pdus[1:]:
        p.datasn += 1
    drop_after(t, *pdus)


@case('data-in')
def datain_duplicate(t):
    """The first Data-In twice."""
    pdus = t.read_pdus(size=16 * KIB)
    drop_after(t, pdus[0], pdus[0].copy(), *pdus[1:])


@case('data-in')
def datain_reordered(t):
    """The first two Data-Ins swapped."""
    pdus = t.read_pdus(size=16 * KIB)
    drop_after(t, pdus[1], pdus[0], *pdus[2:])


@case('data-in')
def datain_more_than_buffer(t):
    """The last Data-In carries 512 bytes more than the buffer holds."""
    pdus = t.read_pdus(size=16 * KIB)
    pdus[-1].data += b'\xee' * 512
    drop_after(t, *pdus)


@case('data-in', expect='bounded')
def datain_residual_over_buffer(t):
    """Status with the U bit and a residual larger than the buffer."""
    pdus = t.read_pdus(size=16 * KIB)
    pdus[-1].flags |= 0x02
    pdus[-1].residual = t.cmd.edtl + 64 * KIB
    t.send(*pdus)


@case('data-in', expect='bounded')
def datain_underflow_without_u(t):
    """Half the data, then GOOD status without the U bit."""
    pdus = t.read_pdus(size=16 * KIB)
    half = pdus[:len(pdus) // 2]
    half[-1].flags |= 0x81
    t.send(*half)


@case('data-in', expect='bounded')
def rsp_without_data(t):
    """GOOD status for a read, and no data at all."""
    t.send(P.scsi_rsp(t.cmd.itt, 0))


@case('data-in', expect='ok')
def status_in_last_data_in(t):
    """Reference: a well-formed read, status in the last Data-In."""
    t.send(*t.read_pdus(size=16 * KIB))


@case('data-in', expect='ok')
def status_in_scsi_response(t):
    """Reference: Data-Ins without status, then a SCSI Response."""
    t.send(*t.read_pdus(collapse=False, size=16 * KIB))


@case('data-in')
def datain_after_response(t):
    """The read completes; then its first Data-In comes again."""
    pdus = t.read_pdus(size=16 * KIB)
    t.send(*pdus)
    time.sleep(0.05)
    late = pdus[0].copy()
    late.statsn = late.exp_cmdsn = late.max_cmdsn = None
    drop_after(t, late)


@case('data-in', trigger='write', io='write')
def datain_for_write(t):
    """A Data-In for a WRITE command."""
    d = P.data_in(t.cmd.itt, 0, 0, b'\xee' * 4096, 0)
    drop_after(t, d)


@case('data-in', expect='ok')
def datain_trickled(t):
    """A well-formed answer sent one byte per TCP segment."""
    t.send_cut(t.read_pdus(size=16 * KIB), [1])


@case('data-in', expect='ok')
def datain_split_odd(t):
    """A well-formed answer cut at odd offsets (1, 47, 49, 4095, 3)."""
    t.send_cut(t.read_pdus(size=16 * KIB), [1, 47, 49, 4095, 3])


@case('data-in', expect='recover')
def datain_truncated(t):
    """Half a Data-In, then the target closes the connection."""
    p = t.read_pdus(size=16 * KIB)[0]
    t.conn.seal(p, False)
    raw = t.conn.wire(p)
    t.conn.send_bytes(raw[:48 + 100])
    time.sleep(0.5)
    t.close()


@case('response', session='digests')
def sense_past_segment(t):
    """CHECK CONDITION whose SenseLength runs past its data segment."""
    rsp = P.check_condition(t.cmd.itt, 0x03, 0x11)
    rsp.data = rsp.data[:2] + b'\0' * 4 + rsp.data[2:]
    rsp.data = b'\x01\x00' + rsp.data[2:]
    drop_after(t, rsp)


@case('response')
def itt_reserved(t):
    """A Data-In with the reserved ITT 0xffffffff."""
    bad_data_in(t, itt=0xffffffff)


@case('response')
def nop_in_oversize(t):
    """A 16 KiB NOP-In, twice the buffer for non-Data-In payloads."""
    drop_after(t, P.nop_in(P.RSVD, P.RSVD, b'\x01' * (16 * KIB)))


@case('response')
def unknown_opcode(t):
    """A PDU with opcode 0x3a, which no target may send."""
    drop_after(t, P.PDU(0x3a, 0x80))


@case('response')
def huge_data_segment(t):
    """A Data-In header announcing a 16 MiB data segment."""
    p = t.read_pdus(size=16 * KIB)[0].copy()
    p.dlen = 0xffffff
    p.data = b''
    drop_after(t, p)


@case('response')
def scsi_rsp_without_f_bit(t):
    """The read's SCSI Response with its F bit clear."""
    pdus = t.read_pdus(collapse=False, size=16 * KIB)
    last = pdus[-1].copy()
    last.flags &= 0x7f
    drop_after(t, *pdus[:-1], last)


@case('response')
def itt_stale_response(t):
    """The read completes; 50 ms later its SCSI Response comes again."""
    pdus = t.read_pdus(collapse=False, size=16 * KIB)
    t.send(*pdus)
    time.sleep(0.05)
    again = pdus[-1].copy()
    again.statsn = again.exp_cmdsn = again.max_cmdsn = None
    drop_after(t, again)


@case('response', expect='drop', trigger='now')
def itt_of_unsent_command(t):
    """The CmdSN window closes; Data-Ins for the ITTs the queued (never
    sent) commands are likely to carry."""
    conn = t.conn
    t.window_hook = lambda c: (c.exp_cmdsn, (c.exp_cmdsn - 1) & P.RSVD)
    t.send(P.nop_in(P.RSVD, P.RSVD))
    t.sleep(3)
    itts = sorted(conn.recent_itts)
    t.note('guessing ITTs %s' % ['%#x' % i for i in itts])
    for itt in itts:
        d = P.data_in(itt, 0, 0, b'\xee' * 4096, 0)
        t.send(d)
    t.window_hook = None
    t.until_gone()


@case('response', expect='drop')
def itt_of_old_connection(t):
    """The target closes the connection while a read is outstanding; on
    the new one, a Data-In carries the read's old ITT."""
    old = t.cmd
    t.close()
    t.conn = t.wait_new_conn()
    t.report['closed_by_target'] = False
    d = P.data_in(old.itt, 0, 0, t.tgt.disk(0).read(old.lba, 8), 0)
    drop_after(t, d)


@case('response', expect='drop')
def datain_before_resend(t):
    """The target closes the connection under a held read; the relogin's
    last Login Response comes in one segment with a GOOD answer, of other
    blocks' bytes, for the ITT the read will be sent again under."""
    old = t.cmd
    # iscsi_netswap's ITT: the request tag, and the connection generation
    # in bits 16..23, one more on each new connection
    gen = ((old.itt >> 16) + 1) & 0xff
    fake = copy.copy(old)
    fake.itt = (old.itt & 0xff00ffff) | (gen << 16)
    other = old.lba - 64 if old.lba >= 64 else old.lba + 64
    wrong = t.tgt.disk(0).read(other, old.blocks)

    def hook(conn, csg, keys, rsp):
        if not (rsp.tsih and rsp.flags & 0x80 and rsp.flags & 3 == 3):
            return None
        t.login_hook = None         # the first relogin only
        t.conn = conn               # its drop is the case's outcome
        conn.send_login_rsp(rsp, after=conn.data_in(fake, wrong))
        return 'sent'
    first = t.conn
    t.login_hook = hook
    t.close()
    end = time.time() + 150
    while t.conn is first and time.time() < end:
        t.sleep(0.1)
    if t.conn is first:
        t.note('no relogin in 150 s')
        return
    t.until_gone()
    t.conn = t.wait_new_conn()


# ------------------------------------------------------------------- R2T
def write_r2t(t, offset, length, r2tsn=0, ttt=0x1000):
    return P.r2t(t.cmd.itt, t.cmd.lun, ttt, r2tsn, offset, length)


def immediate(t):
    return len(t.cmd.imm)


@case('r2t', trigger='write', io='write')
def r2t_same_r2tsn_twice(t):
    """Two R2Ts with the same R2TSN for the same range."""
    r = write_r2t(t, immediate(t), 64 * KIB)
    drop_after(t, r, r.copy())


@case('r2t', trigger='write', io='write-big')
def r2t_over_max_burst(t):
    """An R2T asking for more than MaxBurstLength."""
    drop_after(t, write_r2t(t, immediate(t), t.conn.burst + 4 * KIB))


@case('r2t', trigger='write', io='write')
def r2t_over_max_outstanding(t):
    """Two R2Ts at once while MaxOutstandingR2T is 1."""
    if t.conn.max_r2t != 1:
        t.note('MaxOutstandingR2T is %d' % t.conn.max_r2t)
    off = immediate(t)
    r = [write_r2t(t, off + i * 32 * KIB, 32 * KIB, i, 0x1000 + i)
         for i in range(t.conn.max_r2t + 1)]
    drop_after(t, *r)


@case('r2t', trigger='write', io='write')
def r2t_past_end(t):
    """An R2T for a range past the end of the write."""
    drop_after(t, write_r2t(t, immediate(t), t.cmd.edtl))


@case('r2t', trigger='write', io='write')
def r2t_offset_wraps(t):
    """An R2T whose offset + length wraps around 2^32."""
    drop_after(t, write_r2t(t, 0xffff0000, 0x20000))


@case('r2t', trigger='write', io='write')
def r2t_zero_length(t):
    """An R2T for zero bytes."""
    drop_after(t, write_r2t(t, immediate(t), 0))


@case('r2t', trigger='write', io='write')
def r2t_reserved_ttt(t):
    """An R2T whose Target Transfer Tag is the reserved 0xffffffff."""
    drop_after(t, write_r2t(t, immediate(t), 64 * KIB, ttt=P.RSVD))


@case('r2t', trigger='write', io='write')
def r2t_after_response(t):
    """The write completes; then an R2T for it comes."""
    t.serve()
    time.sleep(0.05)
    drop_after(t, write_r2t(t, 0, 64 * KIB, 5))


@case('r2t')
def r2t_for_read(t):
    """An R2T for a READ command."""
    drop_after(t, write_r2t(t, 0, 16 * KIB))


def answer_tmfs(t, until=None, response=0, quiet=8):
    """Answer every Task Management request until `until()` is true (by
    default: 60 s after the case fired) or none came for `quiet` seconds;
    the target answers later ones itself."""
    if until is None:
        def until():
            return time.time() > t.fired_at + 60
    last = time.time()
    while not until() and time.time() - last < quiet:
        try:
            func, bhs = t.tmf(timeout=1)
        except Exception:
            continue
        t.tmf_answer(bhs, response)
        last = time.time()


@case('keepalive', trigger='write', io='write', expect='bounded',
      timeout=6, tmf=True)
def r2t_endless(t):
    """R2T after R2T for the same range, forever (until a TMF)."""
    off = immediate(t)
    sn = 0
    end = time.time() + 120
    while time.time() < end:
        t.send(write_r2t(t, off, 16 * KIB, sn))
        sn += 1
        kind, bhs, _ = t.next(timeout=30)
        if kind == 'tmf':
            t.tmf_answer(bhs)
            break
        while kind == 'data-out' and not bhs[1] & 0x80:
            kind, bhs, _ = t.next(timeout=30)
            if kind == 'tmf':
                t.tmf_answer(bhs)
                end = 0
                break
    answer_tmfs(t, lambda: t.conn.closed or time.time() > t.fired_at + 150)


@case('keepalive', expect='bounded', timeout=6, tmf=True)
def datain_zero_length_forever(t):
    """Zero-length Data-Ins for the read every 0.5 s, until a TMF."""
    end = time.time() + 120
    sn = 0
    while time.time() < end:
        t.send(P.data_in(t.cmd.itt, 0, 0, b'', sn))
        sn += 1
        try:
            _, bhs = t.tmf(timeout=0.5)
        except Exception:
            continue
        t.tmf_answer(bhs)
        break
    answer_tmfs(t, lambda: t.conn.closed or time.time() > t.fired_at + 150)


@case('keepalive', expect='bounded', timeout=6, tmf=True)
def held_until_abort(t):
    """No answer at all; ABORT TASK is answered Function Complete."""
    _, bhs = t.tmf()
    t.tmf_answer(bhs)
    answer_tmfs(t)


@case('keepalive', trigger='logout', io='logout', expect='bounded')
def logout_answer_late(t):
    """The Logout Response comes 12 s late (pings due every 5 s)."""
    bhs = t.logout()
    t.sleep(12)
    t.send(P.logout_rsp(P.u32(bhs, 16)))


# ------------------------------------------------- TMF against its own data
@case('tmf', expect='bounded', timeout=6, tmf=True)
def abort_then_data_in(t):
    """ABORT TASK answered; then the aborted read's Data-In arrives."""
    _, bhs = t.tmf()
    t.tmf_answer(bhs)
    t.send(*t.read_pdus(size=16 * KIB))
    answer_tmfs(t)


@case('tmf', expect='bounded', timeout=6, tmf=True)
def data_in_then_abort_answer(t):
    """On ABORT TASK the read completes first; the TMF answer says the
    task does not exist."""
    _, bhs = t.tmf()
    t.send(*t.read_pdus(size=16 * KIB))
    t.tmf_answer(bhs, 1)
    answer_tmfs(t)


@case('tmf', expect='bounded', timeout=6, tmf=True)
def abort_answer_mid_payload(t):
    """On ABORT TASK: one Data-In, the TMF answer, the rest of the data."""
    _, bhs = t.tmf()
    pdus = t.read_pdus(size=16 * KIB)
    t.send(pdus[0])
    t.tmf_answer(bhs)
    t.send(*pdus[1:])
    answer_tmfs(t)


@case('tmf', expect='bounded', timeout=6, tmf=True)
def response_after_abort(t):
    """ABORT TASK answered; then GOOD status for the aborted read."""
    _, bhs = t.tmf()
    t.tmf_answer(bhs)
    t.send(P.scsi_rsp(t.cmd.itt, 0))
    answer_tmfs(t)


@case('tmf', expect='bounded', timeout=6, tmf=True)
def abort_rejected(t):
    """ABORT TASK is rejected; what follows is answered Function
    Complete, and the read's data arrives after the LU reset."""
    func, bhs = t.tmf()
    t.tmf_answer(bhs, 255)
    func, bhs = t.tmf()
    t.note('after the rejected abort: function %d' % func)
    t.tmf_answer(bhs)
    t.send(*t.read_pdus(size=16 * KIB))
    answer_tmfs(t)


@case('tmf', expect='bounded', timeout=6, tmf=True)
def lu_reset_then_data_in(t):
    """ABORT TASK is never answered; the LU reset is, and then the
    read's Data-In arrives."""
    while True:
        func, bhs = t.tmf()
        if func in (5, 6, 7):
            break
    t.tmf_answer(bhs)
    t.send(*t.read_pdus(size=16 * KIB))
    answer_tmfs(t)


@case('tmf', expect='bounded', timeout=6, tmf=True)
def only_target_reset_answered(t):
    """ABORT TASK and LU RESET are never answered; TARGET RESET is."""
    while True:
        func, bhs = t.tmf()
        if func in (6, 7):
            break
    t.tmf_answer(bhs)
    answer_tmfs(t)


@case('tmf', expect='bounded', timeout=6, tmf=True)
def tmf_never_answered(t):
    """No Task Management request is ever answered."""
    t.sleep(100)


# ---------------------------------------------------- digests, AHS, pads
@case('digest', session='digests')
def header_digest_wrong(t):
    """A Data-In whose header digest is wrong."""
    p = t.read_pdus(size=16 * KIB)[0]
    p.bad_hdigest = True
    drop_after(t, p)


@case('digest', session='digests')
def data_digest_wrong(t):
    """A Data-In whose data digest is wrong."""
    p = t.read_pdus(size=16 * KIB)[0]
    p.bad_ddigest = True
    drop_after(t, p)


@case('digest', session='digests', expect='ok', trigger='now')
def pad_garbage(t):
    """A NOP-In ping with 5 data bytes and non-zero pad bytes."""
    p = P.nop_in(P.RSVD, 0x4242, b'hello')
    p.pad = b'\xde\xad\xbe'
    t.send(p)


@case('digest', session='digests', expect='bounded')
def max_ahs_with_digests(t):
    """The read's Data-In with 1020 bytes of AHS, digests on."""
    pdus = t.read_pdus(size=16 * KIB)
    pdus[0].ahs = bytes([0x03, 0xfc]) + b'\0' * 1018
    t.send(*pdus)


# ------------------------------------------------------------------ floods
@case('flood', trigger='now', expect='bounded')
def nop_flood_unread(t):
    """20000 NOP-In pings while the target stops reading."""
    t.conn.paused = True
    try:
        for i in range(20000):
            t.send(P.nop_in(P.RSVD, 0x10000 + i, b'x' * 64))
    finally:
        t.sleep(3)
        t.conn.paused = False


@case('flood', trigger='now', expect='ok')
def async_flood(t):
    """5000 vendor-specific Async Messages."""
    for _ in range(5000):
        t.send(P.async_msg(0xff, data=b'\0\0'))


@case('flood', trigger='now', expect='ok')
def async_scsi_event_flood(t):
    """3000 SCSI Async Events (a UNIT ATTENTION's sense) on LUN 0."""
    sense = bytes([0x70, 0, 0x06, 0, 0, 0, 0, 10] + [0] * 4 + [0x3f, 0x0e] +
                  [0] * 4)
    for _ in range(3000):
        t.send(P.async_msg(0, data=len(sense).to_bytes(2, 'big') + sense))


@case('flood', trigger='now', expect='bounded')
def reject_flood(t):
    """2000 Rejects of a NOP-Out that was never sent."""
    hdr = P.nop_in(P.RSVD, P.RSVD).bhs()
    hdr[0] = 0x40
    for _ in range(2000):
        t.send(P.reject(0x09, hdr))


# --------------------------------------------------------- CmdSN window
def window_closed(c):
    return c.exp_cmdsn, (c.exp_cmdsn - 1) & P.RSVD


def window_closed_for(t, secs):
    t.window_hook = window_closed
    t.send(P.nop_in(P.RSVD, P.RSVD))
    t.sleep(secs)
    t.window_hook = None
    t.send(P.nop_in(P.RSVD, P.RSVD))


@case('cmdsn', trigger='now', expect='ok')
def window_closed_20s(t):
    """The CmdSN window closes for 20 s, then opens again."""
    window_closed_for(t, 20)


@case('cmdsn', trigger='now', expect='bounded', timeout=6)
def window_closed_90s(t):
    """The CmdSN window stays closed for 90 s (commands time out)."""
    window_closed_for(t, 90)


@case('cmdsn', trigger='now', expect='ok')
def max_cmdsn_near_2_31(t):
    """MaxCmdSN jumps 2^31 - 2 ahead (legal), then 2^31 + 8 (must be
    ignored)."""
    t.window_hook = lambda c: (c.exp_cmdsn,
                               (c.exp_cmdsn + 0x7ffffffe) & P.RSVD)
    t.send(P.nop_in(P.RSVD, P.RSVD))
    t.sleep(2)
    t.window_hook = lambda c: (c.exp_cmdsn,
                               (c.exp_cmdsn + 0x80000008) & P.RSVD)
    t.sleep(10)
    t.window_hook = None


@case('cmdsn', trigger='now', expect='ok')
def max_cmdsn_behind(t):
    """MaxCmdSN 100 behind ExpCmdSN on every PDU (must be ignored)."""
    t.window_hook = lambda c: (c.exp_cmdsn, (c.exp_cmdsn - 100) & P.RSVD)
    t.send(P.nop_in(P.RSVD, P.RSVD))
    t.sleep(10)
    t.window_hook = None


# ------------------------------------------------------- login and relogin
def relogin(t, hook, attempts=1):
    """Close the connection; the next `attempts` connections log in
    through hook(conn, csg, keys, rsp), which may change the response
    (None), send its own ('sent') or end the connection (False)."""
    first = []
    hooked = []

    def wrapped(conn, csg, keys, rsp):
        if not first:
            first.append(conn.num)
        if conn.num >= first[0] + attempts:
            return None
        if conn not in hooked:
            hooked.append(conn)
        return hook(conn, csg, keys, rsp)
    t.login_hook = wrapped
    t.close()
    t.conn = t.wait_new_conn(timeout=150)
    t.login_hook = None
    # the initiator may log in anew before it closes the attempt it gave
    # up on: the case ends once that close is seen (and counted)
    end = time.time() + 15
    while time.time() < end and \
            any(not c.closed for c in hooked if c is not t.conn):
        time.sleep(0.1)


def chap_keys(rsp):
    return [kv for kv in (x.split(b'=', 1) for x in rsp.data.split(b'\0'))
            if len(kv) == 2]


def set_keys(rsp, pairs):
    rsp.data = b''.join(k + b'=' + v + b'\0' for k, v in pairs)


def replace_key(rsp, key, value):
    set_keys(rsp, [(k, value if k == key else v) for k, v in chap_keys(rsp)])


def has_key(rsp, key):
    return any(k == key for k, _ in chap_keys(rsp))


@case('login', trigger='now', expect='refused', session='chap')
def relogin_chap_challenge_1_byte(t):
    """CHAP_C of one byte."""
    def hook(conn, csg, keys, rsp):
        if has_key(rsp, b'CHAP_C'):
            conn.chap_chal = b'\x01'
            replace_key(rsp, b'CHAP_C', b'0x01')
    relogin(t, hook)


@case('login', trigger='now', expect='refused', session='chap')
def relogin_chap_challenge_1100_bytes(t):
    """CHAP_C of 1100 bytes."""
    def hook(conn, csg, keys, rsp):
        if has_key(rsp, b'CHAP_C'):
            conn.chap_chal = b'\x5a' * 1100
            replace_key(rsp, b'CHAP_C', b'0x' + b'5a' * 1100)
    relogin(t, hook)


@case('login', trigger='now', expect='refused', session='chap')
def relogin_auth_none(t):
    """The target picks AuthMethod=None though the node asks for CHAP."""
    def hook(conn, csg, keys, rsp):
        if has_key(rsp, b'AuthMethod'):
            replace_key(rsp, b'AuthMethod', b'None')
            conn.chap_state = 'done'
            rsp.flags = 0x80 | (0 << 2) | 1
            conn.no_auth = True
        if csg == 1 and rsp.flags & 0x80 and getattr(conn, 'no_auth', 0):
            t.tgt.violation('initiator went on without CHAP')
    relogin(t, hook)


@case('login', trigger='now', expect='refused', session='chap')
def relogin_no_chap_challenge(t):
    """CHAP_A answered, but no CHAP_I and CHAP_C."""
    def hook(conn, csg, keys, rsp):
        if has_key(rsp, b'CHAP_C'):
            set_keys(rsp, [(k, v) for k, v in chap_keys(rsp)
                           if k not in (b'CHAP_C', b'CHAP_I')])
    relogin(t, hook)


@case('login', trigger='now', expect='refused', session='chap')
def relogin_reflected_answer(t):
    """Mutual CHAP: the target answers the initiator's challenge with the
    initiator's own CHAP_R (a reflection)."""
    def hook(conn, csg, keys, rsp):
        if has_key(rsp, b'CHAP_R'):
            replace_key(rsp, b'CHAP_R', keys['CHAP_R'].encode())
    relogin(t, hook)


@case('login', trigger='now', expect='refused', session='chap')
def relogin_wrong_target_answer(t):
    """Mutual CHAP: the target's CHAP_R is wrong by one bit."""
    def hook(conn, csg, keys, rsp):
        for k, v in chap_keys(rsp):
            if k == b'CHAP_R':
                b = bytearray(bytes.fromhex(v[2:].decode()))
                b[0] ^= 1
                replace_key(rsp, b'CHAP_R', b'0x' + b.hex().encode())
    relogin(t, hook)


@case('login', trigger='now', expect='ok', session='chap')
def relogin_trickled(t):
    """Every Login Response sent one byte per 2 ms."""
    def hook(conn, csg, keys, rsp):
        conn.send_login_rsp(rsp, chunks=[1], delay=0.002)
        return 'sent'
    relogin(t, hook)


@case('login', trigger='now', expect='refused')
def relogin_too_slow(t):
    """The first Login Response trickles at 2 bytes a second."""
    def hook(conn, csg, keys, rsp):
        conn.seal(rsp, True)
        if conn.send_bytes(conn.wire(rsp), [1], 0.5):
            conn.tgt.violation('the initiator waited for a login '
                               'response trickled over minutes')
            conn.closed_by_us = True
        else:
            # the initiator gave up and closed: counted here, since the
            # case may end before the target's reader sees the close
            t.refused(conn)
        return False
    relogin(t, hook)


@case('login', trigger='now', expect='refused')
def relogin_nop_in_instead(t):
    """A NOP-In where the Login Response should be."""
    def hook(conn, csg, keys, rsp):
        conn.send(P.nop_in(P.RSVD, 0x77, b''))
        return 'sent'
    relogin(t, hook)


@case('login', trigger='now', expect='refused')
def relogin_scsi_response_instead(t):
    """A SCSI Response where the Login Response should be."""
    def hook(conn, csg, keys, rsp):
        conn.send(P.scsi_rsp(rsp.itt, 0))
        return 'sent'
    relogin(t, hook)


@case('login', trigger='now', expect='refused')
def relogin_endless_continuation(t):
    """Login Responses with the C bit and 8 KiB of keys, again and again."""
    def hook(conn, csg, keys, rsp):
        if csg != 1:
            return None
        n = getattr(conn, 'conts', 0)
        conn.conts = n + 1
        if n > 300:
            conn.tgt.violation('the initiator took 300 continuations')
            conn.closed_by_us = True
            return False
        rsp.flags = 0x40 | (1 << 2) | 1
        rsp.tsih = 0
        rsp.data = b'X-com.example.junk=' + b'j' * 8000 + b'\0'
        conn.send(rsp, status=True)
        return 'sent'
    relogin(t, hook)


def mrdsl_hook(value):
    def hook(conn, csg, keys, rsp):
        if csg == 1:
            conn.my_mrdsl = value
            replace_key(rsp, b'MaxRecvDataSegmentLength', str(value).encode())
    return hook


@case('login', trigger='now', expect='ok', io='write')
def relogin_mrdsl_512(t):
    """MaxRecvDataSegmentLength=512 on the relogin; writes follow."""
    relogin(t, mrdsl_hook(512))


@case('login', trigger='now', expect='ok', io='write')
def relogin_mrdsl_max(t):
    """MaxRecvDataSegmentLength=16777215 on the relogin; writes follow."""
    relogin(t, mrdsl_hook(16777215))
