# SPDX-License-Identifier: GPL-2.0
# Frame for a rig test: one file holds the host part (target, VM) and the
# guest part, so a test reads top to bottom. A test defines host_main and
# guest_main and ends with `test_main "$@"`.
#
# Host side: TRANSPORT (iscsi_tcp|iscsi_netswap), TEST_NAME, TEST_OUT (its
# result directory); the exit status is the test's verdict.
# Guest side: run by the rig as `TEST_FILE --guest ARGS...`.

TEST_FILE=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
TRANSPORT=${TRANSPORT:-iscsi_tcp}
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# test_vm [run-vm options] -- ARGS: run this file's guest part in a rig
# guest that reaches the test's tgtd; logs land in $TEST_OUT/vm. On the
# debug kernel everything runs slower (KASAN, kmemleak, lockdep under
# emulation): the wall-clock limit (-t) is multiplied by RIG_TIME_FACTOR.
test_vm() {
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		if [ "$1" = -t ] && [ $# -gt 1 ]; then
			opts+=(-t "$(($2 * RIG_TIME_FACTOR))")
			shift 2
			continue
		fi
		opts+=("$1")
		shift
	done
	shift
	[ -n "${TGT_PORT:-}" ] && opts+=(-f "3260:$TGT_PORT")
	"$RIG_REPO/tests/vm/run-vm.sh" -o "$TEST_OUT/vm" \
		-e "TRANSPORT=$TRANSPORT" -e "NETSWAP_PARAMS=${NETSWAP_PARAMS:-}" \
		-e "NETSWAP_KO=${NETSWAP_KO:-$RIG_MODULE}" \
		"${opts[@]}" -- "$TEST_FILE" --guest "$@"
	local rc=$?
	case $rc in
	0) ;;
	124) echo "$TEST_NAME: guest STALLED (time limit); evidence in $TEST_OUT/vm" ;;
	126) echo "$TEST_NAME: kernel WARN/BUG/oops/hung task in $TEST_OUT/vm/console.log" ;;
	*) echo "$TEST_NAME: guest part failed (status $rc)" ;;
	esac
	if [ $rc != 0 ] && [ -f "$TEST_OUT/vm/guest.log" ]; then
		echo "--- last lines of $TEST_OUT/vm/guest.log"
		tail -25 "$TEST_OUT/vm/guest.log"
	fi
	return $rc
}

test_cleanup() {
	if declare -F tgt_stop > /dev/null; then
		tgt_stop
	fi
	if declare -F host_cleanup > /dev/null; then
		host_cleanup
	fi
}

test_main() {
	if [ "${1:-}" = "--guest" ]; then
		shift
		# shellcheck source=guest.sh
		. "$RIG_REPO/tests/lib/guest.sh"
		guest_main "$@"
		exit $?
	fi
	# shellcheck source=tgt.sh
	. "$RIG_REPO/tests/lib/tgt.sh"
	TEST_OUT=${TEST_OUT:-$RIG_TESTS/$TRANSPORT/$TEST_NAME}
	rm -rf "$TEST_OUT"
	mkdir -p "$TEST_OUT"
	trap test_cleanup EXIT
	local t0=$SECONDS rc=0
	host_main "$@" || rc=$?
	if [ $rc = 0 ]; then
		# the LUN files are evidence only when the test failed; a
		# make check would otherwise leave gigabytes of them
		rm -f "$TEST_OUT"/tgt/lun*
		echo "PASS $TRANSPORT/$TEST_NAME ($((SECONDS - t0)) s)"
	else
		echo "FAIL $TRANSPORT/$TEST_NAME ($((SECONDS - t0)) s, status $rc; logs in $TEST_OUT)"
	fi
	exit $rc
}
