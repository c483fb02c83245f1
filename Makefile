# SPDX-License-Identifier: GPL-2.0
#
# iscsi_netswap: one entry point.
#   make            the module and the iscsi-netswap tool: a compiler and the
#                   kernel headers are all it needs (nothing is installed)
#   make deps       install the Debian packages the tests, demo, bench and
#                   our kernels need (idempotent, no recommends)
#   make kernel KERNEL=debug|patched   our guest kernels (cached in ~/.cache)
#   make demo       a guest swapping on an iSCSI LUN under pressure, with a report
#   make check      the module's tests; closing line "N passed, N failed"
#   make check-full  those and the reference runs on stock iscsi_tcp
#   make check-debug  every test on the debug kernel (KERNEL=debug)
#   make baseline   stock iscsi_tcp under the swap stress, several scenarios
#   make bench      fio on both transports in one run, with ratios
#   make install    module, modprobe.d rule, iscsi-netswap with its man pages
#                   and bash completion, iscsid.safe_logout (DESTDIR, PREFIX)
#   make clean

SHELL := /bin/bash
# The running kernel if its headers are here, else Debian's newest 6.1
# (the guests' kernel: this build host may run another one).
KVER ?= $(shell k=$$(uname -r); if [ -d /lib/modules/$$k/build ]; then echo $$k; else \
	ls /boot/vmlinuz-6.1.*-amd64 2>/dev/null | sed 's|.*/vmlinuz-||' | sort -V | tail -1; fi)
BUILD := $(CURDIR)/build
MODSRC := drivers/scsi/iscsi_netswap
# The guest kernel: stock (Debian's), or one of ours built from
# linux-source-6.1 by tests/kernel/build.sh (debug: KASAN, lockdep, KFENCE,
# kmemleak; patched: mm-patches/ applied); the module is built against it.
KERNEL ?= stock
ifneq ($(KERNEL),stock)
KERNEL_DIR := $(shell tests/kernel/build.sh --path $(KERNEL))
KDIR := $(KERNEL_DIR)/obj
MODBUILD ?= $(BUILD)/module-$(KERNEL)
KVER := $(shell cat $(KERNEL_DIR)/release 2>/dev/null)
endif
KDIR ?= /lib/modules/$(KVER)/build
# where the module is built; a second tree (MODBUILD=build/dev) keeps a
# build under test apart from the one other guests are loading
MODBUILD ?= $(BUILD)/module
DEMO_TRANSPORT ?= iscsi_netswap
BENCH_TRANSPORTS ?= iscsi_tcp iscsi_netswap

# What the tests, the demo, the benchmarks and our kernels use, each named:
# `make deps` installs no recommended package. The rig: qemu (and
# ovmf-less seabios, which it depends on), busybox-static for the guests'
# initramfs, open-iscsi (iscsiadm/iscsid in the guests), tgt and
# targetcli-fb (targets), fio, stress-ng, Debian's kernel and headers for
# the guests; the checks: sparse, clang with libclang-rt (fuzzers); our
# kernels: linux-source-6.1 and what Kbuild needs (flex, bison, bc, libelf,
# libssl, cpio, kmod); dbus for targetcli's service; python3 and iproute2
# for the rig's scripts; dkms, dpkg-dev, debhelper, dh-dkms and lintian
# for `make deb`, `make dkms` and their tests.
DEB_PACKAGES := build-essential gcc make cpio gzip python3 iproute2 kmod \
	qemu-system-x86 busybox-static open-iscsi tgt targetcli-fb fio \
	linux-image-amd64 linux-headers-amd64 sparse stress-ng clang \
	libclang-rt-14-dev dbus linux-source-6.1 flex bison bc libelf-dev libssl-dev \
	xz-utils util-linux dkms dpkg-dev debhelper dh-dkms lintian
PREFIX ?= /usr/local

.PHONY: all deps kernel module tool deb dkms demo check check-full check-debug baseline bench stress install uninstall clean

all: module tool

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	fi

# make kernel KERNEL=debug|patched: build (or find in ~/.cache) our kernel.
kernel: deps
	@if [ "$(KERNEL)" != stock ]; then tests/kernel/build.sh $(KERNEL) > /dev/null; fi

# Kbuild writes its objects next to the sources; build a copy under build/
# so the source tree stays clean. Against Debian's kernel this needs only
# its headers; KERNEL=debug|patched builds (or finds) that kernel first.
module: $(if $(filter stock,$(KERNEL)),,kernel)
	@test -d $(KDIR) || { echo "no kernel headers in $(KDIR): apt-get install linux-headers-$(KVER)"; exit 1; }
	@mkdir -p $(MODBUILD) && \
		cp -a $(MODSRC)/. $(MODBUILD)/ && \
		$(MAKE) -C $(KDIR) M=$(abspath $(MODBUILD)) modules

tool:
	@$(MAKE) -C userspace/iscsid-plugin

