#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress.sh - the stress suite: every scenario of tests/stress/scenarios on
# stock iscsi_tcp and on iscsi_netswap in one run, with a summary table.
#
# usage: tests/stress/stress.sh [-l] [-n RUNS] [-j JOBS] [-t "TRANSPORTS"] [-a "TRANSPORTS"] [-R "RUN..."] [SCENARIO...]
#   (default)  short form (make check): one run of each scenario per
#              transport in a 192 MiB guest; prints the summary
#   -l         long form (make stress): RUNS runs (10) in a 256 MiB guest;
#              also rewrites Documentation/stress.md below its marker
#   -n RUNS    runs per scenario and transport
#   -j JOBS    guests at a time (short form 1: make check runs other
#              tests beside it; long form 2, one per host core)
#   -t LIST    transports (default: "iscsi_tcp iscsi_netswap")
#   -a LIST    transports whose every run must pass (default:
#              iscsi_netswap); the others are reported, not asserted
#   -L         list the scenarios and exit
#   -R LIST    run again only these run numbers, keeping the others
#              (a run the rig lost, say to a full disk: say so in the doc)
#   -S         run nothing: only the summary (and, with -l, the doc) from
#              the results already under build/stress/FORM
#   SCENARIO   names from tests/stress/scenarios (default: all)
#
# Each run is tests/func/swap-stress.sh with the scenario's knobs. A run
# that makes no progress (the hog's page counters in its once-a-second
# timeline flat) for STALL_SECS is stopped (sysrq w and
# m to the console first) and counted as a stall. Exit status: 0 when
# every run of an asserted transport passed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"

form=short runs="" jobs="" transports="iscsi_tcp iscsi_netswap" asserted=iscsi_netswap only_summary=0 rerun=""
while getopts "ln:j:t:a:R:LS" opt; do
	case $opt in
	l) form=long ;;
	n) runs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	t) transports=$OPTARG ;;
	a) asserted=$OPTARG ;;
	L) grep -v '^#' "$here/scenarios" | cut -d'|' -f1,3; exit 0 ;;
	R) rerun=$OPTARG ;;
	S) only_summary=1 ;;
	*) sed -n '7,24s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

case $form in
short)
	runs=${runs:-1}
	jobs=${jobs:-1}
	base="SWAP_GUEST_MIB=192 HOG_PROCS=4 SWAP_LIMIT=900 STALL_SECS=120"
	;;
long)
	runs=${runs:-10}
	jobs=${jobs:-2}
	base="SWAP_GUEST_MIB=256 HOG_PROCS=4 SWAP_LIMIT=1500 STALL_SECS=180"
	;;
esac
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "stress: bad run count '$runs'" >&2; exit 2; }
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "stress: bad job count '$jobs'" >&2; exit 2; }
[[ $rerun =~ ^[[:space:]]*([1-9][0-9]*[[:space:]]*)*$ ]] || { echo "stress: bad run list '$rerun'" >&2; exit 2; }

# environment of a transport
transport_env() {
	case $1 in
	iscsi_netswap) echo "SWAP_TOOL=1 NETSWAP_PARAMS=memalloc=swap" ;;
	*) echo "" ;;
	esac
}

