// SPDX-License-Identifier: GPL-2.0
/*
 * relay - byte pipe between QEMU's guestfwd "cmd:" channel and a TCP
 * listener on 127.0.0.1.
 *
 * QEMU starts one relay per guest connection, with the guest side on
 * stdin/stdout. We connect to 127.0.0.1:PORT (never anything else) and
 * copy both ways. TCP_NODELAY matters: with Nagle and delayed ACKs on the
 * host leg every iSCSI request costs ~45 ms (see RIG-NOTES.md).
 *
 * Usage: relay PORT
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>

#define BUF_SIZE (256 * 1024)

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copy what is readable on @from to @to; returns 0 at EOF, -1 on error. */
static int pump(int from, int to, char *buf)
{
	ssize_t n = read(from, buf, BUF_SIZE);

	if (n < 0)
		return (errno == EINTR || errno == EAGAIN) ? 1 : -1;
	if (n == 0)
		return 0;
	return write_all(to, buf, (size_t)n) ? -1 : 1;
}

int main(int argc, char **argv)
{
	static char buf[BUF_SIZE];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct pollfd pfd[2];
	int one = 1, sock, port;
	char *end;

	if (argc != 2) {
		fprintf(stderr, "usage: relay PORT\n");
		return 2;
	}
	port = (int)strtol(argv[1], &end, 10);
	if (*end || port <= 0 || port > 65535) {
		fprintf(stderr, "relay: bad port '%s'\nusage: relay PORT\n", argv[1]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);

	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sin, sizeof(sin))) {
		/* Target down: close the guest side, as a refused connect would. */
		return 1;
	}
	setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(0, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));

	pfd[0].fd = 0;
	pfd[0].events = POLLIN;
	pfd[1].fd = sock;
	pfd[1].events = POLLIN;
	for (;;) {
		int r;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = pump(0, sock, buf);
			if (r <= 0)
				break;
			/*
			 * QEMU's end of this channel is a loopback TCP socket
			 * that slirp leaves with Nagle on: the tail segment of
			 * a guest PDU waits there until the head is ACKed, and
			 * a delayed ACK from us costs it 40 ms.
			 */
			setsockopt(0, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = pump(sock, 1, buf);
			if (r <= 0)
				break;
			/* Keep ACKs prompt on the host leg. */
			setsockopt(sock, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
		}
	}
	shutdown(sock, SHUT_RDWR);
	close(sock);
	return 0;
}
