# SPDX-License-Identifier: GPL-2.0
"""iSCSI PDUs as a target sends them (RFC 7143 field layouts), CRC32C,
text keys, CHAP, and the SCSI data a small disk answers with."""
import hashlib
import struct

RSVD = 0xffffffff
SECTOR_MAGIC = 0x6e657473776170     # "netswap"
READS = (0x08, 0x28, 0x88)
WRITES = (0x0a, 0x2a, 0x8a)


def u32(b, off):
    return struct.unpack_from('>I', b, off)[0]


def u24(b, off):
    return int.from_bytes(b[off:off + 3], 'big')


def pad4(n):
    return (4 - n % 4) % 4


def sector(lun, lba, gen):
    """The 512 bytes a sector of the hostile target's disks holds."""
    return struct.pack('<QQQQ', lun, lba, gen, SECTOR_MAGIC) * 16


def lun_of(bhs):
    # single-level peripheral or flat addressing, as initiators send
    return ((bhs[8] & 0x3f) << 8) | bhs[9]


def lun_field(lun):
    return struct.pack('>HHI', lun & 0x3fff, 0, 0)


def cdb_lba(cdb):
    op = cdb[0]
    if op in (0x08, 0x0a):
        lba = ((cdb[1] & 0x1f) << 16) | (cdb[2] << 8) | cdb[3]
        return lba, cdb[4] or 256
    if op in (0x28, 0x2a):
        return struct.unpack_from('>I', cdb, 2)[0], \
            struct.unpack_from('>H', cdb, 7)[0]
    if op in (0x88, 0x8a):
        return struct.unpack_from('>Q', cdb, 2)[0], \
            struct.unpack_from('>I', cdb, 10)[0]
    return None, None


def _crc_table():
    tab = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82f63b78 if c & 1 else c >> 1
        tab.append(c)
    return tab


_TAB = _crc_table()


def crc32c(data):
    c = 0xffffffff
    tab = _TAB
    for b in data:
        c = tab[(c ^ b) & 0xff] ^ (c >> 8)
    return c ^ 0xffffffff


def keys_of(data):
    out = {}
    for kv in data.split(b'\0'):
        if b'=' in kv:
            k, v = kv.split(b'=', 1)
            out[k.decode(errors='replace')] = v.decode(errors='replace')
    return out


def keys_data(pairs):
    return b''.join(('%s=%s' % kv).encode() + b'\0' for kv in pairs)


def chap_response(ident, secret, challenge):
    return hashlib.md5(bytes([ident & 0xff]) + secret.encode() +
                       challenge).digest()


def chap_bin(v):
    if v[:2] in ('0x', '0X'):
        return bytes.fromhex(v[2:])
    if v[:2] in ('0b', '0B'):
        import base64
        return base64.b64decode(v[2:])
    raise ValueError('CHAP value %r' % v)


class PDU:
    """A target PDU: every BHS field settable; encode() lays it out."""

    def __init__(self, opcode, flags=0x80, itt=RSVD, ttt=RSVD, lun=0,
                 data=b''):
        self.opcode = opcode
        self.flags = flags
        self.b2 = 0             # Response, or Reason (Reject)
        self.status = 0         # byte 3
        self.ahs = b''
        self.ahs_words = None   # TotalAHSLength override
        self.dlen = None        # DataSegmentLength override
        self.lun = lun
        self.raw_lun = None
        self.itt = itt
        self.ttt = ttt
        self.statsn = None
        self.exp_cmdsn = None
        self.max_cmdsn = None
        self.w36 = 0            # DataSN / R2TSN / ExpDataSN / ...
        self.w40 = 0            # BufferOffset / ...
        self.w44 = 0            # ResidualCount / DesiredLength
        self.tsih = 0
        self.isid = b''
        self.data = data
        self.pad = None         # pad bytes override
        self.bad_hdigest = False
        self.bad_ddigest = False

    # names for the words that vary by opcode
    datasn = property(lambda s: s.w36, lambda s, v: setattr(s, 'w36', v))
    offset = property(lambda s: s.w40, lambda s, v: setattr(s, 'w40', v))
    residual = property(lambda s: s.w44, lambda s, v: setattr(s, 'w44', v))

    def takes_statsn(self):
        if self.opcode == 0x25:
            return bool(self.flags & 0x01)
        if self.opcode == 0x31:
            return False
        if self.opcode == 0x20:
            return self.itt != RSVD
        return True

    def bhs(self):
        b = bytearray(48)
        b[0] = self.opcode
        b[1] = self.flags
        b[2] = self.b2
        b[3] = self.status
        words = self.ahs_words
        if words is None:
            words = len(self.ahs) // 4
        b[4] = words
        dlen = len(self.data) if self.dlen is None else self.dlen
        b[5:8] = dlen.to_bytes(3, 'big')
        if self.opcode == 0x23:
            b[8:14] = self.isid
            b[14:16] = struct.pack('>H', self.tsih)
        elif self.raw_lun is not None:
            b[8:16] = self.raw_lun
        else:
            b[8:16] = lun_field(self.lun)
        struct.pack_into('>IIIII', b, 16, self.itt, self.ttt,
                         self.statsn or 0, self.exp_cmdsn or 0,
                         self.max_cmdsn or 0)
        struct.pack_into('>III', b, 36, self.w36 & RSVD, self.w40 & RSVD,
                         self.w44 & RSVD)
        return b

    def encode(self, hdigest=False, ddigest=False):
        h = bytes(self.bhs()) + self.ahs
        out = h
        if hdigest:
            d = crc32c(h) ^ (0x5a5a5a5a if self.bad_hdigest else 0)
            out += struct.pack('<I', d)
        if self.data:
            pad = self.pad if self.pad is not None else \
                b'\0' * pad4(len(self.data))
            body = self.data + pad
            out += body
            if ddigest:
                d = crc32c(body) ^ (0x5a5a5a5a if self.bad_ddigest else 0)
                out += struct.pack('<I', d)
        return out

    def copy(self):
        c = PDU(self.opcode)
        c.__dict__.update(self.__dict__)
        return c


