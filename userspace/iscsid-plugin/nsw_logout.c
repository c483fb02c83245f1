// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi-netswap: logouts of sessions that back swap.
 *
 *   iscsi-netswap safe-logout on|off|status
 *   iscsi-netswap logout [--force] SESSION|DEVICE
 *
 * Every logout form of iscsiadm (-m session -r N -u, -m node -u,
 * --logoutall) is carried out by iscsid, and iscsid refuses one whose
 * session has a disk in /proc/swaps, mounted, or held (dm, md) when its
 * config says iscsid.safe_logout = Yes; open-iscsi ships No. `safe-logout
 * on` sets it (reversibly, nsw_conf.c); iscsid reads it when it starts.
 * `logout` is the same logout with a message that names the swap device,
 * and with --force the way out for an administrator who means it: the
 * session's SCSI devices are deleted first, so that nothing is in use any
 * more, and every page swapped out to them is lost.
 * Documentation/admin-guide.rst, "Logging out".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "nsw_conf.h"
#include "nsw_sys.h"

#define ISCSID_CONF	"/etc/iscsi/iscsid.conf"
#define ISCSID_PID	"/run/iscsid.pid"
#define CONF_MAX	(256 * 1024)

static const char *conf_path(void)
{
	const char *p = getenv("ISCSI_NETSWAP_ISCSID_CONF");

	return p && *p ? p : ISCSID_CONF;
}

