#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""flood.py - the two ends of the receive flood of the stress suite.

  flood.py send PORT STATS
      host side: listen on 127.0.0.1:PORT (nothing else) and write to every
      connection as fast as it takes; on SIGTERM, or when its parent is
      gone, write "connections=N" and "bytes_sent=N" to STATS and exit.
  flood.py recv ADDR PORT CONNS RATE STATS
      guest side: open CONNS connections to ADDR:PORT and read RATE bytes
      per second from each (0: never read), so that the sender's segments
      keep arriving into full receive queues of sockets that are not
      SOCK_MEMALLOC. STATS ("connected", "open", "lost", "bytes_read") is
      written once connected, then every second and on SIGTERM, so that
      it holds the count even if the process is killed. A connection that
      ends (EOF or error: the sender is gone) is closed and counted lost.
"""
import os
import signal
import socket
import sys
import threading
import time

CHUNK = 65536


def write_stats(path, **kv):
    with open(path + ".tmp", "w") as f:
        for k, v in kv.items():
            f.write(f"{k}={v}\n")
    os.replace(path + ".tmp", path)


def send(port, stats):
    parent = os.getppid()
    counts = {"connections": 0, "bytes_sent": 0}
    lock = threading.Lock()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(256)

    def pump(conn):
        data = b"x" * CHUNK
        try:
            while True:
                n = conn.send(data)
                with lock:
                    counts["bytes_sent"] += n
        except OSError:
            pass
        finally:
            conn.close()

    def stop(*_):
        with lock:
            write_stats(stats, **counts)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    write_stats(stats, **counts)
    # a timeout brings the main thread back to Python every second: for
    # the SIGTERM handler, and to notice that the test that started us
    # is gone (we must not outlive it)
    srv.settimeout(1)
    while True:
        if os.getppid() != parent:
            stop()
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        conn.settimeout(None)
        with lock:
            counts["connections"] += 1
        threading.Thread(target=pump, args=(conn,), daemon=True).start()


def recv(addr, port, conns, rate, stats):
    socks = []
    for _ in range(conns):
        s = socket.create_connection((addr, port), timeout=30)
        s.setblocking(False)
        socks.append(s)
    count = {"connected": len(socks), "open": len(socks), "lost": 0, "bytes_read": 0}

    def stop(*_):
        write_stats(stats, **count)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    write_stats(stats, **count)
    while True:
        time.sleep(1)
        for s in list(socks) if rate else []:
            left = rate
            while left > 0:
                try:
                    b = s.recv(min(left, CHUNK))
                except BlockingIOError:
                    break
                except OSError:
                    b = b""
                if not b:
                    socks.remove(s)
                    s.close()
                    count["open"] -= 1
                    count["lost"] += 1
                    break
                count["bytes_read"] += len(b)
                left -= len(b)
        write_stats(stats, **count)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "send":
        send(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 7 and sys.argv[1] == "recv":
        recv(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
             sys.argv[6])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
