// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi-netswap - swap on an iSCSI LUN driven by iscsi_netswap.
 *
 *   iscsi-netswap swapon DEVICE    mark the session swap, raise the reserve,
 *                                  swapon(2)
 *   iscsi-netswap swapoff DEVICE   swapoff(2), unmark, give the reserve back
 *   iscsi-netswap status           sessions, reserves, counters, state
 *   iscsi-netswap safe-logout on|off|status
 *                                  iscsid refuses logouts of sessions that
 *                                  back swap (nsw_logout.c)
 *   iscsi-netswap logout [--force] SESSION|DEVICE
 *                                  a logout that names the swap in the way
 *
 * DEVICE is a disk or a partition of an iSCSI LUN. The session behind it
 * is found through sysfs (block device -> disk -> SCSI device -> hostN/
 * sessionM); it must be driven by iscsi_netswap, whose hosts have
 * /sys/class/scsi_host/hostN/netswap/. On a stock kernel the session's
 * reserve_bytes is added to vm.min_free_kbytes; the state under
 * /run/iscsi-netswap/ lets the last swapoff put back exactly the value
 * found before the first swapon, also after a crash of this tool. On a
 * kernel with the mm-patches series (netswap/reserve_limit_bytes exists)
 * the module registers the reserve with the kernel itself: the tool then
 * records the swap device with no reserve of its own and leaves
 * vm.min_free_kbytes alone.
 *
 * Exit status: 0 done; 1 refused or failed (nothing changed); 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "nsw_state.h"
#include "nsw_status.h"
#include "nsw_sys.h"

#define MIN_FREE	"/proc/sys/vm/min_free_kbytes"
#define SCSI_HOSTS	"/sys/class/scsi_host"

static const char *state_dir = "/run/iscsi-netswap";
static char state_file[PATH_MAX];
static char lock_file[PATH_MAX];

/* The iSCSI session behind a block device. */
struct nsw_dev {
	char path[NSW_PATH_MAX];
	unsigned int major, minor;
	int host, session;
	char netswap[96];		/* /sys/class/scsi_host/hostN/netswap */
	char target[256];
};

void err(const char *fmt, ...)
{
	va_list ap;

	fputs("iscsi-netswap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Test hook: die at a named point, as a crash would (tests/netswap). */
static void crash_point(const char *name)
{
	const char *want = getenv("ISCSI_NETSWAP_CRASH_AT");

	if (want && !strcmp(want, name)) {
		fprintf(stderr, "iscsi-netswap: crashing at %s (test hook)\n",
			name);
		_exit(9);
	}
}

int read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	return (int)n;
}

static int read_ull(const char *path, unsigned long long *v)
{
	char buf[64], *end;
	int r = read_text(path, buf, sizeof(buf));

	if (r < 0)
		return r;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n'))
		return -EINVAL;
	return 0;
}

int write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	if (close(fd))
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static int write_ull(const char *path, unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu\n", v);
	return write_text(path, buf);
}

/* Number after @prefix in a path component, e.g. "host3" -> 3. */
int component_num(const char *comp, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long v;

	if (strncmp(comp, prefix, n) || comp[n] < '0' || comp[n] > '9')
		return -1;
	v = strtol(comp + n, &end, 10);
	if (*end || v < 0 || v > INT_MAX)
		return -1;
	return (int)v;
}

/**
 * resolve_session - find the iSCSI session behind a block device
 * @path: device node
 * @d: filled (all but @netswap and @target)
 * @say: tell on stderr why it is not one
 *
 * Return: 0, or -1 (after telling why, with @say).
 */
static int resolve_session(const char *path, struct nsw_dev *d, int say)
{
	char sys[PATH_MAX], real[PATH_MAX], disk[PATH_MAX], dev[PATH_MAX];
	char tmp[PATH_MAX + 32], *comp, *save = NULL;
	int prev_host = -1;
	struct stat st;

	memset(d, 0, sizeof(*d));
	if (strlen(path) >= sizeof(d->path)) {
		if (say)
			err("%s: path too long", path);
		return -1;
	}
	strcpy(d->path, path);
	if (stat(path, &st)) {
		if (say)
			err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISBLK(st.st_mode)) {
		if (say)
			err("%s: not a block device", path);
		return -1;
	}
	d->major = major(st.st_rdev);
	d->minor = minor(st.st_rdev);
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u", d->major,
		 d->minor);
	if (!realpath(sys, real)) {
		if (say)
			err("%s: no sysfs entry for block device %u:%u",
			    path, d->major, d->minor);
		return -1;
	}
	/* a partition: its disk is the parent directory */
	snprintf(tmp, sizeof(tmp), "%s/partition", real);
	if (!access(tmp, F_OK)) {
		char *slash = strrchr(real, '/');

		if (!slash) {
			if (say)
				err("%s: odd sysfs path %s", path, real);
			return -1;
		}
		*slash = '\0';
	}
	strcpy(disk, real);
	snprintf(tmp, sizeof(tmp), "%s/device", disk);
	if (!realpath(tmp, dev)) {
		if (say)
			err("%s: not an iSCSI disk (no SCSI device behind %s)",
			    path, disk);
		return -1;
	}
	/* .../hostN/sessionM/targetN:0:0/N:0:0:L */
	d->host = -1;
	d->session = -1;
	for (comp = strtok_r(dev, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		int h = component_num(comp, "host");
		int s = component_num(comp, "session");

		if (s >= 0 && prev_host >= 0) {
			d->host = prev_host;
			d->session = s;
		}
		prev_host = h;
	}
	if (d->session < 0) {
		if (say)
			err("%s: not an iSCSI disk (no iSCSI session above it)",
			    path);
		return -1;
	}
	return 0;
}

int session_of_device(const char *path)
{
	struct nsw_dev d;

	return resolve_session(path, &d, 1) ? -1 : d.session;
}

/* A line of an iSCSI session's sysfs file, or "" */
static void session_file(int sid, const char *name, char *buf, size_t len)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), ISCSI_SESSIONS "/session%d/%s", sid, name);
	if (read_text(p, buf, len) < 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* resolve_session(), on a session that iscsi_netswap drives. */
static int resolve(const char *path, struct nsw_dev *d)
{
	char tmp[PATH_MAX + 32];

	if (resolve_session(path, d, 1))
		return -1;
	snprintf(d->netswap, sizeof(d->netswap), SCSI_HOSTS "/host%d/netswap",
		 d->host);
	snprintf(tmp, sizeof(tmp), "%s/swap", d->netswap);
	if (access(tmp, F_OK)) {
		err("%s: iSCSI session %d (host%d) is not driven by iscsi_netswap (stock iscsi_tcp?)",
		    path, d->session, d->host);
		return -1;
	}
	session_file(d->session, "targetname", d->target, sizeof(d->target));
	return 0;
}

/*
 * NIC drivers known to refill their receive ring without the emergency
 * reserves (plain GFP_ATOMIC): a swap session behind one can deadlock when
 * memory runs out (Documentation/reserve.rst, "What the reserve needs
 * from the NIC driver").
 */
static const char * const rx_unsafe_drivers[] = { "virtio_net", NULL };

/* same_addr - is the text address @text the address of @sa? */
static int same_addr(const char *text, const struct sockaddr *sa)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (sa->sa_family == AF_INET && inet_pton(AF_INET, text, &a4) == 1)
		return !memcmp(&((const struct sockaddr_in *)sa)->sin_addr,
			       &a4, sizeof(a4));
	if (sa->sa_family == AF_INET6 && inet_pton(AF_INET6, text, &a6) == 1)
		return !memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr,
			       &a6, sizeof(a6));
	return 0;
}