scenarios=()
while IFS= read -r line; do
	line=${line%%#*}
	[ -n "${line//[[:space:]]/}" ] || continue
	scenarios+=("$line")
done < "$here/scenarios"
field() { # field LINE N: the Nth |-field, trimmed
	echo "$1" | cut -d'|' -f"$2" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'
}
names=" "
for sc in "${scenarios[@]}"; do
	names="$names$(field "$sc" 1) "
done
for s in "$@"; do
	[[ $names == *" $s "* ]] || { echo "stress: no scenario '$s' (have:$names)" >&2; exit 2; }
done
[ $# -gt 0 ] && wanted=" $* " || wanted=""

work=$RIG_BUILD/stress/$form
mkdir -p "$work"

# progress TIMELINE: the hog's own counters (pages written, verified,
# bad: fields 4-6) of its last line. Swap and device counters do not
# count: on stock iscsi_tcp after replacement_timeout pswpout and the
# device's completed writes climb without end while every swap write
# fails and the hog makes no page.
progress() {
	tail -1 "$1" 2>/dev/null | cut -d' ' -f4-6
}

# watch PID OUT STALL_SECS: wait for a run; stop its guest if its
# timeline shows no progress for STALL_SECS. Status 3 if it did.
watch() {
	local pid=$1 vm=$2/vm stall=$3 last="" cur since=$SECONDS
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		if [ ! -f "$vm/timeline" ] || [ -e "$vm/result" ]; then
			since=$SECONDS
			continue
		fi
		cur=$(progress "$vm/timeline")
		if [ "$cur" != "$last" ]; then
			last=$cur
			since=$SECONDS
		elif [ $((SECONDS - since)) -ge "$stall" ]; then
			rig_log "stress: no progress for ${stall}s: stopping the guest"
			echo "$stall" > "$2/stalled"
			rig_monitor "$vm/monitor.sock" "sendkey alt-sysrq-w"
			sleep 3
			rig_monitor "$vm/monitor.sock" "sendkey alt-sysrq-m"
			sleep 3
			rig_monitor "$vm/monitor.sock" quit
			wait "$pid"
			return 3
		fi
	done
	wait "$pid"
}

# outcome OUT RC: pass, stall, OOM, panic, WARN or fail
outcome() {
	local out=$1 rc=$2 con=$1/vm/console.log ooms
	ooms=$(sed -n 's/^oom_kills=//p' "$out/vm/result" 2>/dev/null)
	if [ -e "$out/stalled" ]; then
		echo "stall"
	elif [ "$rc" = 0 ]; then
		echo "pass"
	elif [ "$rc" = 124 ]; then
		echo "stall"
	elif grep -qa 'Kernel panic' "$con" 2>/dev/null; then
		echo "panic"
	elif [ -n "$ooms" ] && [ "$ooms" != 0 ] || grep -qa 'oom-kill' "$con" 2>/dev/null; then
		echo "OOM"
	elif [ "$rc" = 126 ]; then
		echo "WARN"
	else
		echo "fail"
	fi
}

# run_one SCENARIO TRANSPORT RUN: one guest; leaves OUT/info (key=value)
run_one() {
	local name=$1 tr=$2 run=$3 envs out rc t0 stall oc
	envs="$base $(transport_env "$tr") $4"
	out=$work/$name/$tr-$run
	rm -rf "$out" "$out.log"
	mkdir -p "$(dirname "$out")"
	stall=$(echo "$envs" | tr ' ' '\n' | sed -n 's/^STALL_SECS=//p' | tail -1)
	rig_log "stress: $name $tr run $run/$runs"
	t0=$SECONDS
	# shellcheck disable=SC2086
	env $envs TRANSPORT="$tr" TEST_OUT="$out" "$RIG_REPO/tests/func/swap-stress.sh" \
		> "$out.log" 2>&1 &
	watch $! "$out" "$stall"
	rc=$?
	oc=$(outcome "$out" "$rc")
	{
		echo "scenario=$name"
		echo "transport=$tr"
		echo "run=$run"
		echo "outcome=$oc"
		echo "status=$rc"
		echo "wall_s=$((SECONDS - t0))"
		echo "date=$(date -u '+%Y-%m-%d %H:%M')"
		echo "nic=$RIG_NIC"
		echo "longest_flat_s=$(rig_longest_stall "$out/vm/timeline")"
		# the longest time the target was away, from the kill to taking
		# logins again (swap-stress.sh's outage())
		echo "target_away_s=$(awk '{ if ($3 - $2 > m) m = $3 - $2 } END { if (NR) printf "%.1f", m }' \
			"$out/vm/outage.times" 2>/dev/null)"
		if [ -s "$out/vm/result" ]; then
			grep -v '^transport=' "$out/vm/result"
		elif [ -s "$out/vm/timeline" ]; then
			# no result (the guest was stopped or died): how far the hog got
			tail -1 "$out/vm/timeline" | awk -v hog="$(echo "$envs" | tr ' ' '\n' | sed -n 's/^HOG_MIB=//p' | tail -1)" \
				-v mem="$(echo "$envs" | tr ' ' '\n' | sed -n 's/^SWAP_GUEST_MIB=//p' | tail -1)" \
				'{ printf "pages=%d\nwritten=%d\nverified=%d\nbad=%d\npswpout=%d\npartial=1\n", (hog ? hog : 4 * mem) * 256, $4, $5, $6, $3 }'
			echo "swap_write_errors=$(grep -ac 'Write-error on swap-device' "$out/vm/console.log" 2>/dev/null)"
			echo "longest_io_gap_s=$(rig_longest_io_gap "$out/vm/timeline")"
		fi
	} > "$out.info"
	# the run's LUN files (1 GiB and more each) have served: a long batch
	# would otherwise fill the disk
	rm -f "$out"/tgt/lun*
	rig_log "stress: $name $tr run $run: $oc ($((SECONDS - t0)) s)"
}

# Up to $jobs runs at a time, in the order
# scenario, run, transport: the transports of a run sit side by side in
# time and see the same neighbours.
running=()
reap() { # reap N: wait until fewer than N runs are going
	local p alive
	while :; do
		alive=()
		for p in "${running[@]}"; do
			kill -0 "$p" 2>/dev/null && alive+=("$p")
		done
		running=("${alive[@]}")
		[ ${#running[@]} -lt "$1" ] && return
		sleep 2
	done
}
stop_runs() {
	local p
	for p in "${running[@]}"; do
		kill -TERM -- "-$p" 2>/dev/null
	done
	wait
	exit 130
}
trap stop_runs INT TERM
set -m	# each run in its own process group, so stop_runs reaches its guest
for sc in "${scenarios[@]}"; do
	[ $only_summary = 0 ] || break
	name=$(field "$sc" 1)
	[ -z "$wanted" ] || [[ $wanted == *" $name "* ]] || continue
	# a new batch replaces the scenario's runs of the transports it runs
	# (the stock runs of an outage scenario may come from a batch of their own)
	[ -n "${rerun// /}" ] || for tr in $transports; do
		rm -rf "${work:?}/$name/$tr"-*
	done
	for run in ${rerun:-$(seq "$runs")}; do
		for tr in $transports; do
			reap "$jobs"
			( run_one "$name" "$tr" "$run" "$(field "$sc" 2)" ) &
			running+=($!)
		done
	done
done
reap 1
set +m
trap - INT TERM

# ---- summary ----------------------------------------------------------

# infos [all]: the run infos of this invocation's scenarios (all: of every
# scenario with results, its latest batch), in table order: scenarios as
# listed, transports as run (stock first), runs in order
infos() {
	local sc name tr
	for sc in "${scenarios[@]}"; do
		name=$(field "$sc" 1)
		[ "${1:-}" = all ] || [ -z "$wanted" ] || [[ $wanted == *" $name "* ]] || continue
		for tr in iscsi_tcp iscsi_netswap; do
			find "$work/$name" -maxdepth 1 -name "$tr-*.info" 2>/dev/null | sort -V
		done
		find "$work/$name" -maxdepth 1 -name '*.info' ! -name 'iscsi_tcp-*' \
			! -name 'iscsi_netswap-*' 2>/dev/null | sort -V
	done
}

# awk functions both tables use: sort(a, n) in place, median(a, n)
awk_stats='
	function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t } }
	function median(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
'

# summary INFO...: one row per scenario and transport
summary() {
	echo '| scenario | transport | runs | pass | stall | OOM | other | pages verified | elapsed s, median (min-max) | pswpout/s, median |'
	echo '|---|---|---|---|---|---|---|---|---|---|'
	# shellcheck disable=SC2046
	awk -F= '
	FNR == 1 { n++ }
	{ v[n, $1] = substr($0, length($1) + 2) }
	END {
		for (i = 1; i <= n; i++) {
			k = v[i, "scenario"] "|" v[i, "transport"]
			if (!(k in runs)) order[++nk] = k
			runs[k]++
			o = v[i, "outcome"]
			if (o == "pass" || o == "stall" || o == "OOM") c[k, o]++; else c[k, "other"]++
			ver[k] += v[i, "verified"]; pages[k] += v[i, "pages"]; bad[k] += v[i, "bad"]
			if (v[i, "elapsed_s"] != "") {
				m = ++ne[k]; el[k, m] = v[i, "elapsed_s"] + 0
				ps[k, m] = v[i, "elapsed_s"] > 0 ? v[i, "pswpout"] / v[i, "elapsed_s"] : 0
			}
		}
		for (j = 1; j <= nk; j++) {
			k = order[j]; split(k, p, "|")
			med = "-"; mps = "-"
			if (ne[k]) {
				for (a = 1; a <= ne[k]; a++) { x[a] = el[k, a]; y[a] = ps[k, a] }
				sort(x, ne[k]); sort(y, ne[k])
				med = sprintf("%.0f (%.0f-%.0f)", median(x, ne[k]), x[1], x[ne[k]])
				mps = sprintf("%.0f", median(y, ne[k]))
			}
			printf "| %s | %s | %d | %d | %d | %d | %d | %d / %d%s | %s | %s |\n", p[1], p[2], runs[k],
				c[k, "pass"], c[k, "stall"], c[k, "OOM"], c[k, "other"], ver[k], pages[k],
				bad[k] ? sprintf(", %d bad", bad[k]) : "", med, mps
		}
	}
	'"$awk_stats" "$@"
}

# outages INFO...: the outage scenarios' figures, one row per scenario
# and transport (issue 5): how long the connection was down, as the
# module measures it (failure seen to full feature phase again); the
# longest stretch in which the swap device completed no I/O (the I/O
# stall: runs since hog -d); and the longest in which no swap I/O was
# even submitted (pswpin/pswpout count at submission, so this one is
# the shorter: reads and writes are still queued early in an outage).
# The target's time away runs from the kill to tgtd taking logins again
# (its restart included); issue 5's target is a stall within 3 s of it.
outages() {
	local f sc list=" "
	for sc in "${scenarios[@]}"; do
		[[ $(field "$sc" 2) == *OUTAGE_SECS=* ]] && list="$list$(field "$sc" 1) "
	done
	for f in "$@"; do
		[[ $list == *" $(sed -n 's/^scenario=//p' "$f") "* ]] && echo "$f"
	done | xargs -r awk -F= '
	FNR == 1 { n++ }
	{ v[n, $1] = substr($0, length($1) + 2) }
	END {
		print "| scenario | transport | runs | pass | in-kernel recoveries | target away s, median (max) | connection down s, median (max) | I/O stall: longest with no swap I/O completed s, median (max) | stall - away s, max | longest with no swap I/O submitted s, median (max) | errors to iscsid | swap write errors | bad pages |"
		print "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
		for (i = 1; i <= n; i++) {
			k = v[i, "scenario"] "|" v[i, "transport"]
			if (!(k in runs)) order[++nk] = k
			runs[k]++
			if (v[i, "outcome"] == "pass") pass[k]++
			rec[k] += v[i, "recoveries"]; ie[k] += v[i, "iscsi_errors"]
			swe[k] += v[i, "swap_write_errors"]; bad[k] += v[i, "bad"]
			if (v[i, "recovery_max_ms"] > 0) dn[k, ++nd[k]] = v[i, "recovery_max_ms"] / 1000
			if (v[i, "longest_flat_s"] != "") fl[k, ++nf[k]] = v[i, "longest_flat_s"] + 0
			if (v[i, "longest_io_gap_s"] != "") gp[k, ++ng[k]] = v[i, "longest_io_gap_s"] + 0
			if (v[i, "target_away_s"] != "") aw[k, ++na[k]] = v[i, "target_away_s"] + 0
			if (v[i, "longest_io_gap_s"] != "" && v[i, "target_away_s"] != "") {
				d = v[i, "longest_io_gap_s"] - v[i, "target_away_s"]
				if (!(k in ex) || d > ex[k]) ex[k] = d
			}
		}
		for (j = 1; j <= nk; j++) {
			k = order[j]; split(k, p, "|")
			printf "| %s | %s | %d | %d | %d | %s | %s | %s | %s | %s | %d | %d | %d |\n", p[1], p[2], runs[k], pass[k],
				rec[k], stat(aw, k, na[k]), stat(dn, k, nd[k]), stat(gp, k, ng[k]),
				(k in ex) ? sprintf("%+.1f", ex[k]) : "-", stat(fl, k, nf[k]), ie[k], swe[k], bad[k]
		}
	}
	function stat(a, k, m,   i, x) {
		if (!m) return "-"
		for (i = 1; i <= m; i++) x[i] = a[k, i]
		sort(x, m)
		return sprintf("%.1f (%.1f)", median(x, m), x[m])
	}'"$awk_stats"
}

# details INFO...: one row per run
details() {
	echo '| scenario | transport | run | outcome | elapsed s | verified / pages | bad | pswpout | pswpout/s | longest swap stall s | wall s | scenario figures |'
	echo '|---|---|---|---|---|---|---|---|---|---|---|---|'
	local f
	for f in "$@"; do
		awk -F= '
		{ v[$1] = substr($0, length($1) + 2) }
		END {
			x = ""
			# a run taken back from the doc (doc_import.py) has its figures as text
			if ("figures" in v) { x = v["figures"]; v["nic"] = "e1000e" } else {
			if ("fio2_write_iops" in v) x = x sprintf("LUN 2: %s write IOPS; ", v["fio2_write_iops"])
			if ("flood_bytes_read" in v) x = x sprintf("flood: %s conns, %d MiB read, TCP: %s rcvq drops, %s pfmemalloc drops, %s prunes, %s memory pressures; ", v["flood_connected"], v["flood_bytes_read"] / 1048576, v["tcp_rcvq_drops"], v["tcp_pfmemalloc_drops"], v["tcp_prune_called"], v["tcp_memory_pressures"])
			if ("memcg_max_mib" in v) x = x sprintf("memcg: max %s MiB, hit %s times, oom %s; ", v["memcg_max_mib"], v["memcg_events_max"], v["memcg_events_oom_kill"])
			# in-kernel recoveries, and the longest time the connection was down:
			# from the failure seen to full feature phase again (recovery_max_ms)
			if ("recoveries" in v && v["recoveries"] != 0) x = x sprintf("recoveries %s", v["recoveries"]) \
				(v["recovery_max_ms"] > 0 ? sprintf(", longest down %.1f s", v["recovery_max_ms"] / 1000) : "") "; "
			if (v["longest_io_gap_s"] != "") x = x sprintf("longest with no swap I/O completed %s s; ", v["longest_io_gap_s"])
			if (v["iscsi_errors"] > 0) x = x sprintf("%s connection errors to iscsid; ", v["iscsi_errors"])
			if (v["swap_write_errors"] > 0) x = x sprintf("%s swap write errors; ", v["swap_write_errors"])
			if (v["target_away_s"] != "") x = x sprintf("target away %s s; ", v["target_away_s"])
			if ("rx_pfmemalloc_skbs" in v && v["rx_pfmemalloc_skbs"] != 0) x = x sprintf("%s reserve skbs received; ", v["rx_pfmemalloc_skbs"])
			# runs before 2026-11-29 have no nic key: the rig had virtio-net then
			nic = ("nic" in v) ? v["nic"] : "virtio-net-pci"
			if (nic != "e1000e") x = x sprintf("NIC %s; ", nic)
			}
			sub(/; $/, "", x)
			printf "| %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s |\n",
				v["scenario"], v["transport"], v["run"], v["outcome"], v["elapsed_s"],
				v["verified"], v["pages"], v["bad"], v["pswpout"],
				(v["elapsed_s"] > 0 ? sprintf("%.0f", v["pswpout"] / v["elapsed_s"]) : "-"),
				v["longest_flat_s"], v["wall_s"], x
		}' "$f"
	done
}

# evidence INFO...: for every run that did not pass, what the console said.
# On a transport that is not asserted only the first run of a scenario and
# outcome gets its block; the others of the kind are listed after them.
evidence() {
	local f out sc tr oc key
	local -A first=() more=()
	local -a order=()
	for f in "$@"; do
		grep -q '^outcome=pass$' "$f" && continue
		out=${f%.info}
		sc=$(sed -n 's/^scenario=//p' "$f")
		tr=$(sed -n 's/^transport=//p' "$f")
		oc=$(sed -n 's/^outcome=//p' "$f")
		key="$sc $tr $oc"
		if [[ " $asserted " != *" $tr "* ]]; then
			if [ -n "${first[$key]:-}" ]; then
				[ -n "${more[$key]:-}" ] || order+=("$key")
				more[$key]+="${more[$key]:+, }$(sed -n 's/^run=//p' "$f")"
				continue
			fi
			first[$key]=1
		fi
		# a run taken back from the doc: its block as the doc had it
		if [ -f "$out.evidence" ]; then
			cat "$out.evidence"
			continue
		fi
		echo "### $sc on $tr, run $(sed -n 's/^run=//p' "$f"): $oc"
		echo
		echo '```'
		grep -aE 'conn error|connection.*error|recover|Write-error|blocked for more than|Out of memory|oom-kill|Kernel panic|rejecting I/O|offline device|WARNING:|BUG:' \
			"$out/vm/console.log" 2>/dev/null | sed 's/^\[ *\([0-9.]*\)\]/[\1]/' | uniq -c -f1 | head -20
		echo '```'
		echo
		echo "Console totals: $(grep -ac 'Write-error on swap-device' "$out/vm/console.log" 2>/dev/null) swap write errors," \
			"$(grep -ac 'blocked for more than' "$out/vm/console.log" 2>/dev/null) hung-task reports," \
			"$(grep -ac 'page allocation failure' "$out/vm/console.log" 2>/dev/null) page allocation failures."
		if [ -s "$out/vm/guest.log" ]; then
			echo
			echo "guest log (last lines):"
			echo '```'
			grep -v '^\s*$' "$out/vm/guest.log" | tail -6
			echo '```'
		fi
		echo
	done
	[ ${#order[@]} = 0 ] && return 0
	echo "## Further runs that did not pass, on transports not asserted"
	echo
	echo "Each like the block above for its scenario, transport and outcome (figures in the per-run table):"
	echo
	for key in "${order[@]}"; do
		read -r sc tr oc <<< "$key"
		if [[ ${more[$key]} == *,* ]]; then
			echo "- \`$sc\` on $tr, runs ${more[$key]}: $oc"
		else
			echo "- \`$sc\` on $tr, run ${more[$key]}: $oc"
		fi
	done
	echo
}

scenario_list() {
	local sc
	for sc in "${scenarios[@]}"; do
		echo "- \`$(field "$sc" 1)\`: $(field "$sc" 3)$( [ -n "$(field "$sc" 2)" ] && echo " (\`$(field "$sc" 2)\`)")"
	done
}

# The doc is the archive of the long form: the runs it records for a
# scenario and transport that this checkout has not run come back as infos.
if [ $form = long ]; then
	python3 "$here/doc_import.py" "$RIG_REPO/Documentation/stress.md" "$work"
fi

{
	echo "Stress suite, $form form, $runs run(s) per scenario and transport; base \`$base\`;"
	echo "iscsi_netswap: \`$(transport_env iscsi_netswap)\`. Guest kernel $RIG_KVER, NIC $RIG_NIC."
	echo
	# shellcheck disable=SC2046
	summary $(infos)
	echo
	# shellcheck disable=SC2046
	details $(infos)
	echo
	# shellcheck disable=SC2046
	evidence $(infos)
} > "$work/summary.md"
echo
cat "$work/summary.md"

if [ $form = long ]; then
	doc=$RIG_REPO/Documentation/stress.md
	marker='<!-- generated by tests/stress/stress.sh: everything below this line -->'
	[ -f "$doc" ] || printf '# Stress suite\n\n%s\n' "$marker" > "$doc"
	grep -qF "$marker" "$doc" || printf '\n%s\n' "$marker" >> "$doc"
	# shellcheck disable=SC2046
	{
		sed "/$(printf '%s' "$marker" | sed 's/[][\/.*^$]/\\&/g')/q" "$doc"
		echo
		echo "Long form (\`make stress\`): base \`$base\`; on iscsi_netswap"
		echo "\`$(transport_env iscsi_netswap)\`. Guest kernel $RIG_KVER, NIC $RIG_NIC (runs"
		echo "marked \"NIC virtio-net-pci\" predate the switch: Documentation/rig.md). Each scenario's"
		echo "rows come from its latest batch on that transport (dates in the per-run table)."
		echo
		summary $(infos all)
		echo
		echo "Outage scenarios (\"-\": the runs predate that figure):"
		echo
		outages $(infos all)
		echo
		echo "Scenarios:"
		echo
		scenario_list
		echo
		echo "Every run:"
		echo
		details $(infos all)
		echo
		if [ -n "$(evidence $(infos all))" ]; then
			echo "## Evidence from the runs that did not pass"
			echo
			evidence $(infos all)
		fi
	} > "$doc.tmp"
	mv "$doc.tmp" "$doc"
	rig_log "stress: wrote $doc"
fi

# the verdict: every run of an asserted transport passed
failed=0
for f in $(infos); do
	tr=$(sed -n 's/^transport=//p' "$f")
	[[ " $asserted " == *" $tr "* ]] || continue
	grep -q '^imported=1$' "$f" && continue
	if ! grep -q '^outcome=pass$' "$f"; then
		echo "FAILED: $(sed -n 's/^scenario=//p' "$f") on $tr, run $(sed -n 's/^run=//p' "$f"): $(sed -n 's/^outcome=//p' "$f"); logs in ${f%.info}"
		failed=$((failed + 1))
	fi
done
[ $failed = 0 ]
