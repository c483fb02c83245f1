# SPDX-License-Identifier: GPL-2.0
"""The case engine: a case is a small function run in its own thread once
its trigger (a command, a login, or at once) arrives; Run gives it the
actions (send, hold, wait for the initiator, serve normally, close) and
keeps the report the rig guest reads back."""
import queue
import threading
import time
import traceback

import pdu as P

CASES = {}


class Case:
    def __init__(self, fn, cls, trigger, expect, io, session, timeout,
                 tmf, collect, stock):
        self.fn = fn
        self.name = fn.__name__.replace('_', '-')
        self.cls = cls
        self.trigger = trigger
        self.expect = expect
        self.io = io
        self.session = session
        self.timeout = timeout
        self.tmf = tmf
        self.collect = collect
        self.stock = stock
        self.doc = (fn.__doc__ or '').strip().split('\n')[0]

    def describe(self):
        return {'name': self.name, 'class': self.cls, 'expect': self.expect,
                'io': self.io, 'session': self.session,
                'timeout': self.timeout, 'stock': self.stock,
                'doc': self.doc}


def case(cls, trigger='read', expect='drop', io='read', session='plain',
         timeout=30, tmf=False, collect=False, stock=None):
    """Register a case.

    trigger: 'read', 'write', 'read1' (a read on LUN 1), 'now', 'login',
             'logout' (the initiator's Logout Request)
    expect:  'drop'    the initiator drops the connection and recovers;
                       every I/O ends well, with the right data
             'ok'      nothing to drop; every I/O ends well
             'bounded' every I/O ends (well or with an error) in time,
                       data that reads back well is right
             'refused' a login attempt is refused by the initiator; the
                       session comes back; every I/O ends well
    io:      the guest's workload: 'read', 'write', 'read2' (LUN 0 and 1),
             'logout' (log out, then in again)
    session: 'plain', 'digests', 'chap' (mutual CHAP)
    timeout: the SCSI command timeout the guest sets for the case
    tmf:     Task Management requests go to the case, not the default
    collect: further commands go to the case (t.more) until it ends
    stock:   what iscsi_tcp is expected to do, when it differs
    """
    def reg(fn):
        c = Case(fn, cls, trigger, expect, io, session, timeout, tmf,
                 collect, stock)
        CASES[c.name] = c
        return fn
    return reg


class Stop(Exception):
    """The case was disarmed or its connection went away."""