/**
 * session_nic - the interface and driver a session's connection uses
 * @host: SCSI host number of the session
 * @ifname: out, interface name (IF_NAMESIZE)
 * @driver: out, driver name ("?" when the interface has no device)
 * @len: size of @driver
 *
 * Found from the connection's local address (iscsi_host ipaddress), which
 * is on the interface the connection leaves by. Return: 0, or -1 when the
 * session has no connection or no local interface holds that address.
 */
static int session_nic(int host, char *ifname, char *driver, size_t len)
{
	struct ifaddrs *ifa, *i;
	char p[PATH_MAX], addr[INET6_ADDRSTRLEN + 8], link[PATH_MAX];
	const char *base;
	ssize_t n;
	int found = 0;

	snprintf(p, sizeof(p), "/sys/class/iscsi_host/host%d/ipaddress", host);
	if (read_text(p, addr, sizeof(addr)) < 0)
		return -1;
	addr[strcspn(addr, "\n")] = '\0';
	if (getifaddrs(&ifa))
		return -1;
	for (i = ifa; i && !found; i = i->ifa_next) {
		if (i->ifa_addr && same_addr(addr, i->ifa_addr)) {
			snprintf(ifname, IF_NAMESIZE, "%s", i->ifa_name);
			found = 1;
		}
	}
	freeifaddrs(ifa);
	if (!found)
		return -1;
	snprintf(p, sizeof(p), "/sys/class/net/%s/device/driver", ifname);
	n = readlink(p, link, sizeof(link) - 1);
	if (n < 0) {
		snprintf(driver, len, "?");
		return 0;
	}
	link[n] = '\0';
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	n = strlen(base);
	if ((size_t)n >= len)
		n = len - 1;
	memcpy(driver, base, n);
	driver[n] = '\0';
	return 0;
}

/* warn_rx_unsafe_nic - say so when a swap session's NIC cannot use the reserves */
static void warn_rx_unsafe_nic(int host)
{
	char ifname[IF_NAMESIZE], driver[64];
	int i;

	if (session_nic(host, ifname, driver, sizeof(driver)))
		return;
	for (i = 0; rx_unsafe_drivers[i]; i++) {
		if (!strcmp(driver, rx_unsafe_drivers[i]))
			err("warning: %s (%s) refills its receive ring without the memory reserves; when memory runs out, swap on this session can deadlock (see Documentation/reserve.rst)",
			    ifname, driver);
	}
}

/*
 * Call @fn for each swap area of /proc/swaps that is a block device, with
 * the name swapon(2) was given and the device's number, until @fn
 * returns non-zero; return that, or 0.
 */
