#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The rig guest's side of the hostile suite: for each case, arm it on the
target (control port), run the case's I/O (O_DIRECT, several commands at
once, every byte checked against the pattern the target's disks hold),
wait for the target's report, judge the outcome against the case's
expectation, read back what the case touched, and count the kernel's
lines. One JSON line per case goes to OUT/hostile.jsonl.

usage: guest.py --ctl HOST:PORT --iqn IQN --transport T --out DIR
                [--cases NAME,...|CLASS,...] [--chap U:S:MU:MS]
"""
import argparse
import glob
import json
import mmap
import os
import random
import socket
import subprocess
import sys
import threading
import time

import pdu as P

SECTOR = 512
CHUNK = 64 * 1024
PORTAL = '10.0.2.100:3260'


def say(msg):
    up = open('/proc/uptime').read().split()[0]
    sys.stdout.write('[%7s] %s\n' % (up, msg))
    sys.stdout.flush()


def sh(*cmd, check=True):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if check and r.returncode:
        raise RuntimeError('%s: %s' % (' '.join(cmd), r.stdout.strip()))
    return r.stdout


sector = P.sector


def pattern(lun, lba, n, gen):
    return b''.join(sector(lun, lba + i, gen) for i in range(n))


class Control:
    def __init__(self, addr):
        host, port = addr.split(':')
        self.s = socket.create_connection((host, int(port)), timeout=30)
        self.f = self.s.makefile('rw')

    def ask(self, line):
        self.f.write(line + '\n')
        self.f.flush()
        ans = self.f.readline()
        if not ans:
            raise RuntimeError('the target closed its control port')
        return json.loads(ans)


class Disk:
    """One LUN: what each 64 KiB chunk must hold (its generation)."""

    def __init__(self, lun, dev, state):
        self.lun = lun
        self.dev = dev
        self.fd = os.open('/dev/' + dev, os.O_RDWR | os.O_DIRECT)
        size = int(open('/sys/block/%s/size' % dev).read()) * SECTOR
        self.chunks = size // CHUNK
        # what the LUN holds outlives a session: kept by the suite
        self.gen = state.setdefault('gen', {})      # chunk -> generation
        self.maybe = state.setdefault('maybe', {})  # chunk -> (old, new)

    def expect(self, chunk):
        return self.gen.get(chunk, 0)

    def check(self, chunk, data):
        """None if data is what the chunk holds, else a description."""
        lba0 = chunk * CHUNK // SECTOR
        gens = [self.expect(chunk)]
        if chunk in self.maybe:
            gens = list(self.maybe[chunk])
        for i in range(CHUNK // SECTOR):
            s = data[i * SECTOR:(i + 1) * SECTOR]
            if not any(s == sector(self.lun, lba0 + i, g) for g in gens):
                return 'lun %d lba %d: got %r..., want generation %s' % (
                    self.lun, lba0 + i, bytes(s[:32]).hex(), gens)
        return None


class IO(threading.Thread):
    """One O_DIRECT request, checked; status ok, eio (errno) or bad."""

    def __init__(self, disk, chunk, nchunks, write, gen=None):
        super().__init__(daemon=True)
        self.disk = disk
        self.chunk = chunk
        self.n = nchunks
        self.write = write
        self.gen = gen
        self.status = None
        self.detail = ''
        self.t = None

    def run(self):
        d = self.disk
        size = self.n * CHUNK
        buf = mmap.mmap(-1, size)
        off = self.chunk * CHUNK
        t0 = time.time()
        try:
            if self.write:
                buf[:] = pattern(d.lun, off // SECTOR, size // SECTOR,
                                 self.gen)
                n = os.pwritev(d.fd, [buf], off)
            else:
                buf[:] = b'\xee' * size
                n = os.preadv(d.fd, [buf], off)
            if n != size:
                self.status, self.detail = 'bad', 'short: %d of %d' % (n, size)
            else:
                self.status = 'ok'
                if not self.write:
                    for i in range(self.n):
                        bad = d.check(self.chunk + i,
                                      buf[i * CHUNK:(i + 1) * CHUNK])
                        if bad:
                            self.status, self.detail = 'bad', bad
                            break
        except OSError as e:
            self.status, self.detail = 'eio', os.strerror(e.errno)
        self.t = round(time.time() - t0, 2)


class Suite:
    def __init__(self, args):
        self.args = args
        self.ctl = Control(args.ctl)
        self.cases = self.ctl.ask('list')['cases']
        self.results = []
        self.disks = []
        self.lun_state = ({}, {})
        self.rng = random.Random(7143)
        self.out = open(os.path.join(args.out, 'hostile.jsonl'), 'w')

    # ------------------------------------------------------------ session
    def node(self, *kv):
        iqn = self.args.iqn
        sh('iscsiadm', '-m', 'node', '-T', iqn, '-p', PORTAL, '-o', 'update',
           '-n', kv[0], '-v', kv[1])

    def login(self, session):
        iqn = self.args.iqn
        sh('iscsiadm', '-m', 'node', '-T', iqn, '-p', PORTAL, '-o', 'delete',
           check=False)
        sh('iscsiadm', '-m', 'node', '-o', 'new', '-T', iqn, '-p', PORTAL)
        dig = 'CRC32C' if session == 'digests' else 'None'
        self.node('node.conn[0].iscsi.HeaderDigest', dig)
        self.node('node.conn[0].iscsi.DataDigest', dig)
        if session == 'chap':
            u, s, mu, ms = self.args.chap.split(':')
            self.node('node.session.auth.authmethod', 'CHAP')
            self.node('node.session.auth.username', u)
            self.node('node.session.auth.password', s)
            self.node('node.session.auth.username_in', mu)
            self.node('node.session.auth.password_in', ms)
        self.node('node.session.timeo.replacement_timeout', '300')
        sh('iscsiadm', '-m', 'node', '-T', iqn, '-p', PORTAL, '--login')
        self.disks = [Disk(lun, self.find_disk(lun), self.lun_state[lun])
                      for lun in (0, 1)]
        host = self.host()
        if self.args.transport == 'iscsi_netswap':
            # a swap session: in-kernel recovery, as in production
            with open('/sys/class/scsi_host/%s/netswap/swap' % host, 'w') as f:
                f.write('1\n')
        say('session %s up: %s, %s (%s)' % (session, self.disks[0].dev,
                                           self.disks[1].dev, host))

    def logout(self):
        for d in self.disks:
            os.close(d.fd)
        self.disks = []
        sh('iscsiadm', '-m', 'node', '-T', self.args.iqn, '-p', PORTAL,
           '--logout')

    def find_disk(self, lun):
        end = time.time() + 60
        while time.time() < end:
            for p in glob.glob('/sys/class/iscsi_session/session*/device/'
                               'target*/*:%d/block/*' % lun):
                return os.path.basename(p)
            time.sleep(0.2)
        raise RuntimeError('no disk for LUN %d' % lun)

    def host(self):
        p = glob.glob('/sys/class/iscsi_session/session*/device/target*')[0]
        h = os.path.basename(p).split(':')[0].replace('target', 'host')
        return h

    def session_state(self):
        try:
            p = glob.glob('/sys/class/iscsi_session/session*/state')[0]
            return open(p).read().strip()
        except (IndexError, OSError):
            return 'none'

    def set_timeout(self, secs):
        for d in self.disks:
            with open('/sys/block/%s/device/timeout' % d.dev, 'w') as f:
                f.write('%d\n' % secs)

    # --------------------------------------------------------------- cases
    def workload(self, kind):
        """The case's requests (not started)."""
        d0 = self.disks[0]
        picks = self.rng.sample(range(0, d0.chunks - 8, 8), 4)
        if kind == 'logout':
            return []
        if kind == 'read':
            return [IO(d0, c, 1, False) for c in picks]
        if kind == 'read2':
            d1 = self.disks[1]
            return [IO(d0, picks[0], 1, False), IO(d0, picks[1], 1, False),
                    IO(d1, 8, 1, False), IO(d1, 16, 1, False)]
        n = 8 if kind == 'write-big' else 4
        ios = []
        for c in picks[:2 if kind == 'write-big' else 4]:
            gen = max(d0.expect(c + i) for i in range(n)) + 1
            ios.append(IO(d0, c, n, True, gen))
        return ios

    def dmesg_lines(self):
        return sh('dmesg').splitlines()

    def run_case(self, c):
        name = c['name']
        netswap = self.args.transport == 'iscsi_netswap'
        expect = c['expect'] if netswap else (c['stock'] or 'bounded')
        self.set_timeout(c['timeout'])
        before = len(self.dmesg_lines())
        ios = self.workload(c['io'])
        for io in ios:
            if io.write:
                for i in range(io.n):
                    io.disk.maybe[io.chunk + i] = (
                        io.disk.expect(io.chunk + i), io.gen)
        t0 = time.time()
        ans = self.ctl.ask('arm ' + name)
        if 'error' in ans:
            return self.record(c, 'fail', 'arm: %s' % ans['error'], {}, [], 0)
        if c['io'] == 'logout':
            self.logout()
            self.login(c['session'])
        for io in ios:
            io.start()
            time.sleep(0.02)
        limit = 300 if expect == 'bounded' or c['class'] in ('tmf', 'login') \
            else 150
        problems = []
        for io in ios:
            io.join(max(1, t0 + limit - time.time()))
        hung = [io for io in ios if io.is_alive()]
        if hung:
            problems.append('%d requests still blocked after %d s' %
                            (len(hung), limit))
        rep = self.wait_report(expect, t0 + limit + 30)
        for io in ios:
            if io.write and io.status == 'ok':
                for i in range(io.n):
                    io.disk.gen[io.chunk + i] = io.gen
                    io.disk.maybe.pop(io.chunk + i, None)
        statuses = [io.status for io in ios]
        problems += self.judge(c, expect, rep, ios)
        if not hung:
            problems += self.read_back(ios)
        lines = len(self.dmesg_lines()) - before
        if lines > 150:
            problems.append('%d kernel log lines (not ratelimited)' % lines)
        verdict = 'fail' if problems else 'pass'
        r = self.record(c, verdict, '; '.join(problems), rep, statuses, lines,
                        round(time.time() - t0, 1), expect)
        if hung:
            raise RuntimeError('case %s left requests blocked' % name)
        return r

    def wait_report(self, expect, deadline):
        while True:
            rep = self.ctl.ask('report')
            settled = rep.get('done')
            if expect in ('drop', 'recover', 'refused') or \
                    rep.get('closed_by_target') or rep.get('dropped'):
                settled = settled and rep.get('logins', 0) >= 1 and \
                    self.session_state() == 'LOGGED_IN'
            if settled or time.time() > deadline:
                return rep
            time.sleep(0.5)

    def judge(self, c, expect, rep, ios):
        p = []
        if not rep.get('fired'):
            p.append('the case never fired')
        if not rep.get('done'):
            p.append('the case did not finish')
        if rep.get('error'):
            p.append('case error: %s' % rep['error'].strip().splitlines()[-1])
        for v in rep.get('violations', []):
            p.append('initiator violation: %s' % v)
        bad = [io for io in ios if io.status == 'bad']
        for io in bad:
            p.append('WRONG DATA (%s chunk %d): %s' % (
                'write' if io.write else 'read', io.chunk, io.detail))
        failed = [io for io in ios if io.status != 'ok']
        if expect in ('drop', 'ok', 'recover', 'refused') and failed:
            p.append('%d requests failed: %s' % (
                len(failed), ', '.join('%s' % io.detail for io in failed)))
        if expect == 'drop':
            if not rep.get('dropped'):
                p.append('the initiator kept the connection')
            elif rep.get('logins', 0) < 1:
                p.append('the session did not come back')
        if expect == 'ok' and rep.get('dropped'):
            p.append('the initiator dropped the connection')
        if expect in ('recover', 'refused', 'ok') and \
                rep.get('closed_by_target') and rep.get('logins', 0) < 1:
            p.append('the session did not come back')
        if expect == 'refused' and rep.get('refused', 0) < 1:
            p.append('the initiator did not refuse the login')
        if expect == 'ok' and rep.get('refused', 0):
            p.append('the initiator refused %d logins' % rep['refused'])
        if self.session_state() != 'LOGGED_IN':
            p.append('session state %s at the end' % self.session_state())
        return p

    def read_back(self, ios):
        """Read back what the case touched and a few other chunks."""
        p = []
        todo = []
        for io in ios:
            todo += [(io.disk, io.chunk + i) for i in range(io.n)]
        d0 = self.disks[0]
        todo += [(d0, self.rng.randrange(d0.chunks)) for _ in range(4)]
        for disk, chunk in todo:
            io = IO(disk, chunk, 1, False)
            io.run()
            if io.status == 'ok' and chunk in disk.maybe:
                # a failed write is settled by what the disk now holds
                del disk.maybe[chunk]
            if io.status != 'ok':
                p.append('read-back lun %d chunk %d: %s %s' % (
                    disk.lun, chunk, io.status, io.detail))
        return p

    def record(self, c, verdict, why, rep, statuses, lines, secs=0,
               expect=None):
        outcome = 'dropped' if rep.get('dropped') else \
            'refused' if rep.get('refused') else \
            'recovered' if rep.get('closed_by_target') else 'kept'
        r = {'case': c['name'], 'class': c['class'],
             'transport': self.args.transport, 'expect': expect,
             'verdict': verdict, 'outcome': outcome, 'io': statuses,
             'tmfs': rep.get('tmfs', []), 'logins': rep.get('logins', 0),
             'log_lines': lines, 'seconds': secs, 'why': why,
             'notes': rep.get('notes', [])}
        self.out.write(json.dumps(r) + '\n')
        self.out.flush()
        say('%s %-34s %-8s %-9s io=%s tmf=%s lines=%d %.0fs %s' % (
            verdict.upper(), c['name'], expect, outcome,
            ','.join(s or '-' for s in statuses), r['tmfs'], lines, secs,
            why))
        self.results.append(r)
        return r

    def main(self):
        want = self.args.cases.split(',') if self.args.cases else None
        cases = [c for c in self.cases
                 if not want or c['name'] in want or c['class'] in want]
        if not cases:
            raise RuntimeError('no case matches %s' % self.args.cases)
        order = ('plain', 'digests', 'chap')
        try:
            for session in order:
                group = [c for c in cases if c['session'] == session]
                if not group:
                    continue
                self.login(session)
                for c in group:
                    self.run_case(c)
                self.ctl.ask('disarm')
                self.logout()
        finally:
            self.ctl.ask('disarm')
        failed = [r for r in self.results if r['verdict'] != 'pass']
        say('hostile: %d cases, %d passed, %d failed' % (
            len(self.results), len(self.results) - len(failed), len(failed)))
        return 1 if failed or len(self.results) != len(cases) else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ctl', required=True)
    ap.add_argument('--iqn', required=True)
    ap.add_argument('--transport', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--cases')
    ap.add_argument('--chap', default='rig:rig-secret-01:tgt:tgt-secret-022')
    args = ap.parse_args()
    try:
        rc = Suite(args).main()
    except Exception as e:
        say('hostile: stopped: %s' % e)
        rc = 1
    sys.stdout.flush()
    # requests blocked in the kernel would hold a normal exit forever
    os._exit(rc)


if __name__ == '__main__':
    main()
