#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""faketgt: a minimal, deliberately misbehaving iSCSI target for rig tests.

Listens on 127.0.0.1:PORT only. Each connection logs in normally
(AuthMethod=None, no digests), answers SCSI commands with CHECK CONDITION
(so a scan finds no disk and nothing waits), NOP-Outs and Logouts; then,
one second after the login, sends the misbehaviour of that connection's
number (1-based) from the list given with -s, and closes the connection
two seconds later if the initiator has not. Connections past the list
are refused at login (target error: service unavailable), so recovery
keeps failing until the initiator logs the session out.

Misbehaviour "none" keeps the connection up and well behaved. With
--no-tpgt the target never names its TargetPortalGroupTag (RFC 7143
requires it in the first Login Response; some targets omit it).

usage: faketgt.py -p PORT -t IQN -s oversize-nop,bad-opcode,... [--no-tpgt]
"""
import argparse
import socket
import struct
import sys
import threading
import time

BHS = 48


def log(msg):
    sys.stdout.write('[%s] faketgt: %s\n' % (time.strftime('%H:%M:%S'), msg))
    sys.stdout.flush()


def recv_exact(sock, n):
    buf = b''
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError()
        buf += chunk
    return buf


def pad4(n):
    return (4 - n % 4) % 4


def keys_of(data):
    out = {}
    for kv in data.split(b'\0'):
        if b'=' in kv:
            k, v = kv.split(b'=', 1)
            out[k.decode()] = v.decode()
    return out


def keys_data(pairs):
    return b''.join(('%s=%s' % kv).encode() + b'\0' for kv in pairs)


class Conn:
    def __init__(self, sock, num, args):
        self.sock = sock
        self.num = num
        self.args = args
        self.statsn = 0x1000
        self.exp_cmdsn = 0
        self.lock = threading.Lock()
        self.ffp = False
        self.first_rsp = True
        self.bad_sense = False

    def send(self, bhs, data=b''):
        with self.lock:
            self.sock.sendall(bytes(bhs) + data + b'\0' * pad4(len(data)))

    def hdr(self, opcode, flags, dlen, itt, ttt=0xffffffff, lun=0):
        b = bytearray(BHS)
        b[0] = opcode
        b[1] = flags
        b[5:8] = dlen.to_bytes(3, 'big')
        b[8:16] = struct.pack('>Q', lun)
        b[16:20] = struct.pack('>I', itt)
        b[20:24] = struct.pack('>I', ttt)
        return b

    def sn(self, b, statsn=True):
        if statsn:
            b[24:28] = struct.pack('>I', self.statsn)
            self.statsn += 1
        else:
            b[24:28] = struct.pack('>I', self.statsn)
        b[28:32] = struct.pack('>I', self.exp_cmdsn)
        b[32:36] = struct.pack('>I', self.exp_cmdsn + 31)
        return b

    def read_pdu(self):
        bhs = recv_exact(self.sock, BHS)
        ahs = bhs[4] * 4
        dlen = int.from_bytes(bhs[5:8], 'big')
        if ahs:
            recv_exact(self.sock, ahs)
        data = recv_exact(self.sock, dlen + pad4(dlen))[:dlen] if dlen else b''
        return bhs, data

    def login(self, bhs, data):
        itt = struct.unpack('>I', bhs[16:20])[0]
        cmdsn = struct.unpack('>I', bhs[24:28])[0]
        self.exp_cmdsn = cmdsn
        flags = bhs[1]
        csg = (flags >> 2) & 3
        nsg = flags & 3
        transit = bool(flags & 0x80)
        keys = keys_of(data)
        refuse = self.num > len(self.args.script)
        b = self.hdr(0x23, 0, 0, itt)
        b[2] = 0
        b[3] = 0
        b[8:14] = bhs[8:14]                     # ISID
        if refuse:
            b[1] = 0
            b[36] = 3                           # target error
            b[37] = 1                           # service unavailable
            self.sn(b)
            self.send(b)
            log('conn %d: login refused (script done)' % self.num)
            return False
        reply = []
        # RFC 7143 13.9: the first Login Response names the TPGT
        if self.first_rsp and not self.args.no_tpgt:
            reply.append(('TargetPortalGroupTag', '1'))
            self.first_rsp = False
        if csg == 0:
            if 'AuthMethod' in keys:
                reply.append(('AuthMethod', 'None'))
        else:
            for k, v in (('HeaderDigest', 'None'), ('DataDigest', 'None'),
                         ('ErrorRecoveryLevel', '0'), ('InitialR2T', 'Yes'),
                         ('ImmediateData', 'Yes'),
                         ('MaxBurstLength', '262144'),
                         ('FirstBurstLength', '65536'),
                         ('MaxOutstandingR2T', '1'),
                         ('MaxConnections', '1'),
                         ('DataPDUInOrder', 'Yes'),
                         ('DataSequenceInOrder', 'Yes'),
                         ('DefaultTime2Wait', '2'),
                         ('DefaultTime2Retain', '0'),
                         ('IFMarker', 'No'), ('OFMarker', 'No')):
                if k in keys:
                    reply.append((k, v))
            reply.append(('MaxRecvDataSegmentLength', '262144'))
        d = keys_data(reply)
        b[1] = (0x80 | (csg << 2) | nsg) if transit else (csg << 2)
        b[5:8] = len(d).to_bytes(3, 'big')
        if transit and nsg == 3:
            b[14:16] = struct.pack('>H', 1)     # TSIH
            self.ffp = True
        self.sn(b)
        self.send(b, d)
        return True

    def scsi_cmd(self, bhs):
        itt = struct.unpack('>I', bhs[16:20])[0]
        cmdsn = struct.unpack('>I', bhs[24:28])[0]
        if not bhs[0] & 0x40:
            self.exp_cmdsn = cmdsn + 1
        sense = bytes([0x70, 0, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0])
        senselen = len(sense)
        if self.bad_sense:
            # SenseLength names more bytes than the data segment holds
            log('conn %d: sending sense-overrun' % self.num)
            senselen += 100
            self.bad_sense = False
        d = struct.pack('>H', senselen) + sense
        b = self.hdr(0x21, 0x80, len(d), itt, ttt=0)
        b[2] = 0                                # command completed
        b[3] = 2                                # CHECK CONDITION
        self.sn(b)
        self.send(b, d)

    def misbehave(self, what):
        log('conn %d: sending %s' % (self.num, what))
        if what == 'oversize-nop':
            # legal under MaxRecvDataSegmentLength 262144, but more than
            # a non-Data-In buffer of 8 KiB
            d = b'\xa5' * 16384
            b = self.sn(self.hdr(0x20, 0x80, len(d), 0xffffffff), False)
            self.send(b, d)
        elif what == 'bad-opcode':
            b = self.sn(self.hdr(0x3e, 0x80, 0, 0xffffffff), False)
            self.send(b)
        elif what == 'stray-data-in':
            d = b'\0' * 512
            b = self.sn(self.hdr(0x25, 0x00, len(d), 0x00beef00, ttt=0xffffffff),
                        False)
            self.send(b, d)
        elif what == 'huge-dlength':
            b = self.sn(self.hdr(0x21, 0x80, 0xfffff0, 0x0000cafe, ttt=0), False)
            self.send(b, b'\0' * 64)
        elif what == 'reserved-bits':
            # SCSI Response without the F bit: a protocol violation
            b = self.hdr(0x21, 0x00, 0, 0x0000cafe, ttt=0)
            self.sn(b)
            self.send(b)
        else:
            log('unknown misbehaviour %s' % what)

    def run(self):
        try:
            while True:
                bhs, data = self.read_pdu()
                op = bhs[0] & 0x3f
                if op == 0x03:
                    if not self.login(bhs, data):
                        return
                    what = self.args.script[self.num - 1]
                    if self.ffp and what == 'sense-overrun':
                        # the answer to the next command (the scan's)
                        self.bad_sense = True
                        c = threading.Timer(3.0, self.close)
                        c.daemon = True
                        c.start()
                    elif self.ffp and what != 'none':
                        t = threading.Timer(1.0, self.misbehave, (what,))
                        t.daemon = True
                        t.start()
                        c = threading.Timer(3.0, self.close)
                        c.daemon = True
                        c.start()
                elif op == 0x01:
                    self.scsi_cmd(bhs)
                elif op == 0x00:
                    itt = struct.unpack('>I', bhs[16:20])[0]
                    if itt != 0xffffffff:
                        b = self.sn(self.hdr(0x20, 0x80, len(data), itt))
                        self.send(b, data)
                elif op == 0x06:
                    itt = struct.unpack('>I', bhs[16:20])[0]
                    b = self.sn(self.hdr(0x26, 0x80, 0, itt))
                    self.send(b)
                    return
        except (EOFError, OSError):
            pass
        finally:
            self.close()

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-p', '--port', type=int, required=True)
    ap.add_argument('-t', '--target', required=True)
    ap.add_argument('-s', '--script', required=True)
    ap.add_argument('--no-tpgt', action='store_true')
    args = ap.parse_args()
    args.script = args.script.split(',')
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', args.port))
    srv.listen(8)
    log('listening on 127.0.0.1:%d, script %s' % (args.port, args.script))
    num = 0
    while True:
        s, _ = srv.accept()
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        num += 1
        log('conn %d accepted' % num)
        threading.Thread(target=Conn(s, num, args).run, daemon=True).start()


if __name__ == '__main__':
    main()