static int swaps_walk(int (*fn)(const char *name, dev_t rdev, void *arg),
		      void *arg)
{
	char line[1024], name[1024];
	struct stat st;
	int r = 0;
	FILE *f;

	f = fopen("/proc/swaps", "re");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return 0;
	}
	while (!r && fgets(line, sizeof(line), f)) {
		char *src = line, *dst = name;

		/* first field; spaces appear as \040 */
		while (*src && *src != ' ' && *src != '\t' && *src != '\n') {
			if (src[0] == '\\' && src[1] >= '0' && src[1] <= '3' &&
			    src[2] && src[3]) {
				*dst++ = (char)((src[1] - '0') * 64 +
						(src[2] - '0') * 8 +
						(src[3] - '0'));
				src += 4;
			} else {
				*dst++ = *src++;
			}
		}
		*dst = '\0';
		if (!stat(name, &st) && S_ISBLK(st.st_mode))
			r = fn(name, st.st_rdev, arg);
	}
	fclose(f);
	return r;
}

static int same_rdev(const char *name, dev_t rdev, void *arg)
{
	return rdev == *(dev_t *)arg;
}

/* Is the block device @maj:@min an active swap area? */
int in_proc_swaps(unsigned int maj, unsigned int min)
{
	dev_t want = makedev(maj, min);

	return swaps_walk(same_rdev, &want);
}

static int set_session_swap(int host, int on)
{
	char path[PATH_MAX];
	int r;

	snprintf(path, sizeof(path), SCSI_HOSTS "/host%d/netswap/swap", host);
	r = write_text(path, on ? "1\n" : "0\n");
	if (r)
		err("cannot write %s: %s", path, strerror(-r));
	return r;
}

/*
 * The state's lock, taken by the commands that change it. Readers
 * (status, perhaps not root) take none: the state is replaced by a
 * rename, so they read a whole one.
 */
