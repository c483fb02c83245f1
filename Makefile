# SPDX-License-Identifier: GPL-2.0
#
# iscsi_netswap: one entry point.
#   make            module (when present) and the rig/userspace tools
#   make deps       install every Debian package the project needs (idempotent)
#   make kernel KERNEL=debug|patched   our guest kernels (cached in ~/.cache)
#   make demo       a guest swapping on an iSCSI LUN under pressure, with a report
#   make check      the module's tests; closing line "N passed, N failed"
#   make check-full  those and the reference runs on stock iscsi_tcp
#   make check-debug  every test on the debug kernel (KERNEL=debug)
#   make baseline   stock iscsi_tcp under the swap stress, several scenarios
#   make bench      fio on both transports in one run, with ratios
#   make install    module, modprobe.d rule, iscsi-netswap, iscsid.safe_logout
#                   (DESTDIR honoured)
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

DEB_PACKAGES := build-essential gcc make cpio gzip python3 iproute2 kmod \
	qemu-system-x86 busybox-static open-iscsi tgt targetcli-fb fio \
	linux-image-amd64 linux-headers-amd64 sparse stress-ng clang \
	libclang-rt-14-dev dbus linux-source-6.1 flex bison bc libelf-dev libssl-dev

.PHONY: all deps kernel module tools demo check check-full check-debug baseline bench stress install uninstall clean

all: module tools

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -q && apt-get install -y -q $$missing; \
	fi

# make kernel KERNEL=debug|patched: build (or find in ~/.cache) our kernel.
kernel: deps
	@if [ "$(KERNEL)" != stock ]; then tests/kernel/build.sh $(KERNEL) > /dev/null; fi

# Kbuild writes its objects next to the sources; build a copy under build/
# so the source tree stays clean.
module: deps kernel
	@if [ -f $(MODSRC)/Kbuild ]; then \
		mkdir -p $(MODBUILD) && \
		cp -a $(MODSRC)/. $(MODBUILD)/ && \
		$(MAKE) -C $(KDIR) M=$(abspath $(MODBUILD)) modules; \
	fi

tools: deps
	@. tests/lib/common.sh && rig_build_tools
	@if [ -f userspace/iscsid-plugin/Makefile ]; then \
		$(MAKE) -C userspace/iscsid-plugin; \
	fi

demo: all
	@DEMO_TRANSPORT=$(DEMO_TRANSPORT) tests/demo.sh

check: all
	@tests/run.sh

# every test of check.list on stock iscsi_tcp too (the +iscsi_tcp runs:
# each test's proof that it asserts what stock code does as well)
check-full: all
	@CHECK_FULL=1 tests/run.sh

# the whole suite on the debug kernel (KASAN, lockdep, KFENCE, kmemleak),
# its own self test first among equals
check-debug: all
	@KERNEL=debug tests/run.sh

baseline: all
	@tests/baseline.sh

bench: all
	@bench/fio.sh -t "$(BENCH_TRANSPORTS)" $(BENCH_ARGS)

# The stress suite's long form: RUNS (10) runs of every scenario (or of
# SCENARIOS) on both transports, JOBS (2) guests at a time; the runs go
# into tests/stress/results/long.jsonl and Documentation/stress.md is
# written again from it.
stress: all
	@tests/stress/stress.py -l $(if $(RUNS),-n $(RUNS)) $(if $(JOBS),-j $(JOBS)) $(SCENARIOS)

# Into updates/ so it wins over nothing it must not: iscsi_tcp stays
# installed, and the modprobe.d rule maps requests for it to us.
install:
	@test -f $(MODBUILD)/iscsi_netswap.ko || { echo "run 'make module' first"; exit 1; }
	install -D -m 644 $(MODBUILD)/iscsi_netswap.ko \
		$(DESTDIR)/lib/modules/$(KVER)/updates/iscsi_netswap.ko
	install -D -m 644 userspace/iscsid-plugin/modprobe.d/iscsi_netswap.conf \
		$(DESTDIR)/etc/modprobe.d/iscsi_netswap.conf
	@if [ -x userspace/iscsid-plugin/iscsi-netswap ]; then \
		install -D -m 755 userspace/iscsid-plugin/iscsi-netswap \
			$(DESTDIR)/usr/local/sbin/iscsi-netswap; \
	fi
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
		$(DESTDIR)/etc/modprobe.d/iscsi_netswap.conf \
		$(DESTDIR)/usr/local/sbin/iscsi-netswap
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

clean:
	rm -rf $(BUILD)
	@if [ -f userspace/iscsid-plugin/Makefile ]; then \
		$(MAKE) -C userspace/iscsid-plugin clean; \
	fi