def data_in(itt, lun, offset, data, datasn, ttt=RSVD):
    p = PDU(0x25, 0, itt, ttt, lun, data)
    p.datasn = datasn
    p.offset = offset
    return p


def scsi_rsp(itt, status, sense=None, residual=0, under=False, over=False,
             expdatasn=0):
    data = b''
    if sense is not None:
        data = struct.pack('>H', len(sense)) + sense
    p = PDU(0x21, 0x80 | (0x02 if under else 0) | (0x04 if over else 0),
            itt, 0, 0, data)
    p.status = status
    p.w36 = expdatasn
    p.residual = residual
    return p


def sense_fixed(key, asc, ascq=0):
    return bytes([0x70, 0, key, 0, 0, 0, 0, 10, 0, 0, 0, 0, asc, ascq,
                  0, 0, 0, 0])


def check_condition(itt, key, asc):
    return scsi_rsp(itt, 0x02, sense_fixed(key, asc))


def r2t(itt, lun, ttt, r2tsn, offset, length):
    p = PDU(0x31, 0x80, itt, ttt, lun)
    p.w36 = r2tsn
    p.w40 = offset
    p.w44 = length
    return p


def nop_in(itt, ttt, data=b'', lun=0):
    return PDU(0x20, 0x80, itt, ttt, lun, data)


def tmf_rsp(itt, response):
    p = PDU(0x22, 0x80, itt, RSVD)
    p.ttt = 0
    p.b2 = response
    return p


def async_msg(event, lun=0, data=b'', param=(0, 0, 0)):
    p = PDU(0x32, 0x80, RSVD, RSVD, lun, data)
    p.w36 = (event << 24)
    p.w40 = (param[0] << 16) | param[1]
    p.w44 = param[2] << 16
    return p


def reject(reason, hdr):
    p = PDU(0x3f, 0x80, RSVD, RSVD, 0, bytes(hdr[:48]))
    p.b2 = reason
    return p


def logout_rsp(itt):
    p = PDU(0x26, 0x80, itt, 0)
    return p


def text_rsp(itt, data):
    return PDU(0x24, 0x80, itt, RSVD, 0, data)


def login_rsp(itt, isid, csg, nsg, transit, data, status=(0, 0)):
    p = PDU(0x23, (0x80 if transit else 0) | (csg << 2) | nsg, itt, 0, 0,
            data)
    p.isid = isid
    p.b2 = 0                # version max
    p.status = 0            # version active
    p.w36 = (status[0] << 24) | (status[1] << 16)
    return p


def inquiry_std():
    d = bytearray(36)
    d[0] = 0x00             # direct access block device
    d[2] = 0x06             # SPC-4
    d[3] = 0x02             # response data format
    d[4] = 31
    d[7] = 0x02             # CmdQue
    d[8:16] = b'NETSWAP '
    d[16:32] = b'HOSTILE TARGET  '
    d[32:36] = b'0001'
    return bytes(d)


def inquiry_absent():
    d = bytearray(inquiry_std())
    d[0] = 0x7f             # no LU at this LUN
    return bytes(d)


def vpd(page, lun, iqn):
    if page == 0x00:
        body = bytes([0x00, 0x80, 0x83])
    elif page == 0x80:
        body = ('HOSTILE%04d' % lun).encode()
    elif page == 0x83:
        name = ('%s,lun,%d' % (iqn, lun)).encode()
        name += b'\0' * (pad4(len(name)) or 4)
        body = bytes([0x53, 0x08, 0, len(name)]) + name
    else:
        return None
    return bytes([0, page]) + struct.pack('>H', len(body)) + body


def report_luns(n):
    body = b''.join(lun_field(i) for i in range(n))
    return struct.pack('>II', len(body), 0) + body


class Cmd:
    """A SCSI command as the target received it."""

    def __init__(self, bhs, data):
        self.bhs = bhs
        self.flags = bhs[1]
        self.itt = u32(bhs, 16)
        self.lun = lun_of(bhs)
        self.edtl = u32(bhs, 20)
        self.cmdsn = u32(bhs, 24)
        self.cdb = bytes(bhs[32:48])
        self.imm = data
        self.op = self.cdb[0]
        self.lba, self.blocks = cdb_lba(self.cdb)
        self.rw = self.op in READS + WRITES

    def __repr__(self):
        return 'cmd(itt %#x op %#x lun %d lba %s n %s len %d)' % (
            self.itt, self.op, self.lun, self.lba, self.blocks, self.edtl)
