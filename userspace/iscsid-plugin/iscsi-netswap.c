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

#include "nsw_state.h"
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

static void usage(FILE *f)
{
	fprintf(f,
		"usage: iscsi-netswap swapon DEVICE\n"
		"       iscsi-netswap swapoff DEVICE\n"
		"       iscsi-netswap status\n"
		"       iscsi-netswap safe-logout on|off|status\n"
		"       iscsi-netswap logout [--force] SESSION|DEVICE\n"
		"DEVICE: a disk or partition on an iSCSI LUN driven by iscsi_netswap.\n"
		"swapon marks its session as a swap session (reserves for swap only),\n"
		"raises vm.min_free_kbytes by the session's reserve, then swapon(2);\n"
		"swapoff undoes it. State: /run/iscsi-netswap/.\n"
		"safe-logout on sets iscsid.safe_logout = Yes in iscsid.conf: iscsid then\n"
		"refuses to log out a session whose disks back swap (off restores it).\n"
		"logout refuses a session that backs swap, naming the device; --force\n"
		"deletes its SCSI devices first (every page swapped out there is lost).\n");
}

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
 *
 * Return: 0, or -1 after telling why.
 */
static int resolve_session(const char *path, struct nsw_dev *d)
{
	char sys[PATH_MAX], real[PATH_MAX], disk[PATH_MAX], dev[PATH_MAX];
	char tmp[PATH_MAX + 32], *comp, *save = NULL;
	int prev_host = -1;
	struct stat st;

	memset(d, 0, sizeof(*d));
	if (strlen(path) >= sizeof(d->path)) {
		err("%s: path too long", path);
		return -1;
	}
	strcpy(d->path, path);
	if (stat(path, &st)) {
		err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISBLK(st.st_mode)) {
		err("%s: not a block device", path);
		return -1;
	}
	d->major = major(st.st_rdev);
	d->minor = minor(st.st_rdev);
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u", d->major,
		 d->minor);
	if (!realpath(sys, real)) {
		err("%s: no sysfs entry for block device %u:%u", path,
		    d->major, d->minor);
		return -1;
	}
	/* a partition: its disk is the parent directory */
	snprintf(tmp, sizeof(tmp), "%s/partition", real);
	if (!access(tmp, F_OK)) {
		char *slash = strrchr(real, '/');

		if (!slash) {
			err("%s: odd sysfs path %s", path, real);
			return -1;
		}
		*slash = '\0';
	}
	strcpy(disk, real);
	snprintf(tmp, sizeof(tmp), "%s/device", disk);
	if (!realpath(tmp, dev)) {
		err("%s: not an iSCSI disk (no SCSI device behind %s)", path,
		    disk);
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
		err("%s: not an iSCSI disk (no iSCSI session above it)", path);
		return -1;
	}
	return 0;
}

int session_of_device(const char *path)
{
	struct nsw_dev d;

	return resolve_session(path, &d) ? -1 : d.session;
}