# The Debian packages (debian/): built from a copy of the tree under
# build/deb/ (dpkg-buildpackage writes beside the source), checked by
# lintian; the .debs land in build/deb/.
deb:
	@missing=$$(for p in dpkg-dev debhelper dh-dkms lintian; do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); [ -z "$$missing" ] || { echo "make deb needs: apt-get install --no-install-recommends $$missing"; exit 1; }
	@rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/src
	@git ls-files -z --cached --others --exclude-standard | \
		grep -zv '^\(tests/stress/results\|Documentation/[^A]\|bench\|mm-patches\)' | \
		xargs -0 cp --parents -t $(BUILD)/deb/src
	cd $(BUILD)/deb/src && dpkg-buildpackage -us -uc -b
	@cd $(BUILD)/deb && lintian --fail-on error,warning --info iscsi-netswap_$(VERSION)_*.changes

# make dkms: the module's source under /usr/src for DKMS, then dkms add,
# build and install for the running kernel (and, through DKMS's kernel
# hooks, for each kernel installed later).
# Run again, it replaces what an earlier run registered; it leaves alone a
# tree the iscsi-netswap-dkms package installed.
VERSION = $(shell userspace/iscsid-plugin/version.sh)
dkms:
	@v=$(VERSION); src=$(DESTDIR)/usr/src/iscsi_netswap-$$v; \
	if dpkg -S $$src > /dev/null 2>&1; then \
		echo "$$src belongs to a package (dpkg -S): remove it first"; exit 1; fi; \
	if [ -z "$(DESTDIR)" ] && dkms status -m iscsi_netswap -v $$v | grep -q .; then \
		dkms remove -m iscsi_netswap -v $$v --all; fi; \
	rm -rf $$src && mkdir -p $$src && cp -a $(MODSRC)/. $$src/ && \
	install -m 644 userspace/iscsid-plugin/dkms.conf $$src/dkms.conf && \
	if [ -z "$(DESTDIR)" ]; then \
		dkms add -m iscsi_netswap -v $$v && \
		dkms install -m iscsi_netswap -v $$v -k $(KVER); \
	fi

# The rig (guests, targets, our kernels) is for these targets only; the
# packages go in before anything is built (also under make -j).
RIG_PREPARE = @$(MAKE) --no-print-directory deps && $(MAKE) --no-print-directory all

demo:
	$(RIG_PREPARE)
	@DEMO_TRANSPORT=$(DEMO_TRANSPORT) tests/demo.sh

check:
	$(RIG_PREPARE)
	@tests/run.sh

# every test of check.list on stock iscsi_tcp too (the +iscsi_tcp runs:
# each test's proof that it asserts what stock code does as well)
check-full:
	$(RIG_PREPARE)
	@CHECK_FULL=1 tests/run.sh

# the whole suite on the debug kernel (KASAN, lockdep, KFENCE, kmemleak),
# its own self test first among equals
check-debug:
	$(RIG_PREPARE)
	@KERNEL=debug tests/run.sh

baseline:
	$(RIG_PREPARE)
	@tests/baseline.sh

bench:
	$(RIG_PREPARE)
	@bench/fio.sh -t "$(BENCH_TRANSPORTS)" $(BENCH_ARGS)

# The stress suite's long form: RUNS (10) runs of every scenario (or of
# SCENARIOS) on both transports, JOBS (2) guests at a time; the runs go
# into tests/stress/results/long.jsonl and Documentation/stress.md is
# written again from it.
stress:
	$(RIG_PREPARE)
	@tests/stress/stress.py -l $(if $(RUNS),-n $(RUNS)) $(if $(JOBS),-j $(JOBS)) $(SCENARIOS)

# Into updates/ so it wins over nothing it must not: iscsi_tcp stays
# installed, and the modprobe.d rule maps requests for it to us.
install: tool
	@test -f $(MODBUILD)/iscsi_netswap.ko || { echo "run 'make module' first"; exit 1; }
	install -D -m 644 $(MODBUILD)/iscsi_netswap.ko \
		$(DESTDIR)/lib/modules/$(KVER)/updates/iscsi_netswap.ko
	install -D -m 644 userspace/iscsid-plugin/modprobe.d/iscsi_netswap.conf \
		$(DESTDIR)/etc/modprobe.d/iscsi_netswap.conf
	$(MAKE) -C userspace/iscsid-plugin install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi
	@# iscsid refuses logouts of sessions that back swap (admin-guide.rst,
	@# "Logging out"); it reads the setting when it starts
	@if [ -z "$(DESTDIR)" ] && [ -f /etc/iscsi/iscsid.conf ]; then \
		userspace/iscsid-plugin/iscsi-netswap safe-logout on; \
	fi

uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -f /etc/iscsi/iscsid.conf ] && \
	    [ -x userspace/iscsid-plugin/iscsi-netswap ]; then \
		userspace/iscsid-plugin/iscsi-netswap safe-logout off; \
	fi
	rm -f $(DESTDIR)/lib/modules/$(KVER)/updates/iscsi_netswap.ko \
		$(DESTDIR)/etc/modprobe.d/iscsi_netswap.conf
	$(MAKE) -C userspace/iscsid-plugin uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

clean:
	rm -rf $(BUILD)
	@if [ -f userspace/iscsid-plugin/Makefile ]; then \
		$(MAKE) -C userspace/iscsid-plugin clean; \
	fi