/* Replace @path by @text, atomically, keeping its mode and owner. */
static int replace_file(const char *path, const char *text,
			const struct stat *st)
{
	char tmp[PATH_MAX];
	size_t len = strlen(text);
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.iscsi-netswap.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len ||
	    fchmod(fd, st->st_mode & 07777) ||
	    (fchown(fd, st->st_uid, st->st_gid) && errno != EPERM) ||
	    fsync(fd)) {
		err("cannot write %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, path)) {
		err("cannot rename %s to %s: %s", tmp, path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * The running iscsid's pid and when it started (CLOCK_REALTIME, seconds),
 * or 0 when none runs. /proc/PID/stat counts the start in clock ticks of
 * CLOCK_BOOTTIME; the difference of the two clocks now converts it.
 */
static pid_t iscsid_started(double *start)
{
	char buf[1024], comm[64], *p;
	long hz = sysconf(_SC_CLK_TCK);
	struct timespec real, boot;
	unsigned long long ticks;
	long pid;
	int i;

	if (read_text(ISCSID_PID, buf, sizeof(buf)) <= 0)
		return 0;
	pid = strtol(buf, NULL, 10);
	if (pid <= 0 || kill((pid_t)pid, 0))
		return 0;
	snprintf(comm, sizeof(comm), "/proc/%ld/comm", pid);
	if (read_text(comm, buf, sizeof(buf)) <= 0 || strcmp(buf, "iscsid\n"))
		return 0;
	snprintf(comm, sizeof(comm), "/proc/%ld/stat", pid);
	if (read_text(comm, buf, sizeof(buf)) <= 0)
		return 0;
	/* field 22, starttime; the fields after comm's ")" start at 3 */
	p = strrchr(buf, ')');
	for (i = 3; p && i <= 22; i++)
		p = strchr(p + 1, ' ');
	if (!p || clock_gettime(CLOCK_REALTIME, &real) ||
	    clock_gettime(CLOCK_BOOTTIME, &boot))
		return 0;
	ticks = strtoull(p + 1, NULL, 10);
	*start = (double)(real.tv_sec - boot.tv_sec) +
		 (real.tv_nsec - boot.tv_nsec) / 1e9 +
		 (double)ticks / (double)(hz > 0 ? hz : 100);
	return (pid_t)pid;
}

enum guard_state {
	GUARD_OFF, GUARD_ON_NO_DAEMON, GUARD_ON_STALE, GUARD_IN_FORCE,
	GUARD_UNKNOWN,		/* iscsid.conf is not readable (not root) */
};

/* Is iscsid refusing logouts of swap sessions now? */
static enum guard_state guard_state(pid_t *pid)
{
	static char text[CONF_MAX];
	struct stat st;
	double start;

	int r;

	*pid = 0;
	r = read_text(conf_path(), text, sizeof(text));
	if (r == -EACCES)
		return GUARD_UNKNOWN;
	if (r < 0 || !nsw_safe_logout_enabled(text))
		return GUARD_OFF;
	*pid = iscsid_started(&start);
	if (!*pid)
		return GUARD_ON_NO_DAEMON;
	/* the start is counted in ticks, rounded down: one tick of slack */
	if (stat(conf_path(), &st) ||
	    start + 0.01 < st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9)
		return GUARD_ON_STALE;
	return GUARD_IN_FORCE;
}

int print_safe_logout(void)
{
	pid_t pid;
	enum guard_state g = guard_state(&pid);

	switch (g) {
	case GUARD_OFF:
		printf("safe-logout=off: iscsid logs out sessions that back swap (iscsi-netswap safe-logout on)\n");
		break;
	case GUARD_ON_NO_DAEMON:
		printf("safe-logout=on (%s), iscsid not running\n", conf_path());
		break;
	case GUARD_ON_STALE:
		printf("safe-logout=on (%s) but not in force: iscsid (pid %d) started before it was set; restart iscsid\n",
		       conf_path(), (int)pid);
		break;
	case GUARD_IN_FORCE:
		printf("safe-logout=on, in force (iscsid pid %d): logouts of sessions that back swap are refused\n",
		       (int)pid);
		break;
	case GUARD_UNKNOWN:
		printf("safe-logout=unknown: %s is readable by root only\n",
		       conf_path());
		break;
	}
	return g == GUARD_IN_FORCE;
}

const char *safe_logout_name(void)
{
	static const char * const names[] = {
		[GUARD_OFF] = "off",
		[GUARD_ON_NO_DAEMON] = "on-no-daemon",
		[GUARD_ON_STALE] = "on-stale",
		[GUARD_IN_FORCE] = "in-force",
		[GUARD_UNKNOWN] = "unknown",
	};
	pid_t pid;

	return names[guard_state(&pid)];
}

void warn_unsafe_logout(void)
{
	pid_t pid;

	switch (guard_state(&pid)) {
	case GUARD_OFF:
		fprintf(stderr,
			"iscsi-netswap: warning: iscsid.safe_logout is off in %s: an iscsiadm logout of this session would take its swap away; run 'iscsi-netswap safe-logout on' and restart iscsid\n",
			conf_path());
		break;
	case GUARD_ON_STALE:
		fprintf(stderr,
			"iscsi-netswap: warning: iscsid (pid %d) started before iscsid.safe_logout was set: restart iscsid so that it refuses logouts of this session\n",
			(int)pid);
		break;
	default:
		break;
	}
}

int cmd_safe_logout(const char *what)
{
	static char text[CONF_MAX], out[CONF_MAX + 512];
	const char *path = conf_path();
	struct stat st;
	int on = !strcmp(what, "on"), r;

	if (!strcmp(what, "status"))
		return print_safe_logout() ? 0 : 1;
	if (stat(path, &st) || read_text(path, text, sizeof(text)) < 0) {
		err("%s: %s", path, strerror(errno));
		return 1;
	}
	if ((size_t)st.st_size >= sizeof(text) - 1) {
		err("%s: larger than %d bytes; not editing it", path, CONF_MAX);
		return 1;
	}
	r = on ? nsw_safe_logout_on(text, out, sizeof(out)) :
		 nsw_safe_logout_off(text, out, sizeof(out));
	if (r < 0) {
		err("%s: too large to edit", path);
		return 1;
	}
	if (r == 1) {
		if (on)
			printf("iscsid.safe_logout is already Yes in %s\n", path);
		else if (nsw_safe_logout_enabled(text))
			printf("iscsid.safe_logout = Yes in %s was not set by iscsi-netswap: left as it is\n",
			       path);
		else
			printf("iscsid.safe_logout is not on in %s\n", path);
		return 0;
	}
	if (replace_file(path, out, &st))
		return 1;
	printf("%s: iscsid.safe_logout %s; restart iscsid for it to take effect\n",
	       path, on ? "= Yes (logouts of sessions in use are refused)" :
	       "restored to what it was before 'safe-logout on'");
	return 0;
}

/* The session number that @what names: a number, or a disk of it. */
static int session_of(const char *what)
{
	int sid = component_num(what, "");

	return sid >= 0 ? sid : session_of_device(what);
}

/* Is the block device whose sysfs directory is @dir an active swap area? */
static int dir_is_swap(const char *dir)
{
	unsigned int maj, min;

	return !blockdir_dev(dir, &maj, &min) && in_proc_swaps(maj, min);
}

static void add_name(char *list, size_t len, const char *name)
{
	size_t used = strlen(list);

	snprintf(list + used, len - used, "%s/dev/%s", used ? " " : "", name);
}

/*
 * The swap areas on a disk (@block: .../block/sdX): the disk, its
 * partitions, and the devices that hold either (dm, md). Their names go
 * into @list; return how many.
 */
static int disk_swaps(const char *block, char *list, size_t len)
{
	char p[2 * PATH_MAX], q[PATH_MAX];
	struct dirent *de, *he;
	DIR *d, *h;
	int n = 0;

	if (dir_is_swap(block)) {
		add_name(list, len, strrchr(block, '/') + 1);
		n++;
	}
	/* the disk's partitions, then everything holding disk or partition */
	d = opendir(block);
	while (d && (de = readdir(d))) {
		int part;

		snprintf(p, sizeof(p), "%s/%s/partition", block, de->d_name);
		part = !access(p, F_OK);
		if (part) {
			snprintf(p, sizeof(p), "%s/%s", block, de->d_name);
			if (dir_is_swap(p)) {
				add_name(list, len, de->d_name);
				n++;
			}
		}
		if (!part && strcmp(de->d_name, "holders"))
			continue;
		if (part)
			snprintf(p, sizeof(p), "%s/%s/holders", block, de->d_name);
		else
			snprintf(p, sizeof(p), "%s/holders", block);
		h = opendir(p);
		while (h && (he = readdir(h))) {
			if (he->d_name[0] == '.')
				continue;
			snprintf(q, sizeof(q), "/sys/class/block/%s", he->d_name);
			if (dir_is_swap(q)) {
				add_name(list, len, he->d_name);
				n++;
			}
		}
		if (h)
			closedir(h);
	}
	if (d)
		closedir(d);
	return n;
}

typedef int sdev_fn(const char *dir, void *arg);

/*
 * Call @fn for each SCSI device of session @sid, with its sysfs directory
 * .../targetH:C:T/H:C:T:L; stop at a non-zero return and pass it on.
 */
static int session_sdevs_walk(int sid, sdev_fn *fn, void *arg)
{
	char p[PATH_MAX], t[PATH_MAX + 300];
	struct dirent *te, *le;
	DIR *td, *ld;
	int r = 0;

	snprintf(p, sizeof(p), ISCSI_SESSIONS "/session%d/device", sid);
	td = opendir(p);
	if (!td)
		return -ENOENT;
	while (!r && (te = readdir(td))) {
		if (strncmp(te->d_name, "target", 6))
			continue;
		snprintf(t, sizeof(t), "%s/%s", p, te->d_name);
		ld = opendir(t);
		while (!r && ld && (le = readdir(ld))) {
			char l[PATH_MAX + 600];

			if (!strchr(le->d_name, ':'))
				continue;
			snprintf(l, sizeof(l), "%s/%s", t, le->d_name);
			r = fn(l, arg);
		}
		if (ld)
			closedir(ld);
	}
	closedir(td);
	return r;
}

struct swap_list {
	char names[1024];
	int n;
};

static int sdev_swaps(const char *sdev, void *arg)
{
	struct swap_list *sl = arg;
	char b[PATH_MAX], disk[PATH_MAX + 300];
	struct dirent *de;
	DIR *d;

	snprintf(b, sizeof(b), "%s/block", sdev);
	d = opendir(b);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(disk, sizeof(disk), "%s/%s", b, de->d_name);
		sl->n += disk_swaps(disk, sl->names, sizeof(sl->names));
	}
	if (d)
		closedir(d);
	return 0;
}

static int sdev_delete(const char *sdev, void *arg)
{
	char p[PATH_MAX + 16];
	int r;

	(void)arg;
	snprintf(p, sizeof(p), "%s/delete", sdev);
	fprintf(stderr, "iscsi-netswap: --force: deleting SCSI device %s\n",
		strrchr(sdev, '/') + 1);
	r = write_text(p, "1\n");
	if (r)
		err("cannot write %s: %s", p, strerror(-r));
	return r;
}

int cmd_logout(const char *what, int force)
{
	struct swap_list sl = { "", 0 };
	char sid_text[16], t[PATH_MAX], target[256] = "?";
	int sid = session_of(what);

	if (sid < 0)
		return 1;
	snprintf(t, sizeof(t), ISCSI_SESSIONS "/session%d/targetname", sid);
	if (read_text(t, target, sizeof(target)) < 0) {
		err("no iSCSI session %d", sid);
		return 1;
	}
	target[strcspn(target, "\n")] = '\0';
	session_sdevs_walk(sid, sdev_swaps, &sl);
	if (sl.n && !force) {
		err("session %d (%s) backs active swap on %s: logging it out would lose every page swapped out there.\n"
		    "Turn that swap off first: 'swapoff %s' (or 'iscsi-netswap swapoff %s' if iscsi-netswap turned it on), then log out.\n"
		    "'iscsi-netswap logout --force %d' tears the session down anyway.",
		    sid, target, sl.names, sl.names, sl.names, sid);
		return 1;
	}
	if (sl.n) {
		fprintf(stderr,
			"iscsi-netswap: --force: session %d backs active swap on %s; its pages there are lost\n",
			sid, sl.names);
		if (session_sdevs_walk(sid, sdev_delete, NULL))
			return 1;
	}
	snprintf(sid_text, sizeof(sid_text), "%d", sid);
	fflush(stdout);
	execlp("iscsiadm", "iscsiadm", "-m", "session", "-r", sid_text, "-u",
	       (char *)NULL);
	err("cannot run iscsiadm: %s", strerror(errno));
	return 1;
}
