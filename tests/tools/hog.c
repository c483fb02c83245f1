// SPDX-License-Identifier: GPL-2.0
/*
 * hog - drive a machine into swap and prove that every page came back.
 *
 * Several processes each map anonymous memory, write a pattern unique to
 * (run seed, process, page, word) into every page, then read every page
 * back and check it. The total is chosen to be several times RAM so that
 * most pages make a round trip through swap. The shape follows Mel
 * Gorman's vmscan-anon-mmap-write test.
 *
 * Progress is kept in a shared page so that a stall can be told from slow
 * progress. The parent locks itself in memory after forking the workers
 * and keeps a timeline once a second (-t FILE: seconds, pswpin, pswpout,
 * pages written, verified, bad): a swap stall shows as flat counters, and
 * the witness is not itself stuck waiting for swap. With -d STAT (a
 * block device's sysfs stat file) each line also has the reads and writes
 * that device completed: the swap counters count at submission, so only
 * these show when swap I/O really stopped and resumed. It also runs the
 * guest side of fault scenarios, for the same reason: -m PAGES:FILE
 * creates FILE once PAGES pages went out to swap (the host then cuts the
 * target); -S PID:FILE:SECS SIGSTOPs PID at that moment and SIGCONTs it
 * SECS seconds after FILE appears (the host's "target is back").
 *
 * Exit status: 0 all pages verified; 1 mismatches; 3 a worker died (OOM
 * kill or signal); 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 64

struct worker_stats {
	volatile uint64_t written;
	volatile uint64_t verified;
	volatile uint64_t bad;
	volatile uint64_t first_bad_page;
	volatile int done;
};

struct shared {
	struct worker_stats w[MAX_PROCS];
};

static long page_size;

static void usage(void)
{
	fprintf(stderr,
		"usage: hog -m MIB [-n PROCS] [-s SEED] [-r PASSES] [-t TIMELINE]\n"
		"           [-d STAT] [-M PAGES:MARKER] [-S PID:UPFILE:SECS]\n"
		"  -m MIB   total anonymous memory over all processes\n"
		"  -n N     worker processes (1..%d, default 4)\n"
		"  -r N     verify passes after the write pass (default 1)\n"
		"  -t FILE  timeline: s pswpin pswpout written verified bad\n"
		"  -d STAT  add to it the reads and writes completed by the\n"
		"           device of STAT (/sys/block/DEV/stat)\n"
		"  -M P:F   create F once P pages went out to swap\n"
		"  -S P:F:S SIGSTOP pid P at -M time, SIGCONT S s after F exists\n",
		MAX_PROCS);
	exit(2);
}

static unsigned long parse_num(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !*s || v == 0 || v > max)
		usage();
	return v;
}

static inline uint64_t pattern(uint64_t seed, uint64_t proc, uint64_t page,
			       uint64_t word)
{
	/* splitmix64 of the coordinates: distinct for every word of the run */
	uint64_t z = seed ^ (proc << 48) ^ (page << 12) ^ word;

	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void worker(struct worker_stats *st, unsigned int proc, size_t bytes,
		   uint64_t seed, unsigned int passes)
{
	size_t pages = bytes / page_size, words = page_size / 8, p, w;
	uint64_t *mem;
	unsigned int pass;

	mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("hog: mmap");
		_exit(4);
	}
	for (p = 0; p < pages; p++) {
		uint64_t *pg = mem + p * words;

		for (w = 0; w < words; w++)
			pg[w] = pattern(seed, proc, p, w);
		st->written++;
	}
	for (pass = 0; pass < passes; pass++) {
		for (p = 0; p < pages; p++) {
			uint64_t *pg = mem + p * words;

			for (w = 0; w < words; w++) {
				if (pg[w] != pattern(seed, proc, p, w)) {
					if (!st->bad)
						st->first_bad_page = p;
					st->bad++;
					break;
				}
			}
			st->verified++;
		}
	}
	st->done = 1;
	_exit(st->bad ? 1 : 0);
}