static int lock_state(void)
{
	int fd;

	if (mkdir(state_dir, 0755) && errno != EEXIST) {
		err("cannot create %s: %s", state_dir, strerror(errno));
		return -1;
	}
	fd = open(lock_file, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		err("cannot open %s: %s", lock_file, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX)) {
		err("cannot lock %s: %s", lock_file, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Return: 0 (state loaded or fresh), -1 after telling why. */
static int load_state(struct nsw_state *st, unsigned long long *cur)
{
	static char text[NSW_MAX_ENTRIES * (NSW_PATH_MAX + 128) + 512];
	int r;

	r = read_ull(MIN_FREE, cur);
	if (r) {
		err("cannot read " MIN_FREE ": %s", strerror(-r));
		return -1;
	}
	r = read_text(state_file, text, sizeof(text));
	if (r == -ENOENT) {
		nsw_state_init(st, *cur);
		return 0;
	}
	if (r < 0) {
		err("cannot read %s: %s", state_file, strerror(-r));
		return -1;
	}
	if (nsw_state_parse(text, st)) {
		err("%s is not a state file of this version; not touching anything",
		    state_file);
		return -1;
	}
	return 0;
}

static int save_state(const struct nsw_state *st)
{
	static char text[NSW_MAX_ENTRIES * (NSW_PATH_MAX + 128) + 512];
	char tmp[PATH_MAX + 8];
	int len, fd;

	if (!st->n) {
		if (unlink(state_file) && errno != ENOENT) {
			err("cannot remove %s: %s", state_file,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	len = nsw_state_format(st, text, sizeof(text));
	if (len < 0) {
		err("state too large");
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", state_file);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, len) != len || fsync(fd)) {
		err("cannot write %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (rename(tmp, state_file)) {
		err("cannot rename %s: %s", tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Bring vm.min_free_kbytes to what the state says, crash-safely: the
 * state (marked pending) is on disk before the sysctl changes.
 */
static int apply_state(struct nsw_state *st)
{
	unsigned long long target = nsw_target_kb(st);
	int r;

	st->set_kb = target;
	st->pending = 1;
	if (save_state(st))
		return -1;
	r = write_ull(MIN_FREE, target);
	if (r) {
		err("cannot write " MIN_FREE ": %s", strerror(-r));
		return -1;
	}
	st->pending = 0;
	return save_state(st);
}

/*
 * Repair what a crashed run left: entries whose device is no longer
 * swap go, their sessions are unmarked, vm.min_free_kbytes follows.
 */
static int reconcile(struct nsw_state *st, unsigned long long cur)
{
	int i, changed = st->pending;

	nsw_sync_current(st, cur);
	for (i = 0; i < st->n;) {
		struct nsw_entry e = st->e[i];

		if (in_proc_swaps(e.major, e.minor)) {
			i++;
			continue;
		}
		fprintf(stderr,
			"iscsi-netswap: %s (%u:%u) is no longer swap: dropping it from the state\n",
			e.path, e.major, e.minor);
		nsw_remove(st, e.major, e.minor);
		if (!nsw_host_in_use(st, e.host)) {
			char p[PATH_MAX];

			snprintf(p, sizeof(p), SCSI_HOSTS "/host%d/netswap/swap",
				 e.host);
			if (!access(p, F_OK))
				set_session_swap(e.host, 0);
		}
		changed = 1;
	}
	if (changed || (st->n && cur != nsw_target_kb(st)))
		return apply_state(st);
	return 0;
}

/* The module registers its reserve with the kernel (mm-patches series). */
static int kernel_holds_reserve(const char *netswap)
{
	char p[PATH_MAX + 32];

	snprintf(p, sizeof(p), "%s/reserve_limit_bytes", netswap);
	return !access(p, F_OK);
}

/* @prio: swapon(8)'s -p (0..32767), or -1 for the kernel's default */
static int cmd_swapon(const char *path, int prio)
{
	struct nsw_state st;
	struct nsw_entry e;
	struct nsw_dev d;
	unsigned long long cur, bytes;
	char p[PATH_MAX];
	int lock, r;

	if (resolve(path, &d))
		return 1;
	lock = lock_state();
	if (lock < 0)
		return 1;
	if (load_state(&st, &cur) || reconcile(&st, cur))
		return 1;
	if (in_proc_swaps(d.major, d.minor)) {
		err("%s is already an active swap device", path);
		return 1;
	}
	snprintf(p, sizeof(p), "%s/reserve_bytes", d.netswap);
	r = read_ull(p, &bytes);
	if (r) {
		err("cannot read %s: %s", p, strerror(-r));
		return 1;
	}
	memset(&e, 0, sizeof(e));
	e.major = d.major;
	e.minor = d.minor;
	e.host = d.host;
	e.session = d.session;
	/* a reserve the kernel holds is not added to vm.min_free_kbytes */
	e.reserve_kb = kernel_holds_reserve(d.netswap) ? 0 :
		nsw_bytes_to_kb(bytes);
	strcpy(e.path, d.path);
	if (nsw_add(&st, &e)) {
		err("%s: cannot record it (too many swap devices?)", path);
		return 1;
	}
	/* the socket uses the reserves before the first page goes out */
	if (set_session_swap(d.host, 1) || apply_state(&st))
		goto undo;
	crash_point("after-raise");
	if (swapon(d.path, prio < 0 ? 0 : SWAP_FLAG_PREFER |
		   ((prio << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK))) {
		err("swapon %s: %s", d.path, strerror(errno));
		goto undo;
	}
	if (kernel_holds_reserve(d.netswap))
		printf("%s: swap on iSCSI session %d (%s), reserve %llu kB registered with the kernel\n",
		       d.path, d.session, d.target, nsw_bytes_to_kb(bytes));
	else
		printf("%s: swap on iSCSI session %d (%s), reserve %llu kB, vm.min_free_kbytes %llu -> %llu\n",
		       d.path, d.session, d.target, e.reserve_kb, cur,
		       st.set_kb);
	warn_rx_unsafe_nic(d.host);
	warn_unsafe_logout();
	close(lock);
	return 0;
undo:
	nsw_remove(&st, d.major, d.minor);
	if (!nsw_host_in_use(&st, d.host))
		set_session_swap(d.host, 0);
	apply_state(&st);
	return 1;
}

/*
 * swapoff(2) the area of state entry @i (by @name), then drop the entry
 * and unmark its session if no other area is on it. Swap-in still needs
 * the reserves: they go only after swapoff(2). Return: 0, or -1 (told).
 */
static int swapoff_entry(struct nsw_state *st, int i, const char *name)
{
	struct nsw_entry e = st->e[i];

	if (swapoff(name)) {
		err("swapoff %s: %s", name, strerror(errno));
		return -1;
	}
	crash_point("after-swapoff");
	nsw_remove(st, e.major, e.minor);
	if (!nsw_host_in_use(st, e.host) && set_session_swap(e.host, 0))
		return -1;
	return 0;
}

static int cmd_swapoff(const char *path)
{
	struct nsw_state st;
	struct nsw_dev d;
	unsigned long long cur;
	int lock, i;

	if (resolve(path, &d))
		return 1;
	lock = lock_state();
	if (lock < 0)
		return 1;
	if (load_state(&st, &cur) || reconcile(&st, cur))
		return 1;
	if (!in_proc_swaps(d.major, d.minor)) {
		err("%s is not an active swap device", path);
		return 1;
	}
	i = nsw_find(&st, d.major, d.minor);
	if (i < 0) {
		err("%s was not made swap by iscsi-netswap; use swapoff(8)",
		    path);
		return 1;
	}
	if (swapoff_entry(&st, i, d.path) || apply_state(&st))
		return 1;
	printf("%s: swap off; vm.min_free_kbytes %llu -> %llu\n", d.path, cur,
	       st.set_kb);
	close(lock);
	return 0;
}

/* swaps_walk(): the name swapon(2) was given for a device number */
struct swap_name {
	dev_t rdev;
	char name[NSW_PATH_MAX];
};

static int find_swap_name(const char *name, dev_t rdev, void *arg)
{
	struct swap_name *sn = arg;

	if (rdev != sn->rdev)
		return 0;
	snprintf(sn->name, sizeof(sn->name), "%s", name);
	return 1;
}

/*
 * swapoff --all: every area the tool made swap, the last first, found by
 * device number (a name may lead elsewhere by now); for a package's
 * removal and a unit's stop. Areas no longer swap are dropped from the
 * state first (reconcile()). Return: 0, or 1 when one of them failed
 * (the others are still swapped off and vm.min_free_kbytes follows).
 */
static int swapoff_all(void)
{
	static struct nsw_state st;
	unsigned long long cur;
	struct swap_name sn;
	int lock, i, r = 0;

	lock = lock_state();
	if (lock < 0)
		return 1;
	if (load_state(&st, &cur) || reconcile(&st, cur))
		return 1;
	for (i = st.n - 1; i >= 0; i--) {
		sn.rdev = makedev(st.e[i].major, st.e[i].minor);
		if (!swaps_walk(find_swap_name, &sn))
			continue;	/* reconcile() saw it swap: gone since */
		if (swapoff_entry(&st, i, sn.name)) {
			r = 1;
			continue;
		}
		printf("%s: swap off\n", sn.name);
	}
	if (apply_state(&st))
		r = 1;
	printf("vm.min_free_kbytes %llu -> %llu\n", cur, st.set_kb);
	close(lock);
	return r;
}

/* --------------------------------------------------------------- status */

#define MAX_SESSIONS	64

static int cmp_attr(const void *a, const void *b)
{
	return strcmp(((const struct nsw_attr *)a)->name,
		      ((const struct nsw_attr *)b)->name);
}

/* Every file of a session's netswap/ directory, in name order. */
static void read_attrs(const char *dir, struct nsw_session *s)
{
	char p[PATH_MAX + 300], v[sizeof(s->attr[0].value)];
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d && (de = readdir(d)) && s->nattr < NSW_STATUS_ATTRS) {
		struct nsw_attr *a = &s->attr[s->nattr];

		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(a->name))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (read_text(p, v, sizeof(v)) < 0)
			continue;
		v[strcspn(v, "\n")] = '\0';
		strcpy(a->name, de->d_name);
		strcpy(a->value, v);
		s->nattr++;
	}
	if (d)
		closedir(d);
	qsort(s->attr, s->nattr, sizeof(s->attr[0]), cmp_attr);
}

struct sessions {
	struct nsw_session *s;
	int n;
};

/* swaps_walk(): put a swap area in its session's list */
static int add_swap_dev(const char *name, dev_t rdev, void *arg)
{
	struct sessions *ss = arg;
	struct nsw_dev d;
	int i;

	if (resolve_session(name, &d, 0))
		return 0;
	for (i = 0; i < ss->n; i++) {
		struct nsw_session *x = &ss->s[i];

		if (x->session == d.session && x->ndev < NSW_STATUS_DEVS)
			snprintf(x->dev[x->ndev++], sizeof(x->dev[0]), "%s",
				 name);
	}
	return 0;
}

static int cmp_session(const void *a, const void *b)
{
	return ((const struct nsw_session *)a)->session -
	       ((const struct nsw_session *)b)->session;
}

/* The sessions iscsi_netswap drives (their hosts have netswap/). */
static int collect_sessions(struct nsw_session *s, int max)
{
	char dir[PATH_MAX], p[PATH_MAX];
	struct sessions ss = { s, 0 };
	struct dirent *de, *se;
	DIR *hosts, *sd;

	hosts = opendir(SCSI_HOSTS);
	while (hosts && (de = readdir(hosts)) && ss.n < max) {
		struct nsw_session *x = &s[ss.n];
		int h = component_num(de->d_name, "host");

		if (h < 0)
			continue;
		snprintf(dir, sizeof(dir), SCSI_HOSTS "/%s/netswap", de->d_name);
		if (access(dir, F_OK))
			continue;
		memset(x, 0, sizeof(*x));
		x->host = h;
		x->session = -1;
		snprintf(p, sizeof(p), SCSI_HOSTS "/%s/device", de->d_name);
		sd = opendir(p);
		while (sd && (se = readdir(sd)))
			if (component_num(se->d_name, "session") >= 0)
				x->session = component_num(se->d_name, "session");
		if (sd)
			closedir(sd);
		if (x->session >= 0) {
			session_file(x->session, "targetname", x->target,
				     sizeof(x->target));
			session_file(x->session, "state", x->state,
				     sizeof(x->state));
		}
		if (session_nic(h, x->nic, x->driver, sizeof(x->driver)))
			x->nic[0] = '\0';
		read_attrs(dir, x);
		ss.n++;
	}
	if (hosts)
		closedir(hosts);
	qsort(s, ss.n, sizeof(*s), cmp_session);
	swaps_walk(add_swap_dev, &ss);
	return ss.n;
}

enum status_form { STATUS_TABLE, STATUS_LONG, STATUS_JSON };

static int show_status(enum status_form form)
{
	static struct nsw_session s[MAX_SESSIONS];
	static struct nsw_status_swap sw[NSW_MAX_ENTRIES];
	static char out[MAX_SESSIONS * 4096 + NSW_MAX_ENTRIES * 512];
	struct nsw_status_sys sys = { 0 };
	struct nsw_state st;
	unsigned long long cur;
	struct timespec now;
	int n, i, len, r;

	r = read_ull(MIN_FREE, &cur);
	if (r) {
		err("cannot read " MIN_FREE ": %s", strerror(-r));
		return 1;
	}
	/* no state file: no swap made by the tool; unreadable: not root */
	nsw_state_init(&st, cur);
	sys.have_state = !access(state_file, R_OK) || errno == ENOENT;
	if (sys.have_state && load_state(&st, &cur))
		return 1;
	n = collect_sessions(s, MAX_SESSIONS);

	sys.min_free_kb = cur;
	sys.orig_kb = st.orig_kb;
	sys.tool_reserve_kb = nsw_reserve_sum(&st);
	sys.state_differs = st.n && cur != nsw_target_kb(&st);
	if (!clock_gettime(CLOCK_BOOTTIME, &now))
		sys.now_s = now.tv_sec;
	for (i = 0; i < st.n; i++) {
		snprintf(sw[i].path, sizeof(sw[i].path), "%s", st.e[i].path);
		sw[i].major = st.e[i].major;
		sw[i].minor = st.e[i].minor;
		sw[i].host = st.e[i].host;
		sw[i].session = st.e[i].session;
		sw[i].reserve_kb = st.e[i].reserve_kb;
		sw[i].active = in_proc_swaps(st.e[i].major, st.e[i].minor);
	}
	sys.nswap = st.n;
	sys.swap = sw;
	switch (form) {
	case STATUS_JSON:
		sys.safe_logout = safe_logout_name();
		len = nsw_status_json(s, n, &sys, out, sizeof(out));
		break;
	case STATUS_LONG:
		len = nsw_status_long(s, n, &sys, out, sizeof(out));
		break;
	default:
		len = nsw_status_table(s, n, &sys, out, sizeof(out));
		break;
	}
	if (len < 0) {
		err("status too large to show");
		return 1;
	}
	fputs(out, stdout);
	if (form != STATUS_JSON)
		print_safe_logout();
	return 0;
}

/* ----------------------------------------------------------------- list */

int blockdir_dev(const char *dir, unsigned int *maj, unsigned int *min)
{
	char p[PATH_MAX + 8], v[32];

	snprintf(p, sizeof(p), "%s/dev", dir);
	if (read_text(p, v, sizeof(v)) <= 0 || sscanf(v, "%u:%u", maj, min) != 2)
		return -1;
	return 0;
}

/*
 * Is @maj:@min mounted? mountinfo names the device by number (field 3),
 * except for filesystems that show an anonymous one (btrfs): there the
 * mount source, after " - " and the type, is the device node.
 */
static int is_mounted(unsigned int maj, unsigned int min)
{
	char line[4096], want[32], src[PATH_MAX];
	struct stat st;
	const char *sep;
	int found = 0;
	FILE *f;

	snprintf(want, sizeof(want), " %u:%u ", maj, min);
	f = fopen("/proc/self/mountinfo", "re");
	while (f && !found && fgets(line, sizeof(line), f)) {
		if (strstr(line, want)) {
			found = 1;
			continue;
		}
		sep = strstr(line, " - ");
		if (sep && sscanf(sep + 3, "%*s %4095s", src) == 1 &&
		    src[0] == '/' && !stat(src, &st) && S_ISBLK(st.st_mode) &&
		    major(st.st_rdev) == maj && minor(st.st_rdev) == min)
			found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

/*
 * What a disk or partition (its sysfs directory @sysdir) is used for:
 * swap, mounted, held (by dm or md), parts (a disk whose partitions are
 * in use), ptable (a disk with partitions, none in use), or "-": free,
 * what swapon may take.
 */
static const char *device_use(const char *sysdir, unsigned int maj,
			      unsigned int min)
{
	char p[PATH_MAX + 300];
	const char *use = "-";
	unsigned int pmaj, pmin;
	struct dirent *de;
	DIR *d;

	if (in_proc_swaps(maj, min))
		return "swap";
	if (is_mounted(maj, min))
		return "mounted";
	snprintf(p, sizeof(p), "%s/holders", sysdir);
	d = opendir(p);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			use = "held";
	if (d)
		closedir(d);
	snprintf(p, sizeof(p), "%s/partition", sysdir);
	if (strcmp(use, "-") || !access(p, F_OK))
		return use;
	/* a disk: its partitions */
	d = opendir(sysdir);
	while (d && (de = readdir(d)) && strcmp(use, "parts")) {
		snprintf(p, sizeof(p), "%s/%s/partition", sysdir, de->d_name);
		if (de->d_name[0] == '.' || access(p, F_OK))
			continue;
		use = "ptable";
		snprintf(p, sizeof(p), "%s/%s", sysdir, de->d_name);
		if (!blockdir_dev(p, &pmaj, &pmin) &&
		    strcmp(device_use(p, pmaj, pmin), "-"))
			use = "parts";
	}
	if (d)
		closedir(d);
	return use;
}

/* One line of `list`: a disk or a partition at /sys/block/.../@name. */
static void list_one(const char *sysdir, const char *name, int *header)
{
	char dev[PATH_MAX], p[PATH_MAX + 16], v[64], target[224];
	unsigned long long sectors = 0;
	struct nsw_dev d;
	char drv[32];

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	if (resolve_session(dev, &d, 0))
		return;
	/* both transports name their hosts iscsi_tcp: netswap/ tells ours */
	snprintf(p, sizeof(p), SCSI_HOSTS "/host%d/netswap", d.host);
	if (!access(p, F_OK)) {
		snprintf(drv, sizeof(drv), "iscsi_netswap");
	} else {
		snprintf(p, sizeof(p), SCSI_HOSTS "/host%d/proc_name", d.host);
		if (read_text(p, drv, sizeof(drv)) <= 0)
			snprintf(drv, sizeof(drv), "?");
		drv[strcspn(drv, "\n")] = '\0';
	}
	snprintf(p, sizeof(p), "%s/size", sysdir);
	if (read_text(p, v, sizeof(v)) > 0)
		sectors = strtoull(v, NULL, 10);
	session_file(d.session, "targetname", target, sizeof(target));
	nsw_fmt_size(v, sizeof(v), sectors * 512);
	if (!*header) {
		printf("%-12s %7s %7s  %-14s %-8s %s\n", "DEVICE", "SIZE",
		       "SESSION", "DRIVER", "USE", "TARGET");
		*header = 1;
	}
	printf("%-12s %7s %7d  %-14s %-8s %s\n", dev, v, d.session, drv,
	       device_use(sysdir, d.major, d.minor), target);
}

static int not_dot(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

static int cmd_list(void)
{
	char sys[PATH_MAX], part[PATH_MAX + 300], p[PATH_MAX + 600];
	struct dirent **disks, **parts;
	int header = 0, nd, np, i, j;

	nd = scandir("/sys/block", &disks, not_dot, alphasort);
	if (nd < 0) {
		err("cannot read /sys/block: %s", strerror(errno));
		return 1;
	}
	for (i = 0; i < nd; i++) {
		snprintf(sys, sizeof(sys), "/sys/block/%s", disks[i]->d_name);
		list_one(sys, disks[i]->d_name, &header);
		np = scandir(sys, &parts, not_dot, alphasort);
		for (j = 0; j < np; j++) {
			snprintf(part, sizeof(part), "%s/%s", sys,
				 parts[j]->d_name);
			snprintf(p, sizeof(p), "%s/partition", part);
			if (!access(p, F_OK))
				list_one(part, parts[j]->d_name, &header);
			free(parts[j]);
		}
		if (np >= 0)
			free(parts);
		free(disks[i]);
	}
	free(disks);
	if (!header)
		printf("no iSCSI disk\n");
	return 0;
}

/* ------------------------------------------------------------- commands */

struct command {
	const char *name;
	const char *args;
	const char *help;
	int min_args, max_args;
	int (*run)(int argc, char **argv);
};

/* A usage error of a command: say what was wrong, then the usage (2). */
static int bad_arg(const char *arg)
{
	err(arg[0] == '-' ? "unknown option '%s'" : "unexpected '%s'", arg);
	return -1;
}

static int run_swapon(int argc, char **argv)
{
	int prio = -1;

	/* -p PRIO: areas of equal priority are used in turn, as swapon(8) */
	if (argc == 3 && !strcmp(argv[0], "-p")) {
		prio = component_num(argv[1], "");
		if (prio < 0 || prio > SWAP_FLAG_PRIO_MASK) {
			err("priority '%s' is not a number from 0 to %d", argv[1],
			    SWAP_FLAG_PRIO_MASK);
			return -1;
		}
		argv += 2;
		argc -= 2;
	}
	if (argc != 1)
		return bad_arg(argv[argc > 1 ? 1 : 0]);
	if (argv[0][0] == '-')
		return bad_arg(argv[0]);
	return cmd_swapon(argv[0], prio);
}

static int run_swapoff(int argc, char **argv)
{
	if (!strcmp(argv[0], "--all"))
		return swapoff_all();
	if (argv[0][0] == '-')
		return bad_arg(argv[0]);
	return cmd_swapoff(argv[0]);
}

static int run_list(int argc, char **argv)
{
	return cmd_list();
}

static int run_safe_logout(int argc, char **argv);
static int run_status(int argc, char **argv);
static int run_logout(int argc, char **argv);

static const struct command commands[] = {
	{ "swapon", "[-p PRIORITY] DEVICE",
	  "Make DEVICE (a disk or partition on an iSCSI LUN driven by\n"
	  "iscsi_netswap) swap: mark its session as a swap session, then\n"
	  "swapon(2). On Debian's kernel the session's reserve is added to\n"
	  "vm.min_free_kbytes; on a kernel with the reserve series the module\n"
	  "registers it with the kernel. -p: swap priority, as swapon(8)'s\n"
	  "(areas of equal priority are used in turn). State:\n"
	  "/run/iscsi-netswap/.\n",
	  1, 3, run_swapon },
	{ "swapoff", "DEVICE | --all",
	  "swapoff(2) DEVICE, then give its reserve back. Only for devices\n"
	  "made swap by `iscsi-netswap swapon`; --all: every one of them.\n",
	  1, 1, run_swapoff },
	{ "status", "[--json | --long]",
	  "One line per iSCSI session driven by iscsi_netswap: its swap\n"
	  "devices, target, state, reserve, whether its socket may use the\n"
	  "memory reserves, recoveries and the last one, the high-water marks\n"
	  "of its command and R2T pools; then vm.min_free_kbytes and whether\n"
	  "iscsid refuses logouts of swap sessions. --json: the same and every\n"
	  "netswap/ sysfs file, for scripts. --long: every file as name=value.\n"
	  "Needs no privileges.\n",
	  0, 1, run_status },
	{ "list", "",
	  "The iSCSI disks and partitions of this machine: size, session,\n"
	  "the transport that drives it (swap needs iscsi_netswap), and what\n"
	  "uses it (swap, mounted, held by dm/md, or -).\n",
	  0, 0, run_list },
	{ "safe-logout", "on|off|status",
	  "on: set iscsid.safe_logout = Yes in iscsid.conf, so that iscsid\n"
	  "refuses to log out a session whose disks back swap; off: restore\n"
	  "what it was. iscsid reads it when it starts. status: exit 0 when\n"
	  "the refusal is in force.\n",
	  1, 1, run_safe_logout },
	{ "logout", "[--force] SESSION|DEVICE",
	  "Log a session out through iscsiadm, refusing one that backs swap\n"
	  "and naming the device; --force deletes the session's SCSI devices\n"
	  "first (every page swapped out there is lost).\n",
	  1, 2, run_logout },
};

#define NR_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: iscsi-netswap COMMAND [ARGS]\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "       iscsi-netswap %s%s%s\n", commands[i].name,
			*commands[i].args ? " " : "", commands[i].args);
	fprintf(f, "       iscsi-netswap --version\n"
		"'iscsi-netswap COMMAND --help' tells more; iscsi-netswap(8).\n"
		"Exit status: 0 done, 1 refused or failed, 2 bad usage.\n");
}

static void command_usage(FILE *f, const struct command *c, int full)
{
	fprintf(f, "usage: iscsi-netswap %s%s%s\n", c->name,
		*c->args ? " " : "", c->args);
	if (full)
		fprintf(f, "%s", c->help);
}

static int run_status(int argc, char **argv)
{
	if (!argc)
		return show_status(STATUS_TABLE);
	if (!strcmp(argv[0], "--json"))
		return show_status(STATUS_JSON);
	if (!strcmp(argv[0], "--long") || !strcmp(argv[0], "-l"))
		return show_status(STATUS_LONG);
	return bad_arg(argv[0]);
}

static int run_safe_logout(int argc, char **argv)
{
	if (strcmp(argv[0], "on") && strcmp(argv[0], "off") &&
	    strcmp(argv[0], "status"))
		return bad_arg(argv[0]);
	return cmd_safe_logout(argv[0]);
}

static int run_logout(int argc, char **argv)
{
	if (argc == 1 && argv[0][0] != '-')
		return cmd_logout(argv[0], 0);
	if (argc == 2 && !strcmp(argv[0], "--force") && argv[1][0] != '-')
		return cmd_logout(argv[1], 1);
	return bad_arg(argv[argc == 2 && !strcmp(argv[0], "--force")]);
}

int main(int argc, char **argv)
{
	const char *dir = getenv("ISCSI_NETSWAP_STATE_DIR");
	const struct command *c = NULL;
	size_t i;
	int j, r;

	if (dir && *dir)
		state_dir = dir;
	snprintf(state_file, sizeof(state_file), "%s/state", state_dir);
	snprintf(lock_file, sizeof(lock_file), "%s/lock", state_dir);

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "help"))) {
		usage(stdout);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "--version") ||
			  !strcmp(argv[1], "-V"))) {
		printf("iscsi-netswap %s\n", NSW_VERSION);
		return 0;
	}
	for (i = 0; argc > 1 && i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			c = &commands[i];
	if (argc == 3 && !strcmp(argv[1], "help")) {
		for (i = 0; i < NR_COMMANDS; i++)
			if (!strcmp(argv[2], commands[i].name))
				c = &commands[i];
		if (c) {
			command_usage(stdout, c, 1);
			return 0;
		}
		err("no command '%s'", argv[2]);
		usage(stderr);
		return 2;
	}
	if (!c) {
		if (argc > 1)
			err("no command '%s'", argv[1]);
		usage(stderr);
		return 2;
	}
	for (j = 2; j < argc; j++) {
		if (!strcmp(argv[j], "-h") || !strcmp(argv[j], "--help")) {
			command_usage(stdout, c, 1);
			return 0;
		}
	}
	if (argc - 2 < c->min_args || argc - 2 > c->max_args) {
		command_usage(stderr, c, 0);
		return 2;
	}
	r = c->run(argc - 2, argv + 2);
	if (r < 0) {
		command_usage(stderr, c, 0);
		return 2;
	}
	/* a report that did not reach its reader is a failure */
	if (fflush(stdout) || ferror(stdout)) {
		err("cannot write the output: %s", strerror(errno));
		return 1;
	}
	return r;
}
