#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A scriptable hostile iSCSI target for rig tests (127.0.0.1 only).

It is a real target first: it logs in (AuthMethod None, CHAP or mutual
CHAP, header and data digests), and serves a small SBC disk per LUN from a
backing file (INQUIRY, READ CAPACITY, REPORT LUNS, MODE SENSE, READ/WRITE
6/10/16 with immediate data and R2Ts, SYNCHRONIZE CACHE). On top of that
a control port lets the rig guest arm one named case at a time (cases.py):
the case takes over the next command it is waiting for (or the next
login, or acts at once) and misbehaves while the initiator holds that
command's buffers, then reports what the initiator did about it.

Control protocol, one line per request, one JSON line per answer:
  arm CASE     arm a case (its report starts empty)
  report       the armed case's report (fired, done, dropped, logins, ...)
  disarm       forget the case; the target serves normally again
  list         the cases, with their class and expectation

usage: target.py -p PORT -c CTLPORT -t IQN -b FILE[,FILE...]
                 [--chap USER:SECRET] [--mutual USER:SECRET]
"""
import argparse
import json
import os
import secrets
import socket
import struct
import sys
import threading
import time

import pdu as P
import engine as E
import cases  # noqa: F401 (registers the cases)

BLOCK = 512


def log(msg):
    sys.stdout.write('[%s] %s\n' % (time.strftime('%H:%M:%S'), msg))
    sys.stdout.flush()


def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError()
        buf += chunk
    return bytes(buf)



class Disk:
    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_RDWR)
        self.blocks = os.fstat(self.fd).st_size // BLOCK

    def read(self, lba, n):
        return os.pread(self.fd, n * BLOCK, lba * BLOCK)

    def write(self, lba, data):
        os.pwrite(self.fd, data, lba * BLOCK)


class Conn:
    """One TCP connection: login, then full feature phase."""

    def __init__(self, tgt, sock, num):
        self.tgt = tgt
        self.sock = sock
        self.num = num
        self.slock = threading.Lock()
        self.statsn = secrets.randbits(31)
        self.exp_cmdsn = 0
        self.hdigest = False
        self.ddigest = False
        self.mrdsl = 8192           # what the initiator may receive
        self.my_mrdsl = 262144      # what we may receive
        self.burst = 262144
        self.first_burst = 65536
        self.max_r2t = 1
        self.ffp = False
        self.closed_by_us = False
        self.closed = False
        self.writes = {}            # itt -> WriteState, default path
        self.owned = {}             # itt -> case run owning it
        self.tsih = 0
        self.isid = b''
        self.chap_state = None
        self.paused = False
        self.recent_itts = set()

    # ----------------------------------------------------------- sending
    def window(self):
        """ExpCmdSN and MaxCmdSN to put into the next PDU."""
        run = self.tgt.run
        if run and run.window_hook:
            return run.window_hook(self)
        return self.exp_cmdsn, (self.exp_cmdsn + 31) & 0xffffffff

    def seal(self, pdu, status=True):
        """Fill StatSN/ExpCmdSN/MaxCmdSN (status: the PDU takes a StatSN)."""
        if pdu.statsn is None:
            pdu.statsn = self.statsn
            if status:
                self.statsn = (self.statsn + 1) & 0xffffffff
        e, m = self.window()
        if pdu.exp_cmdsn is None:
            pdu.exp_cmdsn = e
        if pdu.max_cmdsn is None:
            pdu.max_cmdsn = m
        return pdu

    def wire(self, pdu):
        return pdu.encode(self.hdigest, self.ddigest)

    def send_bytes(self, raw, chunks=None, delay=0.0):
        """Send raw bytes, optionally cut at the given chunk sizes."""
        with self.slock:
            try:
                if not chunks:
                    self.sock.sendall(raw)
                    return True
                pos = 0
                i = 0
                while pos < len(raw):
                    n = chunks[i % len(chunks)]
                    i += 1
                    self.sock.sendall(raw[pos:pos + n])
                    pos += n
                    if delay:
                        time.sleep(delay)
                return True
            except OSError:
                return False

    def send(self, pdu, status=None):
        if status is None:
            status = pdu.takes_statsn()
        self.seal(pdu, status)
        return self.send_bytes(self.wire(pdu))

    def close(self):
        self.closed_by_us = True
        self.shut()

    def shut(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # --------------------------------------------------------- receiving
    def read_pdu(self):
        bhs = bytearray(recv_exact(self.sock, 48))
        ahs = recv_exact(self.sock, bhs[4] * 4) if bhs[4] else b''
        if self.hdigest:
            dig = struct.unpack('<I', recv_exact(self.sock, 4))[0]
            if dig != P.crc32c(bytes(bhs) + ahs):
                raise ValueError('header digest mismatch from initiator')
        dlen = P.u24(bhs, 5)
        data = b''
        if dlen:
            data = recv_exact(self.sock, dlen + P.pad4(dlen))
            if self.ddigest:
                dig = struct.unpack('<I', recv_exact(self.sock, 4))[0]
                if dig != P.crc32c(data):
                    raise ValueError('data digest mismatch from initiator')
            data = data[:dlen]
        if self.ffp and dlen > self.my_mrdsl:
            self.tgt.violation('initiator sent %d data bytes, over our '
                               'MaxRecvDataSegmentLength %d' %
                               (dlen, self.my_mrdsl))
        return bhs, data

    # ------------------------------------------------------------- login
    def login(self, bhs, data):
        """One Login Request; returns False when the connection must end."""
        run = self.tgt.run
        hook = run.login_hook if run and run.login_hook else None
        itt = P.u32(bhs, 16)
        self.exp_cmdsn = P.u32(bhs, 24)
        self.isid = bytes(bhs[8:14])
        flags = bhs[1]
        csg = (flags >> 2) & 3
        nsg = flags & 3
        transit = bool(flags & 0x80)
        keys = P.keys_of(data)
        if 'InitiatorName' in keys:
            self.initiator = keys['InitiatorName']
        reply = []
        status = (0, 0)
        if csg == 0:
            status, transit, reply = self.login_security(keys, transit)
        elif csg == 1:
            if self.chap_state not in (None, 'done'):
                status = (2, 1)     # authentication failure
            else:
                reply = self.negotiate(keys)
        if not self.first_rsp_sent:
            reply.insert(0, ('TargetPortalGroupTag', '1'))
            self.first_rsp_sent = True
        rsp = P.login_rsp(itt, self.isid, csg, nsg if transit else csg,
                          transit and status == (0, 0), P.keys_data(reply),
                          status)
        if transit and nsg == 3 and status == (0, 0):
            self.tsih = 1
            rsp.tsih = 1
        if hook:
            res = hook(self, csg, keys, rsp)
            if res is False:
                return False
            if res == 'sent':
                return True
        if status != (0, 0):
            self.send(rsp, status=True)
            log('conn %d: login refused %s' % (self.num, status))
            return False
        self.send_login_rsp(rsp)
        return True

    def send_login_rsp(self, rsp, after=(), chunks=None, delay=0.0):
        """Send a Login Response, then the PDUs `after` in the same
        bytes; the final one (T bit, NSG full feature phase) starts full
        feature phase."""
        self.seal(rsp, True)
        raw = self.wire(rsp)
        final = rsp.tsih and rsp.flags & 0x80 and rsp.flags & 3 == 3
        if final:
            self.ffp = True
        for p in after:
            self.seal(p, p.takes_statsn())
            raw += self.wire(p)
        self.send_bytes(raw, chunks, delay)
        if final:
            self.tgt.logged_in(self)

    def login_security(self, keys, transit):
        tgt = self.tgt
        reply = []
        ok = (0, 0)
        if 'AuthMethod' in keys:
            offered = keys['AuthMethod'].split(',')
            # CHAP whenever the initiator offers it; None otherwise (the
            # plain and digest sessions of the suite)
            if tgt.chap and 'CHAP' in offered:
                reply.append(('AuthMethod', 'CHAP'))
                self.chap_state = 'method'
                return ok, False, reply
            reply.append(('AuthMethod', 'None'))
            self.chap_state = 'done'
            return ok, transit, reply
        if self.chap_state == 'method' and 'CHAP_A' in keys:
            if '5' not in keys['CHAP_A'].split(','):
                return (2, 1), False, []
            self.chap_id = secrets.randbits(8)
            self.chap_chal = secrets.token_bytes(16)
            reply += [('CHAP_A', '5'), ('CHAP_I', str(self.chap_id)),
                      ('CHAP_C', '0x' + self.chap_chal.hex())]
            self.chap_state = 'challenged'
            return ok, False, reply
        if self.chap_state == 'challenged' and 'CHAP_R' in keys:
            user, secret = tgt.chap
            want = P.chap_response(self.chap_id, secret, self.chap_chal)
            got = P.chap_bin(keys['CHAP_R'])
            if keys.get('CHAP_N') != user or got != want:
                log('conn %d: initiator CHAP answer wrong' % self.num)
                return (2, 1), False, []
            if tgt.mutual:
                if 'CHAP_I' not in keys or 'CHAP_C' not in keys:
                    return (2, 1), False, []
                tuser, tsecret = tgt.mutual
                ident = int(keys['CHAP_I'])
                chal = P.chap_bin(keys['CHAP_C'])
                reply += [('CHAP_N', tuser),
                          ('CHAP_R', '0x' + P.chap_response(ident, tsecret,
                                                            chal).hex())]
            self.chap_state = 'done'
            return ok, transit, reply
        return (2, 0), False, []

    def negotiate(self, keys):
        """Answer operational keys; remember what constrains us."""
        tgt = self.tgt
        reply = []
        for k, v in keys.items():
            if k in ('InitiatorName', 'InitiatorAlias', 'SessionType',
                     'TargetName'):
                continue
            if k == 'HeaderDigest':
                pick = 'CRC32C' if 'CRC32C' in v.split(',') and \
                    tgt.digests else 'None'
                self.hdigest_next = pick == 'CRC32C'
                reply.append((k, pick))
            elif k == 'DataDigest':
                pick = 'CRC32C' if 'CRC32C' in v.split(',') and \
                    tgt.digests else 'None'
                self.ddigest_next = pick == 'CRC32C'
                reply.append((k, pick))
            elif k == 'MaxRecvDataSegmentLength':
                self.mrdsl = int(v)
            elif k == 'MaxBurstLength':
                self.burst = min(int(v), 262144)
                reply.append((k, str(self.burst)))
            elif k == 'FirstBurstLength':
                self.first_burst = min(int(v), 65536)
                reply.append((k, str(self.first_burst)))
            elif k == 'MaxOutstandingR2T':
                self.max_r2t = min(int(v), tgt.max_r2t)
                reply.append((k, str(self.max_r2t)))
            elif k in ('InitialR2T',):
                reply.append((k, 'Yes'))
            elif k in ('ImmediateData', 'DataPDUInOrder',
                       'DataSequenceInOrder'):
                reply.append((k, v if v in ('Yes', 'No') else 'Yes'))
            elif k == 'ErrorRecoveryLevel':
                reply.append((k, '0'))
            elif k == 'DefaultTime2Wait':
                reply.append((k, v))        # the result is the larger
            elif k == 'DefaultTime2Retain':
                reply.append((k, '0'))      # the smaller
            elif k == 'MaxConnections':
                reply.append((k, '1'))
            elif k in ('IFMarker', 'OFMarker'):
                reply.append((k, 'No'))
            else:
                reply.append((k, 'NotUnderstood'))
        reply.append(('MaxRecvDataSegmentLength', str(self.my_mrdsl)))
        return reply

    # -------------------------------------------------------------- scsi
    def scsi(self, cmd):
        """Serve a command the normal way (or hand it to the armed case)."""
        run = self.tgt.run
        if run and run.wants(self, cmd):
            run.start(self, cmd)
            return
        self.serve(cmd)

    def serve(self, cmd, data_out=None):
        """A target's normal answer. data_out: where a write's Data-Outs
        come from (a callable returning the next one), else the reader."""
        disk = self.tgt.disk(cmd.lun)
        if disk is None and cmd.op not in (0x12, 0xa0, 0x03):
            self.send(P.check_condition(cmd.itt, 0x05, 0x25))
            return
        if cmd.op in P.READS:
            if cmd.lba + cmd.blocks > disk.blocks:
                self.send(P.check_condition(cmd.itt, 0x05, 0x21))
                return
            data = disk.read(cmd.lba, cmd.blocks)
            for pdu in self.data_in(cmd, data):
                self.send(pdu)
            return
        if cmd.op in P.WRITES:
            if cmd.lba + cmd.blocks > disk.blocks:
                self.send(P.check_condition(cmd.itt, 0x05, 0x21))
                return
            st = WriteState(self, cmd)
            if data_out is None:
                self.writes[cmd.itt] = st
                st.next_r2t()
                return
            st.next_r2t()
            while not st.done:
                bhs, data = data_out()
                st.data_out(bhs, data)
            return
        data, status = self.emulate(cmd, disk)
        if status is not None:
            self.send(status)
            return
        for pdu in self.data_in(cmd, data):
            self.send(pdu)

    def data_in(self, cmd, data, collapse=True, size=None):
        """The Data-In PDUs (and SCSI Response) that answer a read."""
        want = cmd.edtl
        under = 0
        if len(data) > want:
            data = data[:want]
        elif len(data) < want:
            under = want - len(data)
        size = size or min(self.mrdsl, 65536)
        pdus = []
        off = 0
        sn = 0
        seq = 0
        while off < len(data):
            n = min(size, len(data) - off, self.burst - seq)
            d = P.data_in(cmd.itt, cmd.lun, off, data[off:off + n], sn)
            off += n
            seq += n
            sn += 1
            if seq == self.burst or off == len(data):
                d.flags |= 0x80
                seq = 0
            pdus.append(d)
        if collapse and pdus:
            last = pdus[-1]
            last.flags |= 0x81      # F + S
            last.status = 0
            if under:
                last.flags |= 0x02
                last.residual = under
        else:
            pdus.append(P.scsi_rsp(cmd.itt, 0, residual=under,
                                   under=bool(under), expdatasn=sn))
        return pdus

    def emulate(self, cmd, disk):
        """Non-I/O commands: (data, None) or (None, error response)."""
        op, cdb = cmd.op, cmd.cdb
        if op == 0x00:                              # TEST UNIT READY
            return None, P.scsi_rsp(cmd.itt, 0)
        if op == 0x12:                              # INQUIRY
            if disk is None:
                return P.inquiry_absent(), None
            if cdb[1] & 1:
                page = P.vpd(cdb[2], cmd.lun, self.tgt.iqn)
                if page is None:
                    return None, P.check_condition(cmd.itt, 0x05, 0x24)
                return page, None
            return P.inquiry_std(), None
        if op == 0xa0:                              # REPORT LUNS
            return P.report_luns(len(self.tgt.disks)), None
        if op == 0x25:                              # READ CAPACITY(10)
            return struct.pack('>II', min(disk.blocks - 1, 0xffffffff),
                               BLOCK), None
        if op == 0x9e and cdb[1] & 0x1f == 0x10:    # READ CAPACITY(16)
            return struct.pack('>QI', disk.blocks - 1, BLOCK) + \
                bytes(20), None
        if op == 0x1a:                              # MODE SENSE(6)
            return bytes([3, 0, 0, 0]), None
        if op == 0x5a:                              # MODE SENSE(10)
            return bytes([0, 6, 0, 0, 0, 0, 0, 0]), None
        if op in (0x35, 0x91):                      # SYNCHRONIZE CACHE
            return None, P.scsi_rsp(cmd.itt, 0)
        if op == 0x03:                              # REQUEST SENSE
            return bytes([0x70, 0, 0, 0, 0, 0, 0, 10]) + bytes(10), None
        return None, P.check_condition(cmd.itt, 0x05, 0x20)

    # ------------------------------------------------------ the main loop
    def run(self):
        self.first_rsp_sent = False
        self.hdigest_next = False
        self.ddigest_next = False
        self.initiator = ''
        try:
            while True:
                while self.paused:
                    time.sleep(0.05)
                bhs, data = self.read_pdu()
                if not self.dispatch(bhs, data):
                    break
        except (EOFError, OSError, ValueError) as e:
            if isinstance(e, ValueError):
                log('conn %d: %s' % (self.num, e))
        finally:
            self.closed = True
            self.tgt.conn_ended(self)
            try:
                self.sock.close()
            except OSError:
                pass

    def dispatch(self, bhs, data):
        op = bhs[0] & 0x3f
        imm = bool(bhs[0] & 0x40)
        if op == 0x03:
            ok = self.login(bhs, data)
            if ok and self.ffp:
                self.hdigest = self.hdigest_next
                self.ddigest = self.ddigest_next
            return ok
        if not self.ffp:
            log('conn %d: opcode %#x before login ended' % (self.num, op))
            return False
        if op in (0x01, 0x02, 0x04, 0x06) and not imm:
            self.exp_cmdsn = (P.u32(bhs, 24) + 1) & 0xffffffff
        run = self.tgt.run
        if run and run.intercept(self, bhs, data):
            return True
        if op == 0x01:
            cmd = P.Cmd(bhs, data)
            if cmd.rw:
                self.recent_itts.add(cmd.itt)
            self.scsi(cmd)
        elif op == 0x05:
            st = self.writes.get(P.u32(bhs, 16))
            if st is None:
                log('conn %d: Data-Out for unknown itt %#x' %
                    (self.num, P.u32(bhs, 16)))
                return True
            st.data_out(bhs, data)
            if st.done:
                del self.writes[st.cmd.itt]
        elif op == 0x00:
            itt = P.u32(bhs, 16)
            if itt != 0xffffffff:
                self.send(P.nop_in(itt, 0xffffffff, data))
        elif op == 0x02:
            self.tmf(bhs)
        elif op == 0x06:
            self.send(P.logout_rsp(P.u32(bhs, 16)))
            return False
        elif op == 0x04:
            self.send(P.text_rsp(P.u32(bhs, 16), b''))
        else:
            self.send(P.reject(0x04, bhs))
        return True

    def tmf(self, bhs, response=0):
        self.send(P.tmf_rsp(P.u32(bhs, 16), response))


class WriteState:
    """A write being served the normal way: R2T by R2T."""

    def __init__(self, conn, cmd):
        self.conn = conn
        self.cmd = cmd
        self.buf = bytearray(cmd.edtl)
        self.buf[:len(cmd.imm)] = cmd.imm
        self.got = len(cmd.imm)
        self.r2tsn = 0
        self.pending = None
        self.done = False

    def next_r2t(self):
        c = self.conn
        if self.got >= self.cmd.edtl:
            disk = c.tgt.disk(self.cmd.lun)
            disk.write(self.cmd.lba, bytes(self.buf))
            c.send(P.scsi_rsp(self.cmd.itt, 0))
            self.done = True
            return
        n = min(c.burst, self.cmd.edtl - self.got)
        self.pending = (self.got, n)
        r = P.r2t(self.cmd.itt, self.cmd.lun, 0x100 + self.r2tsn,
                  self.r2tsn, self.got, n)
        self.r2tsn += 1
        c.send(r, status=False)

    def data_out(self, bhs, data):
        off = P.u32(bhs, 40)
        if off + len(data) > len(self.buf):
            self.conn.tgt.violation('Data-Out past the write buffer')
            return
        self.buf[off:off + len(data)] = data
        if bhs[1] & 0x80:
            self.got = self.pending[0] + self.pending[1]
            self.next_r2t()


def listener(port):
    """A listening socket on 127.0.0.1 only."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', port))
    srv.listen(8)
    return srv