/* Read pswpin/pswpout through an fd opened before memory ran out. */
static void read_swap_counters(int fd, uint64_t *in, uint64_t *out)
{
	static char vm[16384];
	ssize_t n = pread(fd, vm, sizeof(vm) - 1, 0);
	char *p;

	*in = *out = 0;
	if (n <= 0)
		return;
	vm[n] = 0;
	p = strstr(vm, "\npswpin ");
	if (p)
		*in = strtoull(p + 8, NULL, 10);
	p = strstr(vm, "\npswpout ");
	if (p)
		*out = strtoull(p + 9, NULL, 10);
}

/* Completed reads and writes: fields 1 and 5 of a block device's stat. */
static void read_disk_counters(int fd, uint64_t *rd, uint64_t *wr)
{
	char buf[512];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	*rd = *wr = 0;
	if (n <= 0)
		return;
	buf[n] = 0;
	if (sscanf(buf, "%" SCNu64 " %*u %*u %*u %" SCNu64, rd, wr) != 2)
		*rd = *wr = 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void totals(struct shared *sh, unsigned int n, uint64_t *wr,
		   uint64_t *ver, uint64_t *bad)
{
	unsigned int i;

	*wr = *ver = *bad = 0;
	for (i = 0; i < n; i++) {
		*wr += sh->w[i].written;
		*ver += sh->w[i].verified;
		*bad += sh->w[i].bad;
	}
}

int main(int argc, char **argv)
{
	unsigned long mib = 0, nproc = 4, passes = 1;
	uint64_t seed = (uint64_t)time(NULL) * 2654435761ULL ^ getpid();
	const char *timeline = NULL, *marker = NULL, *upfile = NULL, *statfile = NULL;
	unsigned long marker_pages = 0, cont_delay = 0;
	pid_t stop_pid = 0;
	int vmfd, tlfd = -1, dfd = -1, marked = 0, stopped = 0;
	uint64_t sin0, sout0, sin, sout, drd0 = 0, dwr0 = 0, drd, dwr;
	double up_at = 0, next_tick = 0;
	char *colon;
	pid_t pids[MAX_PROCS];
	struct shared *sh;
	uint64_t wr, ver, bad, total_pages, written_at = 0;
	double t0, t_written = 0;
	unsigned int i, alive, died = 0;
	int opt, status;

	page_size = sysconf(_SC_PAGESIZE);
	while ((opt = getopt(argc, argv, "m:n:s:r:t:d:M:S:")) != -1) {
		switch (opt) {
		case 'm':
			mib = parse_num(optarg, 1UL << 22);
			break;
		case 'n':
			nproc = parse_num(optarg, MAX_PROCS);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			timeline = optarg;
			break;
		case 'd':
			statfile = optarg;
			break;
		case 'M':
			colon = strchr(optarg, ':');
			if (!colon)
				usage();
			*colon = 0;
			marker_pages = parse_num(optarg, 1UL << 40);
			marker = colon + 1;
			break;
		case 'S':
			colon = strchr(optarg, ':');
			if (!colon)
				usage();
			*colon = 0;
			stop_pid = (pid_t)parse_num(optarg, 1UL << 22);
			upfile = colon + 1;
			colon = strchr(upfile, ':');
			if (!colon)
				usage();
			*colon = 0;
			cont_delay = strtoul(colon + 1, NULL, 10);
			break;
		case 'r':
			passes = parse_num(optarg, 100);
			break;
		default:
			usage();
		}
	}
	if (!mib || optind != argc || (stop_pid && !marker))
		usage();
	vmfd = open("/proc/vmstat", O_RDONLY);
	if (vmfd < 0) {
		perror("hog: /proc/vmstat");
		return 4;
	}
	if (timeline) {
		tlfd = open(timeline, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
		if (tlfd < 0) {
			perror("hog: timeline");
			return 4;
		}
	}
	if (statfile) {
		dfd = open(statfile, O_RDONLY);
		if (dfd < 0) {
			perror("hog: -d");
			return 4;
		}
		read_disk_counters(dfd, &drd0, &dwr0);
	}
	read_swap_counters(vmfd, &sin0, &sout0);

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("hog: mmap shared");
		return 4;
	}
	memset(sh, 0, sizeof(*sh));
	total_pages = (uint64_t)mib * 1048576 / page_size / nproc * nproc;
	printf("hog: %lu MiB in %lu processes, %lu verify pass(es), seed 0x%" PRIx64 "\n",
	       mib, nproc, passes, seed);
	fflush(stdout);

	t0 = now();
	for (i = 0; i < nproc; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("hog: fork");
			return 4;
		}
		if (!pids[i])
			worker(&sh->w[i], i, (size_t)(total_pages / nproc) * page_size,
			       seed, passes);
	}

	/* Only the parent: workers must stay swappable. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		perror("hog: mlockall (the timeline may stall with swap)");

	alive = nproc;
	while (alive) {
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid > 0) {
			alive--;
			for (i = 0; i < nproc; i++)
				if (pids[i] == pid)
					break;
			if (WIFSIGNALED(status)) {
				died++;
				printf("hog: worker %u killed by signal %d%s\n", i,
				       WTERMSIG(status),
				       WTERMSIG(status) == SIGKILL ? " (OOM kill?)" : "");
			} else if (WEXITSTATUS(status) > 1) {
				died++;
				printf("hog: worker %u failed, status %d\n", i,
				       WEXITSTATUS(status));
			}
			continue;
		}
		totals(sh, nproc, &wr, &ver, &bad);
		if (!t_written && wr == total_pages) {
			t_written = now() - t0;
			written_at = wr;
		}
		if (now() - t0 >= next_tick) {
			next_tick += 1;
			read_swap_counters(vmfd, &sin, &sout);
			if (tlfd >= 0) {
				dprintf(tlfd, "%.1f %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64,
					now() - t0, sin - sin0, sout - sout0, wr, ver, bad);
				if (dfd >= 0) {
					read_disk_counters(dfd, &drd, &dwr);
					dprintf(tlfd, " %" PRIu64 " %" PRIu64, drd - drd0, dwr - dwr0);
				}
				dprintf(tlfd, "\n");
			}
			if (marker && !marked && sout - sout0 >= marker_pages) {
				marked = 1;
				if (stop_pid && !kill(stop_pid, SIGSTOP))
					stopped = 1;
				close(open(marker, O_WRONLY | O_CREAT, 0644));
				printf("hog: %.1f s: marker %s%s\n", now() - t0, marker,
				       stopped ? ", pid stopped" : "");
			}
			if (stopped && !up_at && !access(upfile, F_OK))
				up_at = now();
			if (stopped && up_at && now() - up_at >= cont_delay) {
				kill(stop_pid, SIGCONT);
				stopped = 0;
				printf("hog: %.1f s: pid continued\n", now() - t0);
			}
		}
		usleep(pid == 0 ? 200000 : 0);
	}
	(void)written_at;
	if (stopped)
		kill(stop_pid, SIGCONT);
	totals(sh, nproc, &wr, &ver, &bad);
	if (!t_written)
		t_written = now() - t0;
	printf("hog: pages %" PRIu64 " written %" PRIu64 " verified %" PRIu64
	       " bad %" PRIu64 " workers-died %u\n",
	       total_pages, wr, ver, bad, died);
	printf("hog: write %.1f s, verify %.1f s, total %.1f s\n", t_written,
	       now() - t0 - t_written, now() - t0);
	for (i = 0; i < nproc; i++)
		if (sh->w[i].bad)
			printf("hog: worker %u: %" PRIu64 " bad pages, first at page %" PRIu64 "\n",
			       i, (uint64_t)sh->w[i].bad, (uint64_t)sh->w[i].first_bad_page);
	if (died)
		return 3;
	if (bad || ver != total_pages * passes)
		return 1;
	return 0;
}