/* resolve_session(), on a session that iscsi_netswap drives. */
static int resolve(const char *path, struct nsw_dev *d)
{
	char tmp[PATH_MAX + 32];

	if (resolve_session(path, d))
		return -1;
	snprintf(d->netswap, sizeof(d->netswap), SCSI_HOSTS "/host%d/netswap",
		 d->host);
	snprintf(tmp, sizeof(tmp), "%s/swap", d->netswap);
	if (access(tmp, F_OK)) {
		err("%s: iSCSI session %d (host%d) is not driven by iscsi_netswap (stock iscsi_tcp?)",
		    path, d->session, d->host);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "/sys/class/iscsi_session/session%d/targetname",
		 d->session);
	if (read_text(tmp, d->target, sizeof(d->target)) > 0)
		d->target[strcspn(d->target, "\n")] = '\0';
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

/* Is the block device @major:@minor an active swap area? */
int in_proc_swaps(unsigned int maj, unsigned int min)
{
	char line[1024], name[1024];
	struct stat st;
	FILE *f;
	int found = 0;

	f = fopen("/proc/swaps", "re");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return 0;
	}
	while (!found && fgets(line, sizeof(line), f)) {
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
		if (!stat(name, &st) && S_ISBLK(st.st_mode) &&
		    major(st.st_rdev) == maj && minor(st.st_rdev) == min)
			found = 1;
	}
	fclose(f);
	return found;
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

static int lock_state(int exclusive)
{
	int fd;

	if (mkdir(state_dir, 0700) && errno != EEXIST) {
		err("cannot create %s: %s", state_dir, strerror(errno));
		return -1;
	}
	fd = open(lock_file, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		err("cannot open %s: %s", lock_file, strerror(errno));
		return -1;
	}
	if (flock(fd, exclusive ? LOCK_EX : LOCK_SH)) {
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
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
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

static int cmd_swapon(const char *path)
{
	struct nsw_state st;
	struct nsw_entry e;
	struct nsw_dev d;
	unsigned long long cur, bytes;
	char p[PATH_MAX];
	int lock, r;

	if (resolve(path, &d))
		return 1;
	lock = lock_state(1);
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
	if (swapon(d.path, 0)) {
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

static int cmd_swapoff(const char *path)
{
	struct nsw_state st;
	struct nsw_dev d;
	unsigned long long cur;
	int lock, i;

	if (resolve(path, &d))
		return 1;
	lock = lock_state(1);
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
	/* swap-in still needs the reserves: they go after swapoff(2) */
	if (swapoff(d.path)) {
		err("swapoff %s: %s", d.path, strerror(errno));
		return 1;
	}
	crash_point("after-swapoff");
	nsw_remove(&st, d.major, d.minor);
	if (!nsw_host_in_use(&st, d.host) && set_session_swap(d.host, 0))
		return 1;
	if (apply_state(&st))
		return 1;
	printf("%s: swap off; vm.min_free_kbytes %llu -> %llu\n", d.path, cur,
	       st.set_kb);
	close(lock);
	return 0;
}

static void print_attr(const char *dir, const char *name)
{
	char p[PATH_MAX + 64], v[128];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (read_text(p, v, sizeof(v)) < 0)
		strcpy(v, "?");
	v[strcspn(v, "\n")] = '\0';
	printf(" %s=%s", name, v);
}

static const char * const status_attrs[] = {
	"swap", "memalloc_active", "reserve_bytes", "rx_pfmemalloc_skbs",
	"tx_reserve_bytes", "tx_reserve_runs", "cmds_hwm", "cmds_pool_full",
	"r2t_hwm", "cmdsn_window_waits", "recovery", "recovery_state",
	"recovery_deadline", "recoveries", "recovery_last_ms", NULL,
};

/* The reserve group's files: kernels with the mm-patches series only. */
static const char * const group_attrs[] = {
	"reserve_limit_bytes", "reserve_used_bytes", "reserve_hwm_bytes", NULL,
};

static int cmd_status(void)
{
	struct nsw_state st;
	unsigned long long cur;
	struct dirent *de;
	char dir[PATH_MAX], p[PATH_MAX], v[256], ifname[IF_NAMESIZE];
	DIR *hosts;
	int lock, i, n = 0;

	lock = lock_state(0);
	if (lock < 0 || load_state(&st, &cur))
		return 1;
	hosts = opendir(SCSI_HOSTS);
	while (hosts && (de = readdir(hosts))) {
		int h = component_num(de->d_name, "host");
		DIR *sd;
		struct dirent *se;

		if (h < 0)
			continue;
		snprintf(dir, sizeof(dir), SCSI_HOSTS "/%s/netswap", de->d_name);
		if (access(dir, F_OK))
			continue;
		printf("host%d", h);
		snprintf(p, sizeof(p), SCSI_HOSTS "/%s/device", de->d_name);
		sd = opendir(p);
		while (sd && (se = readdir(sd))) {
			int s = component_num(se->d_name, "session");
			char t[PATH_MAX];

			if (s < 0)
				continue;
			snprintf(t, sizeof(t),
				 "/sys/class/iscsi_session/session%d/targetname", s);
			if (read_text(t, v, sizeof(v)) < 0)
				strcpy(v, "?");
			v[strcspn(v, "\n")] = '\0';
			printf(" session=%d target=%s", s, v);
		}
		if (sd)
			closedir(sd);
		if (!session_nic(h, ifname, v, sizeof(v)))
			printf(" nic=%s driver=%s", ifname, v);
		for (i = 0; status_attrs[i]; i++)
			print_attr(dir, status_attrs[i]);
		if (kernel_holds_reserve(dir))
			for (i = 0; group_attrs[i]; i++)
				print_attr(dir, group_attrs[i]);
		printf("\n");
		n++;
	}
	if (hosts)
		closedir(hosts);
	if (!n)
		printf("no iSCSI session driven by iscsi_netswap\n");
	printf("vm.min_free_kbytes=%llu", cur);
	if (st.n)
		printf(" original=%llu reserves=%llu%s", st.orig_kb,
		       nsw_reserve_sum(&st),
		       cur != nsw_target_kb(&st) ? " (differs from the state: run swapon/swapoff to repair)" : "");
	printf("\n");
	for (i = 0; i < st.n; i++)
		printf("swap %s (%u:%u) host%d session=%d reserve_kb=%llu%s\n",
		       st.e[i].path, st.e[i].major, st.e[i].minor,
		       st.e[i].host, st.e[i].session, st.e[i].reserve_kb,
		       in_proc_swaps(st.e[i].major, st.e[i].minor) ? "" :
		       " (not active: stale)");
	print_safe_logout();
	close(lock);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = getenv("ISCSI_NETSWAP_STATE_DIR");

	if (dir && *dir)
		state_dir = dir;
	snprintf(state_file, sizeof(state_file), "%s/state", state_dir);
	snprintf(lock_file, sizeof(lock_file), "%s/lock", state_dir);

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "swapon"))
		return cmd_swapon(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "swapoff"))
		return cmd_swapoff(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "status"))
		return cmd_status();
	if (argc == 3 && !strcmp(argv[1], "safe-logout") &&
	    (!strcmp(argv[2], "on") || !strcmp(argv[2], "off") ||
	     !strcmp(argv[2], "status")))
		return cmd_safe_logout(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "logout") && argv[2][0] != '-')
		return cmd_logout(argv[2], 0);
	if (argc == 4 && !strcmp(argv[1], "logout") &&
	    !strcmp(argv[2], "--force"))
		return cmd_logout(argv[3], 1);
	usage(stderr);
	return 2;
}
