// SPDX-License-Identifier: GPL-2.0
/*
 * watchdog - the rig guest's last witness.
 *
 * Locked in memory and holding every file it needs open from the start, it
 * keeps working when the guest has no memory left. At the deadline it asks
 * the kernel for blocked tasks and memory state (sysrq w, m) on the console
 * and copies /proc/vmstat and /proc/meminfo next to the test's log, so that
 * a stall is a failure with evidence rather than a silent timeout.
 *
 * Usage: watchdog -t SECONDS -o OUTDIR
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char buf[1 << 16];

static void copy_fd(int from, int to)
{
	ssize_t n;

	if (from < 0 || to < 0)
		return;
	lseek(from, 0, SEEK_SET);
	while ((n = read(from, buf, sizeof(buf))) > 0)
		if (write(to, buf, (size_t)n) != n)
			break;
}

static int open_out(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	long secs = 0;
	int opt, sysrq, vmstat, meminfo, out_vm, out_mem, marker;

	while ((opt = getopt(argc, argv, "t:o:")) != -1) {
		if (opt == 't')
			secs = strtol(optarg, NULL, 10);
		else if (opt == 'o')
			dir = optarg;
		else
			secs = 0;
	}
	if (secs <= 0 || !dir) {
		fprintf(stderr, "usage: watchdog -t SECONDS -o OUTDIR\n");
		return 2;
	}
	sysrq = open("/proc/sysrq-trigger", O_WRONLY);
	vmstat = open("/proc/vmstat", O_RDONLY);
	meminfo = open("/proc/meminfo", O_RDONLY);
	out_vm = open_out(dir, "vmstat.stall");
	out_mem = open_out(dir, "meminfo.stall");
	marker = open_out(dir, "watchdog.fired");
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		perror("watchdog: mlockall");

	sleep((unsigned int)secs);

	if (marker >= 0 && write(marker, "deadline\n", 9) < 0)
		perror("watchdog");
	copy_fd(vmstat, out_vm);
	copy_fd(meminfo, out_mem);
	if (sysrq >= 0) {
		if (write(sysrq, "w", 1) < 0 || write(sysrq, "m", 1) < 0)
			perror("watchdog: sysrq");
	}
	fsync(out_vm);
	fsync(out_mem);
	fsync(marker);
	return 0;
}
