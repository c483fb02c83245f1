#!/usr/bin/env python3
# Writes the seed corpus of fuzz_rx (seeds/fuzz_rx/): streams a target
# sends, with and without digests. Run from tests/fuzz.
import struct, os
def crc32c(data, crc=0xffffffff):
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc
def pdu(op, flags, itt, dlen_data=b'', ttt=0xffffffff, statsn=0, expcmd=1, maxcmd=64, w36=0, w40=0, w44=0, status=0, hd=False, dd=False, ahs=b''):
    b = bytearray(48)
    b[0]=op; b[1]=flags; b[3]=status; b[4]=len(ahs)//4
    d=len(dlen_data); b[5:8]=d.to_bytes(3,'big')
    struct.pack_into('>IIIIIIII', b, 16, itt, ttt, statsn, expcmd, maxcmd, w36, w40, w44)
    out=bytes(b)+ahs
    if hd: out += struct.pack('<I', crc32c(out) ^ 0xffffffff)
    pad = (-d) % 4
    body = dlen_data + b'\0'*pad
    out += body
    if dd and d: out += struct.pack('<I', crc32c(body) ^ 0xffffffff)
    return out
def seed(name, flags, piece, sizes, stream):
    open(f'seeds/fuzz_rx/{name}','wb').write(bytes([flags, piece]+sizes)+stream)
for hd,dd,tag in [(False,False,''),(True,True,'-digests')]:
    # read of 4096 bytes (cmd 0) in two Data-Ins, status on the last
    s = pdu(0x25, 0x00, 0, b'\x11'*2048, w36=0, w40=0, hd=hd, dd=dd)
    s += pdu(0x25, 0x81, 0, b'\x22'*2048, statsn=1, w36=1, w40=2048, hd=hd, dd=dd)
    seed('read-two-datain'+tag, (1 if hd else 0)|(2 if dd else 0)|4, 255, [8,8,8,8], s)
    # write (cmd 1): R2T for 2048 then SCSI Response GOOD
    s = pdu(0x31, 0x80, 1, ttt=7, w36=0, w40=0, w44=2048, hd=hd, dd=dd)
    s += pdu(0x31, 0x80, 1, ttt=8, w36=1, w40=2048, w44=2048, hd=hd, dd=dd)
    s += pdu(0x21, 0x80, 1, statsn=2, hd=hd, dd=dd)
    seed('write-r2t'+tag, (1 if hd else 0)|(2 if dd else 0)|4, 13, [8,8,8,8], s)
    # CHECK CONDITION with sense on cmd 2, then NOP-In reissues, then a stale Data-In for cmd 2
    sense = bytes([0x70,0,5,0,0,0,0,10]+[0]*4+[0x24,0]+[0]*4)
    s = pdu(0x21, 0x80, 2, len(sense).to_bytes(2,'big')+sense, status=2, hd=hd, dd=dd)
    s += pdu(0x20, 0x80, 0xffffffff, b'ping', ttt=5, hd=hd, dd=dd)
    s += pdu(0x25, 0x81, 2, b'\x33'*512, w36=0, w40=0, hd=hd, dd=dd)
    seed('sense-and-reuse'+tag, (1 if hd else 0)|(2 if dd else 0), 1, [8,8,8,8], s)
    # async + reject + underflow residual
    s = pdu(0x32, 0x80, 0xffffffff, b'\0\0', hd=hd, dd=dd)
    s += pdu(0x3f, 0x80, 0xffffffff, bytes(48), hd=hd, dd=dd)
    s += pdu(0x25, 0x83, 0, b'\x44'*1024, w36=0, w40=0, w44=3072, hd=hd, dd=dd)
    seed('underflow-async-reject'+tag, (1 if hd else 0)|(2 if dd else 0)|4, 64, [8,8,8,8], s)
# maximal AHS with header digest
s = pdu(0x20, 0x80, 0xffffffff, b'', ahs=bytes(1020), hd=True)
seed('max-ahs', 1, 200, [1,1,1,1], s)