class Run:
    def __init__(self, tgt, case):
        self.tgt = tgt
        self.case = case
        self.conn = None
        self.cmd = None
        self.q = queue.Queue()
        self.owned = set()
        self.window_hook = None
        self.login_hook = None
        self.logout_conn = None
        self.stopped = False
        self.fired_at = None
        self.report = {'case': case.name, 'fired': False, 'done': False,
                       'dropped': False, 'closed_by_target': False,
                       'logins': 0, 'refused': 0, 'tmfs': [],
                       'violations': [], 'notes': [], 'error': None}
        self.lock = threading.Lock()

    # ---------------------------------------------------- engine side
    def armed(self):
        if self.case.trigger == 'now':
            conn = self.tgt.current()
            if conn is None:
                self.report['error'] = 'no connection to act on'
                return
            self.start(conn, None)
        elif self.case.trigger == 'login':
            self.fire_login()

    def wants(self, conn, cmd):
        if self.fired_at is not None or self.stopped:
            return False
        t = self.case.trigger
        if t == 'read':
            return cmd.op in P.READS and cmd.lun == 0
        if t == 'read1':
            return cmd.op in P.READS and cmd.lun == 1
        if t == 'write':
            return cmd.op in P.WRITES and cmd.lun == 0
        return False

    def start(self, conn, cmd):
        self.conn = conn
        self.cmd = cmd
        self.fired_at = time.time()
        self.report['fired'] = True
        if cmd is not None:
            self.owned.add(cmd.itt)
        threading.Thread(target=self.body, daemon=True).start()

    def fire_login(self):
        self.fired_at = time.time()
        self.report['fired'] = True
        threading.Thread(target=self.body, daemon=True).start()

    def body(self):
        try:
            self.case.fn(self)
        except Stop:
            pass
        except Exception:
            self.report['error'] = traceback.format_exc()
        # a case never outlives itself: the window and logins are normal
        self.window_hook = None
        self.login_hook = None
        self.report['done'] = True

    def intercept(self, conn, bhs, data):
        """Take an initiator PDU the case wants; True if taken."""
        op = bhs[0] & 0x3f
        if conn is self.logout_conn:
            # RFC 7143 11.14: nothing new on a connection being closed
            self.tgt.violation('opcode %#x after the Logout Request' % op)
        if op == 0x06 and self.case.trigger == 'logout' and \
                self.fired_at is None and not self.stopped:
            self.logout_conn = conn
            self.start(conn, None)
            self.q.put(('logout', bhs, data))
            return True
        if self.fired_at is None or self.report['done'] or self.stopped:
            return False
        if op == 0x02:
            self.report['tmfs'].append(bhs[1] & 0x7f)
        if conn is not self.conn:
            return False
        if op == 0x05 and P.u32(bhs, 16) in self.owned:
            self.q.put(('data-out', bhs, data))
            return True
        if op == 0x02 and self.case.tmf:
            self.q.put(('tmf', bhs, data))
            return True
        if op == 0x01 and self.case.collect:
            self.q.put(('cmd', P.Cmd(bhs, data), data))
            return True
        return False

    def logged_in(self, conn):
        if self.fired_at is not None:
            self.report['logins'] += 1

    def conn_ended(self, conn):
        if conn is self.conn:
            if conn.closed_by_us:
                self.report['closed_by_target'] = True
            elif not self.report['dropped']:
                self.report['dropped'] = True
                self.report['dropped_after'] = round(
                    time.time() - self.fired_at, 2)
            self.q.put(('gone', None, None))
        elif not conn.ffp and self.fired_at is not None and \
                not conn.closed_by_us:
            self.refused(conn)

    def refused(self, conn):
        """The initiator abandoned a login on `conn`: counted once."""
        if not getattr(conn, 'refusal_counted', False):
            conn.refusal_counted = True
            self.report['refused'] += 1

    def stop(self):
        self.stopped = True
        self.window_hook = None
        self.login_hook = None
        self.q.put(('gone', None, None))

    def snapshot(self):
        r = dict(self.report)
        r['tmfs'] = list(r['tmfs'])
        return r

    # ------------------------------------------------ the case's actions
    def note(self, msg):
        self.report['notes'].append(msg)

    def check(self):
        if self.stopped:
            raise Stop()

    def send(self, *pdus, status=None):
        """Send PDUs in order on the case's connection."""
        for p in pdus:
            self.check()
            if not self.conn.send(p, status=status):
                raise Stop()

    def send_cut(self, pdus, chunks, delay=0.0):
        """Send PDUs as one byte stream cut into the given chunk sizes."""
        raw = b''
        for p in pdus:
            self.conn.seal(p, p.takes_statsn())
            raw += self.conn.wire(p)
        if not self.conn.send_bytes(raw, chunks, delay):
            raise Stop()

    def read_pdus(self, cmd=None, collapse=True, size=None):
        """The Data-In PDUs (and response) that would answer a read."""
        cmd = cmd or self.cmd
        disk = self.tgt.disk(cmd.lun)
        data = disk.read(cmd.lba, cmd.blocks)
        return self.conn.data_in(cmd, data, collapse, size)

    def serve(self, cmd=None):
        """Answer a command the normal way (a write's Data-Outs come from
        the case's queue)."""
        cmd = cmd or self.cmd
        self.check()
        self.owned.add(cmd.itt)
        self.conn.serve(cmd, data_out=self.data_out_of(cmd))

    def data_out_of(self, cmd):
        def get():
            while True:
                kind, bhs, data = self.next(timeout=60)
                if kind == 'data-out' and P.u32(bhs, 16) == cmd.itt:
                    return bhs, data
        return get

    def next(self, kind=None, timeout=60):
        """The next PDU (or command) routed to the case."""
        end = time.time() + timeout
        while True:
            left = end - time.time()
            if left <= 0:
                raise Stop()
            try:
                item = self.q.get(timeout=min(left, 1.0))
            except queue.Empty:
                self.check()
                continue
            if item[0] == 'gone':
                raise Stop()
            if kind is None or item[0] == kind:
                return item
            if item[0] == 'cmd':
                # not what the case waits for: serve it normally
                self.serve(item[1])

    def more(self, n, timeout=20):
        """Collect n more commands (the case must set collect)."""
        out = []
        end = time.time() + timeout
        while len(out) < n and time.time() < end:
            try:
                _, cmd, _ = self.next('cmd', timeout=end - time.time())
            except Stop:
                break
            self.owned.add(cmd.itt)
            out.append(cmd)
        return out

    def tmf(self, timeout=90):
        """Wait for a Task Management request: (function, bhs)."""
        _, bhs, _ = self.next('tmf', timeout)
        return bhs[1] & 0x7f, bhs

    def logout(self, timeout=60):
        """Wait for the Logout Request (trigger 'logout'): its BHS."""
        _, bhs, _ = self.next('logout', timeout)
        return bhs

    def tmf_answer(self, bhs, response=0):
        self.send(P.tmf_rsp(P.u32(bhs, 16), response))

    def close(self):
        """Close the connection from the target's side."""
        self.conn.close()

    def sleep(self, s):
        end = time.time() + s
        while time.time() < end:
            self.check()
            time.sleep(min(0.2, end - time.time()))

    def wait_new_conn(self, timeout=120):
        """The next connection to reach full feature phase."""
        old = self.conn
        end = time.time() + timeout
        while time.time() < end:
            self.check()
            c = self.tgt.current()
            if c is not None and c.num > old.num:
                return c
            time.sleep(0.1)
        self.note('no new connection in %d s' % timeout)
        raise Stop()

    def until_gone(self, timeout=30):
        """Wait until the initiator drops the connection (or time out)."""
        end = time.time() + timeout
        while not self.conn.closed and time.time() < end:
            self.check()
            time.sleep(0.1)
        if not self.conn.closed:
            self.note('the initiator kept the connection')
            raise Stop()