class Target:
    def __init__(self, args):
        self.iqn = args.target
        self.disks = [Disk(p) for p in args.backing.split(',')]
        self.chap = tuple(args.chap.split(':', 1)) if args.chap else None
        self.mutual = tuple(args.mutual.split(':', 1)) if args.mutual \
            else None
        self.digests = True
        self.max_r2t = 4
        self.lock = threading.Lock()
        self.run = None
        self.conns = []
        self.nconn = 0

    def disk(self, lun):
        return self.disks[lun] if lun < len(self.disks) else None

    def current(self):
        with self.lock:
            live = [c for c in self.conns if c.ffp and not c.closed]
            return live[-1] if live else None

    def logged_in(self, conn):
        log('conn %d: full feature phase (hdigest %s ddigest %s mrdsl %d)' %
            (conn.num, conn.hdigest_next, conn.ddigest_next, conn.mrdsl))
        run = self.run
        if run:
            run.logged_in(conn)

    def conn_ended(self, conn):
        log('conn %d: ended (%s)' % (conn.num, 'by us' if conn.closed_by_us
                                     else 'by the initiator'))
        with self.lock:
            if conn in self.conns:
                self.conns.remove(conn)
        run = self.run
        if run:
            run.conn_ended(conn)

    def violation(self, what):
        log('VIOLATION: ' + what)
        run = self.run
        if run:
            run.report['violations'].append(what)

    def accept(self, port):
        srv = listener(port)
        while True:
            s, _ = srv.accept()
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self.nconn += 1
                c = Conn(self, s, self.nconn)
                self.conns.append(c)
            log('conn %d accepted' % c.num)
            threading.Thread(target=c.run, daemon=True).start()

    def control(self, port):
        srv = listener(port)
        while True:
            s, _ = srv.accept()
            threading.Thread(target=self.control_conn, args=(s,),
                             daemon=True).start()

    def control_conn(self, s):
        f = s.makefile('rw')
        for line in f:
            words = line.split()
            if not words:
                continue
            try:
                ans = self.control_cmd(words)
            except Exception as e:      # report, never kill the target
                ans = {'error': repr(e)}
            f.write(json.dumps(ans) + '\n')
            f.flush()
        s.close()

    def control_cmd(self, words):
        if words[0] == 'arm':
            case = E.CASES.get(words[1])
            if case is None:
                return {'error': 'no case %s' % words[1]}
            old = self.run
            if old:
                old.stop()
            self.run = E.Run(self, case)
            log('armed %s' % case.name)
            self.run.armed()
            return {'ok': True}
        if words[0] == 'report':
            return self.run.snapshot() if self.run else {'error': 'none'}
        if words[0] == 'disarm':
            if self.run:
                self.run.stop()
            self.run = None
            return {'ok': True}
        if words[0] == 'list':
            return {'cases': [c.describe() for c in E.CASES.values()]}
        return {'error': 'unknown request'}


def fill(path, lun, size):
    """A backing file whose every sector names itself (guest.py checks
    what it reads against the same pattern)."""
    with open(path, 'wb') as f:
        for lba in range(0, size // BLOCK, 128):
            f.write(b''.join(P.sector(lun, lba + i, 0) for i in range(128)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-p', '--port', type=int, required=True)
    ap.add_argument('-c', '--control', type=int, required=True)
    ap.add_argument('-t', '--target', required=True)
    ap.add_argument('-b', '--backing', required=True)
    ap.add_argument('--chap')
    ap.add_argument('--mutual')
    ap.add_argument('--fill', help='MiB per LUN: create the backing files')
    args = ap.parse_args()
    if args.fill:
        for lun, (path, mib) in enumerate(zip(args.backing.split(','),
                                              args.fill.split(','))):
            fill(path, lun, int(mib) << 20)
    tgt = Target(args)
    threading.Thread(target=tgt.control, args=(args.control,),
                     daemon=True).start()
    log('listening on 127.0.0.1:%d (control %d), %d LUNs' %
        (args.port, args.control, len(tgt.disks)))
    tgt.accept(args.port)


if __name__ == '__main__':
    main()
